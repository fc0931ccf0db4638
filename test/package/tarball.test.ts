// What users install: the packed tarball, installed with production dependencies only into an empty project,
// then used there as a CLI, as an ES module, through require(), and from TypeScript (every README snippet).
// npm runs offline: the consumer's lockfile pins the versions this repository's lockfile holds, which `npm ci`
// has put in npm's cache.
import assert from "node:assert/strict";
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";

const root = join(import.meta.dirname, "..", "..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

interface PackedFile {
  path: string;
  size: number;
}
interface Packed {
  filename: string;
  size: number;
  unpackedSize: number;
  entryCount: number;
  files: PackedFile[];
}
interface LockEntry {
  dev?: boolean;
  devOptional?: boolean;
  [key: string]: unknown;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    timeout: 180_000,
    maxBuffer: 32 * 1024 * 1024,
    env: { ...process.env, npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false", ...env },
  });
}

function ok(result: SpawnSyncReturns<string>, what: string): string {
  assert.equal(result.status, 0, `${what} exited ${result.status}${result.error ? ` (${result.error.message})` : ""}:\n${result.stderr}${result.stdout}`);
  return result.stdout;
}

/** The README's ```ts blocks, in order. */
export function readmeSnippets(readme: string): string[] {
  return [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
}

describe("the packed package, installed with --omit=dev", () => {
  const work = mkdtempSync(join(tmpdir(), "mrap-guard-pack-"));
  const consumer = join(work, "consumer");
  let packed: Packed;
  const cli = (args: string[], cwd = consumer) => run(process.execPath, [join(consumer, "node_modules/mrap-guard/bin/mrap-guard.cjs"), ...args], cwd);

  before(() => {
    // --ignore-scripts: pack the build that `npm ci` made; rebuilding here would rewrite dist/ under the other tests.
    const out = ok(run(npm, ["pack", "--ignore-scripts", "--json", "--pack-destination", work], root), "npm pack");
    packed = (JSON.parse(out) as Packed[])[0]!;
    const tarball = join(work, packed.filename);
    const integrity = `sha512-${createHash("sha512").update(readFileSync(tarball)).digest("base64")}`;
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as Record<string, unknown>;
    const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as { packages: Record<string, LockEntry> };
    const spec = `file:../${packed.filename}`;
    const packages: Record<string, unknown> = {
      "": { name: "consumer", version: "1.0.0", dependencies: { "mrap-guard": spec } },
      "node_modules/mrap-guard": { version: pkg["version"], resolved: spec, integrity, license: pkg["license"], dependencies: pkg["dependencies"], bin: pkg["bin"], engines: pkg["engines"] },
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
    cpSync(join(root, "examples"), join(consumer, "examples"), { recursive: true });
    mkdirSync(join(consumer, ".git"));
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it("packs what users need and nothing from the build", () => {
    const paths = packed.files.map((f) => f.path);
    for (const wanted of ["LICENSE", "README.md", "package.json", "bin/mrap-guard.cjs", "dist/cli/mrap-guard.cjs", "dist/cli/parse-yaml.cjs", "dist/src/index.js", "dist/src/index.d.ts", "schemas/json/manifest.schema.json"]) {
      assert.ok(paths.includes(wanted), `${wanted} is not in the tarball`);
    }
    const stray = paths.filter((p) => /^(src|test|scripts|bench|\.ci|examples)\//.test(p) || p.endsWith(".ts") && !p.endsWith(".d.ts") || p.endsWith(".map") || p.endsWith(".tgz"));
    assert.deepEqual(stray, []);
    // No path of the machine that built it (stack traces and source maps would carry them).
    const leaks = packed.files.filter((f) => f.path.endsWith(".js") || f.path.endsWith(".cjs") || f.path.endsWith(".d.ts")).filter((f) => readFileSync(join(consumer, "node_modules/mrap-guard", f.path), "utf8").includes(root));
    assert.deepEqual(leaks.map((f) => f.path), []);
    process.stderr.write(`# tarball: ${packed.filename}, ${packed.size} bytes packed, ${packed.unpackedSize} unpacked, ${packed.entryCount} files\n`);
  });

  it("runs the CLI: --version, a lint with findings (1), a missing file (2)", () => {
    const version = cli(["--version"]);
    assert.equal(version.status, 0, version.stderr);
    assert.equal(version.stdout.trim(), (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version);

    const lint = cli(["lint", "--format", "json", "examples"]);
    assert.equal(lint.status, 1, lint.stderr);
    const results = JSON.parse(lint.stdout) as { filePath: string; messages: { ruleId: string }[] }[];
    const broken = results.find((r) => r.filePath === "examples/broken/orders-broken.mrap.yaml");
    assert.ok(broken && broken.messages.some((m) => m.ruleId === "mrap/name-format"), lint.stdout.slice(0, 2000));
    assert.deepEqual(results.find((r) => r.filePath === "examples/orders-global.mrap.yaml")?.messages, []);

    const missing = cli(["lint", "no-such-file.json"]);
    assert.equal(missing.status, 2);
    assert.equal(missing.stderr, "mrap-guard: no such file or directory: no-such-file.json\n");
  });

  it("runs the bin npm links (node_modules/.bin/mrap-guard)", () => {
    const linked = run(join(consumer, "node_modules/.bin/mrap-guard"), ["lint", "examples/orders-global.mrap.yaml"], consumer);
    assert.equal(linked.status, 0, linked.stderr + linked.stdout);
  });

  it("imports as an ES module and loads with require()", () => {
    writeFileSync(join(consumer, "esm.mjs"), 'import { lint, rules } from "mrap-guard";\nconst results = await lint(["examples"]);\nconsole.log(JSON.stringify({ rules: rules.length, errors: results.reduce((n, r) => n + r.errorCount, 0), first: results[0].messages !== undefined }));\n');
    const esm = JSON.parse(ok(run(process.execPath, ["esm.mjs"], consumer), "the ESM import")) as { rules: number; errors: number; first: boolean };
    assert.ok(esm.rules > 50 && esm.errors > 0 && esm.first, JSON.stringify(esm));

    writeFileSync(join(consumer, "cjs.cjs"), 'const { lintText } = require("mrap-guard");\nlintText("{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[]}", { filePath: "p.bucket.json", kind: "bucket-policy" }).then((r) => console.log(JSON.stringify(r.map((x) => x.filePath))));\n');
    const cjs = run(process.execPath, ["cjs.cjs"], consumer);
    assert.equal(cjs.status, 0, cjs.stderr);
    assert.deepEqual(JSON.parse(cjs.stdout), ["p.bucket.json"]);
  });

  it("writes a missing or rejected code cache for the next run", () => {
    const cache = join(consumer, "node_modules/mrap-guard/dist/cli/mrap-guard.cjs.cache");
    rmSync(cache, { force: true });
    assert.equal(cli(["--version"]).status, 0);
    const written = readFileSync(cache);
    assert.ok(written.length > 10_000, `${written.length} bytes`);
    writeFileSync(cache, "not a V8 code cache");
    assert.equal(cli(["--version"]).status, 0);
    assert.ok(readFileSync(cache).length > 10_000, "a rejected cache is replaced");
  });

  it("a broken install is one line on stderr and exit 2, never the bundle's source", () => {
    const broken = join(work, "broken");
    cpSync(consumer, broken, { recursive: true, verbatimSymlinks: true });
    rmSync(join(broken, "node_modules/ajv"), { recursive: true, force: true });
    const bin = join(broken, "node_modules/mrap-guard/bin/mrap-guard.cjs");
    const plain = run(process.execPath, [bin, "--version"], broken);
    assert.equal(plain.status, 2);
    assert.match(plain.stderr, /^mrap-guard: internal error: Cannot find module 'ajv\/dist\/runtime\/[a-z0-9]+'[^\n]*; run with --debug for the stack\n$/);
    const debug = run(process.execPath, [bin, "--version", "--debug"], broken);
    assert.equal(debug.status, 2);
    assert.match(debug.stderr, /^mrap-guard: internal error: Error: Cannot find module[\s\S]*\n {4}at /);
    assert.ok(debug.stderr.length < 20_000, `${debug.stderr.length} characters on stderr`);
  });

  it("type-checks every README library snippet with tsc --strict against the installed types", () => {
    const snippets = readmeSnippets(readFileSync(join(root, "README.md"), "utf8"));
    assert.ok(snippets.length >= 3, `${snippets.length} snippets`);
    const dir = join(consumer, "snippets");
    mkdirSync(dir);
    // Names the snippets use without defining them, as a reader would have them.
    writeFileSync(
      join(dir, "ambient.d.ts"),
      'import type { PutMultiRegionAccessPointPolicyCommandInput } from "@aws-sdk/client-s3-control";\ndeclare global {\n  const policy: { Version: string; Statement: object[] };\n  const input: PutMultiRegionAccessPointPolicyCommandInput;\n}\nexport {};\n',
    );
    snippets.forEach((snippet, i) => writeFileSync(join(dir, `snippet-${i + 1}.ts`), `${snippet}\nexport {};\n`));
    writeFileSync(
      join(consumer, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", skipLibCheck: false, types: ["node"], typeRoots: [join(root, "node_modules/@types")] },
        include: ["snippets"],
      }),
    );
    ok(run(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"], consumer), "tsc --strict over the README snippets");
  });
});
