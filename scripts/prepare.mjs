// npm's `prepare`: runs on `npm install`/`npm ci` in a checkout and before `npm pack`. With the dev tools
// (TypeScript, esbuild) it is the full build. Without them, as when pre-commit installs the hook from the
// repository (`npm install --prod` in its clone) or `npm ci --omit=dev` in the GitHub Action, the CLI bundles
// committed in dist/cli are used as they are, and only their code caches are written.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(root, "package.json"));

function has(name) {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
}

if (has("esbuild") && has("typescript")) {
  await import("./build.mjs");
} else if (existsSync(join(root, "dist/cli/mrap-guard.cjs"))) {
  process.stderr.write("mrap-guard: dev tools absent; using the committed CLI bundle in dist/cli (the library in dist/src is not built)\n");
  const { warmUp } = await import("./warm-up.mjs");
  warmUp(root);
} else {
  process.stderr.write("mrap-guard: cannot build: esbuild and typescript are not installed and dist/cli has no bundle\n");
  process.exit(1);
}
