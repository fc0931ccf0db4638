// mrap-guard/testing as users get it: the packed tarball installed with production dependencies only (as in
// tarball.test.ts), then a consumer's rule tests run with node:test, a framework-neutral run, require(), and a
// TypeScript test file type-checked with tsc --strict against the installed types.
import assert from "node:assert/strict";
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";

const root = join(import.meta.dirname, "..", "..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

interface Packed {
  filename: string;
  files: { path: string }[];
}
interface LockEntry {
  dev?: boolean;
  devOptional?: boolean;
  [key: string]: unknown;
}

const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string; license: string; dependencies: Record<string, string>; bin: unknown; engines: unknown; exports?: Record<string, unknown> };
const skip =
  pkg.exports?.["./testing"] === undefined
    ? "needs the ./testing export in package.json"
    : !existsSync(join(root, "dist/src/testing.js"))
      ? "needs a build with src/testing.ts (node scripts/build.mjs)"
      : false;

function run(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  // Without NODE_TEST_CONTEXT: with it, the consumer's `node --test` takes itself for a file of this run and runs nothing.
  const { NODE_TEST_CONTEXT: _context, ...env } = process.env;
  return spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    timeout: 180_000,
    maxBuffer: 32 * 1024 * 1024,
    env: { ...env, npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" },
  });
}

function ok(result: SpawnSyncReturns<string>, what: string): string {
  assert.equal(result.status, 0, `${what} exited ${result.status}${result.error ? ` (${result.error.message})` : ""}:\n${result.stderr}${result.stdout}`);
  return result.stdout;
}

/** A consumer's tests of the built-in mrap/name-format rule with the option their config sets. */
const CONSUMER_TESTS = `const manifest = (name) => ({ AccountId: "111122223333", MultiRegionAccessPoint: { Name: name, Regions: [{ Bucket: "orders-use1" }] } });
export const tests = {
  valid: [{ name: "a name with the team prefix", options: { prefix: "team-" }, doc: manifest("team-orders") }],
  invalid: [
    {
      name: "a name without it",
      options: { prefix: "team-" },
      doc: manifest("orders-global"),
      errors: [{ messageId: "missingPrefix", pointer: "/MultiRegionAccessPoint/Name", data: { prefix: "team-" } }],
    },
  ],
};
`;

