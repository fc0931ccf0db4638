// Builds the library (tsc → dist/) and the CLI bundles (dist/cli/, see bundle.mjs), then writes the bundles' V8
// code caches with a warm-up run (warm-up.mjs), so start-up stays close to a bare `node -e 0`.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleCli } from "./bundle.mjs";
import { warmUp } from "./warm-up.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
rmSync(dist, { recursive: true, force: true });

execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", join(root, "tsconfig.build.json")], { stdio: "inherit" });

const generated = join(root, "schemas/generated");
mkdirSync(join(dist, "schemas/generated"), { recursive: true });
for (const file of readdirSync(generated)) cpSync(join(generated, file), join(dist, "schemas/generated", file));

await bundleCli(root, join(dist, "cli"));
warmUp(root);
