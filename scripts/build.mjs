// Builds the library (tsc → dist/) and the CLI bundle (esbuild → dist/cli/, one file plus lazily loaded chunks).
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
rmSync(join(root, "dist"), { recursive: true, force: true });

execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", join(root, "tsconfig.build.json")], { stdio: "inherit" });

const generated = join(root, "schemas/generated");
mkdirSync(join(root, "dist/schemas/generated"), { recursive: true });
for (const file of readdirSync(generated)) cpSync(join(generated, file), join(root, "dist/schemas/generated", file));

const result = await build({
  entryPoints: [join(root, "src/cli/run.ts")],
  outdir: join(root, "dist/cli"),
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external: ["ajv", "ajv/*"],
  legalComments: "none",
  minifyWhitespace: true,
  minifySyntax: true,
  metafile: true,
  // CommonJS dependencies (yaml) call require(); give the ESM bundle one.
  banner: { js: 'import { createRequire as __mrapGuardCreateRequire } from "node:module"; const require = __mrapGuardCreateRequire(import.meta.url);' },
  logLevel: "warning",
});

if (process.env.MRAP_GUARD_BUILD_META) {
  const { writeFileSync } = await import("node:fs");
  writeFileSync(join(root, "dist/cli/meta.json"), JSON.stringify(result.metafile));
}