describe("mrap-guard/testing from the installed package", { skip }, () => {
  const work = mkdtempSync(join(tmpdir(), "mrap-guard-testing-export-"));
  const consumer = join(work, "consumer");
  let packed: Packed;

  before(() => {
    // --ignore-scripts: pack the build that `npm ci` made; rebuilding here would rewrite dist/ under the other tests.
    const [first] = JSON.parse(ok(run(npm, ["pack", "--ignore-scripts", "--json", "--pack-destination", work], root), "npm pack")) as Packed[];
    assert.ok(first, "npm pack made no tarball");
    packed = first;
    const tarball = join(work, packed.filename);
    const integrity = `sha512-${createHash("sha512").update(readFileSync(tarball)).digest("base64")}`;
    const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as { packages: Record<string, LockEntry> };
    const spec = `file:../${packed.filename}`;
    const packages: Record<string, unknown> = {
      "": { name: "consumer", version: "1.0.0", dependencies: { "mrap-guard": spec } },
      "node_modules/mrap-guard": { version: pkg.version, resolved: spec, integrity, license: pkg.license, dependencies: pkg.dependencies, bin: pkg.bin, engines: pkg.engines },
    };
    for (const [path, entry] of Object.entries(lock.packages)) {
      if (path === "" || entry.dev) continue;
      const { devOptional: _devOptional, ...rest } = entry;
      packages[path] = rest;
    }
    mkdirSync(consumer);
    writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true, type: "module", dependencies: { "mrap-guard": spec } }, null, 2));
    writeFileSync(join(consumer, "package-lock.json"), JSON.stringify({ name: "consumer", version: "1.0.0", lockfileVersion: 3, requires: true, packages }, null, 2));
    ok(run(npm, ["ci", "--omit=dev", "--offline", "--no-audit", "--no-fund"], consumer), "npm ci --omit=dev in the consumer");
    writeFileSync(join(consumer, "cases.mjs"), CONSUMER_TESTS);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it("packs dist/src/testing.js and its types", () => {
    const paths = packed.files.map((f) => f.path);
    for (const wanted of ["dist/src/testing.js", "dist/src/testing.d.ts", "dist/src/testing/underline.js"]) assert.ok(paths.includes(wanted), `${wanted} is not in the tarball`);
  });

  it("runs a consumer's rule tests with node --test (node:test by default)", () => {
    writeFileSync(join(consumer, "name-format.test.mjs"), 'import { ruleTester } from "mrap-guard/testing";\nimport { tests } from "./cases.mjs";\nruleTester("mrap/name-format", tests);\n');
    const out = ok(run(process.execPath, ["--test", "name-format.test.mjs"], consumer), "node --test");
    assert.match(out, /^# pass 5$/m);
    assert.match(out, /^ +ok \d+ - invalid \(yaml\): a name without it$/m);
  });

  it("a failed case fails its test with an AssertionError", () => {
    writeFileSync(
      join(consumer, "failing.test.mjs"),
      'import { ruleTester } from "mrap-guard/testing";\nimport { tests } from "./cases.mjs";\nruleTester("mrap/name-format", { ...tests, invalid: [{ ...tests.invalid[0], errors: [] }] });\n',
    );
    const result = run(process.execPath, ["--test", "failing.test.mjs"], consumer);
    assert.equal(result.status, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /^# fail 2$/m);
    assert.match(result.stdout, /name: 'AssertionError'/);
  });

  it("runs framework-neutral and loads with require()", () => {
    writeFileSync(
      join(consumer, "neutral.mjs"),
      'import { runRuleTests, RuleTestError } from "mrap-guard/testing";\nimport { tests } from "./cases.mjs";\nconst good = await runRuleTests("mrap/name-format", tests);\nconst bad = await runRuleTests("mrap/name-format", { ...tests, valid: [{ ...tests.invalid[0], name: "v" }] });\nconsole.log(JSON.stringify({ passed: good.passed.length, failed: good.failed.length, bad: bad.failed.map((f) => [f.title, f.error instanceof RuleTestError]) }));\n',
    );
    assert.deepEqual(JSON.parse(ok(run(process.execPath, ["neutral.mjs"], consumer), "neutral.mjs")), {
      passed: 5,
      failed: 0,
      bad: [
        ["valid (json): v", true],
        ["valid (yaml): v", true],
      ],
    });
    writeFileSync(join(consumer, "require.cjs"), 'const { ruleTestRuns } = require("mrap-guard/testing");\nconsole.log(ruleTestRuns("mrap/name-format", { valid: [{ name: "v", doc: {} }], invalid: [] }).map((r) => r.title).join(","));\n');
    assert.equal(ok(run(process.execPath, ["require.cjs"], consumer), "require()").trim(), "valid (json): v,valid (yaml): v");
  });

  it("type-checks a TypeScript rule test with tsc --strict against the installed types", () => {
    const dir = join(consumer, "typed");
    mkdirSync(dir);
    writeFileSync(
      join(dir, "name-format.test.ts"),
      [
        'import { describe, it } from "node:test";',
        'import { ruleTester, runRuleTests, type RuleTests, type RuleTestReport } from "mrap-guard/testing";',
        'const manifest = (name: string) => ({ AccountId: "111122223333", MultiRegionAccessPoint: { Name: name, Regions: [{ Bucket: "orders-use1" }] } });',
        "const tests: RuleTests = {",
        '  valid: [{ name: "prefixed", options: { prefix: "team-" }, doc: manifest("team-orders") }],',
        '  invalid: [{ name: "not prefixed", options: { prefix: "team-" }, doc: manifest("orders"), errors: [{ messageId: "missingPrefix", pointer: "/MultiRegionAccessPoint/Name" }] }],',
        "};",
        'ruleTester("mrap/name-format", tests, { framework: { describe, it } });',
        'export const report: Promise<RuleTestReport> = runRuleTests("mrap/name-format", tests);',
        "",
      ].join("\n"),
    );
    writeFileSync(
      join(consumer, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", skipLibCheck: false, types: ["node"], typeRoots: [join(root, "node_modules/@types")] },
        include: ["typed"],
      }),
    );
    ok(run(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"], consumer), "tsc --strict over a rule test");
  });
});
