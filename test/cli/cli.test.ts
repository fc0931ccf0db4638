import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { runCli, type CliRun } from "../helpers/cli.js";
import { CLEAN_MANIFEST, project } from "../helpers/project.js";

const repo = new URL("../..", import.meta.url).pathname;
const ANSI = new RegExp(String.fromCharCode(27) + "\\[");

const cli = (args: string[], cwd: string, options: { tty?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> =>
  runCli(args, { cwd, stdoutTty: options.tty ?? false, ...(options.env ? { env: options.env } : {}) });

const WARNING_ONLY = CLEAN_MANIFEST.replace("    - Bucket: orders-euw1\n      Region: eu-west-1\n", "") + "  Routes:\n    - Region: us-east-1\n      TrafficDialPercentage: 100\n";
const BROKEN = CLEAN_MANIFEST.replace("orders-global", "Orders_Global");

describe("mrap-guard (in process)", () => {
  it("prints the version and help", async () => {
    const pkg = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { version: string };
    assert.deepEqual(await cli(["--version"], repo), { code: 0, stdout: pkg.version + "\n", stderr: "" });
    const help = await cli(["--help"], repo);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: mrap-guard <command>/);
    assert.match((await cli(["lint", "--help"], repo)).stdout, /--fail-on <level>/);
  });

  it("exits 2 with a one-line reason on usage errors", async () => {
    for (const [args, reason] of [
      [["lint", "--frobnicate", "x"], /^mrap-guard: unknown option "--frobnicate"; see mrap-guard --help\n$/],
      [["lnt"], /^mrap-guard: unknown command "lnt"; did you mean lint\?\n$/],
      [["frobnicate"], /^mrap-guard: unknown command "frobnicate"; use lint, rules, plan, apply or help\n$/],
      [["--frobnicate"], /^mrap-guard: unknown option "--frobnicate"; a command comes first \(lint, rules, plan, apply or help\)\n$/],
      [["lint"], /^mrap-guard: lint needs at least one file/],
      [["lint", "--format", "xml", "."], /^mrap-guard: unknown format "xml"/],
      [["lint", "--fail-on", "fatal", "."], /^mrap-guard: --fail-on must be error, warning or info/],
      [["lint", "--max-warnings", "many", "."], /^mrap-guard: --max-warnings needs a whole number/],
      [["lint", "--kind", "iam", "."], /^mrap-guard: unknown kind "iam"/],
      [["lint", "does-not-exist.json"], /^mrap-guard: no such file or directory: does-not-exist\.json\n$/],
      [["lint", "nothing/*.json"], /^mrap-guard: no files match the pattern/],
      [["lint", "--format"], /^mrap-guard: option "--format" needs a value/],
      [["lint", "--region", "Mars-1", "."], /^mrap-guard: --region needs a Region code such as us-east-1 \(got "Mars-1"\)\n$/],
      [["lint", "--access-analyzer", "--no-access-analyzer", "."], /^mrap-guard: --access-analyzer and --no-access-analyzer contradict each other\n$/],
      [["lint", "--no-cache", "--cache-location", "c", "."], /^mrap-guard: --no-cache and --cache-location contradict each other\n$/],
      [["lint", "--reference-policy", "missing.json", "examples/"], /^mrap-guard: --reference-policy missing\.json:1:1: /],
      [["lint", "--profile"], /^mrap-guard: option "--profile" needs a value/],
      [["rules", "--live"], /^mrap-guard: option "--live" applies to "lint" only\n$/],
    ] as const) {
      const run = await cli([...args], repo);
      assert.equal(run.code, 2, `${args.join(" ")}: ${run.stderr}`);
      assert.match(run.stderr, reason);
      assert.equal(run.stderr.trim().split("\n").length, 1, "one line");
    }
  });

  it("exits 0 and prints nothing for a clean manifest", async () => {
    const dir = await project({ "m.mrap.yaml": CLEAN_MANIFEST });
    assert.deepEqual(await cli(["lint", "m.mrap.yaml"], dir), { code: 0, stdout: "", stderr: "" });
  });

  it("exits 1 with stylish findings (file, line:col, severity, message, rule id)", async () => {
    const dir = await project({ "m.mrap.yaml": BROKEN });
    const run = await cli(["lint", "."], dir);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^m\.mrap\.yaml\n {2}3:9 {2}error {2}mrap\/name-format {2}Name "Orders_Global" contains uppercase letters;/m);
    assert.match(run.stdout, /✖ 1 problem \(1 error, 0 warnings, 0 infos\)/);
    assert.doesNotMatch(run.stdout, ANSI, "no colour when not a TTY");
  });

  it("colours on a TTY unless NO_COLOR or --no-color", async () => {
    const dir = await project({ "m.mrap.yaml": BROKEN });
    assert.match((await cli(["lint", "."], dir, { tty: true })).stdout, ANSI);
    assert.doesNotMatch((await cli(["lint", "."], dir, { tty: true, env: { NO_COLOR: "1" } })).stdout, ANSI);
    assert.doesNotMatch((await cli(["lint", "--no-color", "."], dir, { tty: true })).stdout, ANSI);
  });

  it("writes ESLint-shaped JSON", async () => {
    const dir = await project({ "m.mrap.yaml": BROKEN });
    const run = await cli(["lint", "--format", "json", "m.mrap.yaml"], dir);
    const results = JSON.parse(run.stdout) as { filePath: string; messages: Record<string, unknown>[]; errorCount: number }[];
    assert.equal(results[0]!.filePath, "m.mrap.yaml");
    assert.equal(results[0]!.errorCount, 1);
    const message = results[0]!.messages[0]!;
    assert.equal(message["ruleId"], "mrap/name-format");
    assert.equal(message["severity"], "error");
    assert.equal(message["line"], 3);
    assert.equal(message["pointer"], "/MultiRegionAccessPoint/Name");
    assert.match(String(message["fingerprint"]), /^[0-9a-f]{32}$/);
  });

  it("applies --fail-on, --max-warnings and --quiet", async () => {
    const dir = await project({ "m.mrap.yaml": WARNING_ONLY });
    const plain = await cli(["lint", "m.mrap.yaml"], dir);
    assert.equal(plain.code, 0, plain.stdout);
    assert.match(plain.stdout, /warning .*mrap\/failover-needs-two/);
    assert.equal((await cli(["lint", "--fail-on", "warning", "m.mrap.yaml"], dir)).code, 1);
    const capped = await cli(["lint", "--max-warnings", "0", "m.mrap.yaml"], dir);
    assert.equal(capped.code, 1);
    assert.equal(capped.stderr, "mrap-guard: 1 warning exceeds --max-warnings 0\n");
    assert.deepEqual(await cli(["lint", "--quiet", "m.mrap.yaml"], dir), { code: 0, stdout: "", stderr: "" });
    const two = await project({ "a.mrap.yaml": WARNING_ONLY, "b.mrap.yaml": WARNING_ONLY });
    assert.equal((await cli(["lint", "--max-warnings", "1", "."], two)).stderr, "mrap-guard: 2 warnings exceed --max-warnings 1\n");
  });

  it("--quiet hides warnings from the report but not from --max-warnings or --fail-on, and says so", async () => {
    const dir = await project({ "a.mrap.yaml": WARNING_ONLY, "b.mrap.yaml": WARNING_ONLY });
    assert.deepEqual(await cli(["lint", "--quiet", "--max-warnings", "0", "."], dir), {
      code: 1,
      stdout: "",
      stderr: "mrap-guard: 2 warnings (not shown: --quiet) exceed --max-warnings 0\n",
    });
    assert.deepEqual(await cli(["lint", "--quiet", "--fail-on", "warning", "a.mrap.yaml"], dir), {
      code: 1,
      stdout: "",
      stderr: "mrap-guard: 1 warning (not shown: --quiet) at or above --fail-on warning\n",
    });
    assert.deepEqual(await cli(["lint", "--quiet", "--max-warnings", "2", "."], dir), { code: 0, stdout: "", stderr: "" });
    // An error is shown and explains the exit code by itself.
    const mixed = await project({ "a.mrap.yaml": WARNING_ONLY.replace("orders-global", "Orders_Global") });
    const run = await cli(["lint", "--quiet", "--fail-on", "warning", "a.mrap.yaml"], mixed);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /mrap\/name-format/);
    assert.doesNotMatch(run.stdout, /failover-needs-two/);
    assert.equal(run.stderr, "");
  });

  it("fits stylish lines to the terminal's width, and to 80 columns when stdout is not a terminal", async () => {
    const dir = await project({ "m.mrap.yaml": BROKEN });
    const narrow = await runCli(["lint", "--no-color", "m.mrap.yaml"], { cwd: dir, stdoutTty: true, stdoutColumns: 60 });
    assert.equal(
      narrow.stdout.split("\n").slice(0, 3).join("\n"),
      ["m.mrap.yaml", '  3:9  error  mrap/name-format  Name "Orders_Global"', "                                contains uppercase letters;"].join("\n"),
    );
    const piped = await runCli(["lint", "m.mrap.yaml"], { cwd: dir, stdoutTty: false, stdoutColumns: 60 });
    assert.equal(piped.stdout.split("\n")[1], '  3:9  error  mrap/name-format  Name "Orders_Global" contains uppercase letters;');
    for (const [run, width] of [[narrow, 60], [piped, 80]] as const) {
      for (const line of run.stdout.split("\n")) assert.ok(line.length <= width, `${line.length} > ${width}: ${line}`);
    }
  });

  it("exits 2 with one line when --output-file cannot be written", async () => {
    const dir = await project({ "m.mrap.yaml": BROKEN, "file.txt": "x", "reports/old.txt": "" });
    for (const [target, reason] of [
      ["file.txt/report.sarif", "part of the path is a file, not a directory"],
      ["file.txt/sub/report.sarif", "part of the path is a file, not a directory"],
      ["reports", "it is a directory"],
    ] as const) {
      assert.deepEqual(await cli(["lint", "-f", "sarif", "-o", target, "m.mrap.yaml"], dir), {
        code: 2,
        stdout: "",
        stderr: `mrap-guard: cannot write --output-file ${target}: ${reason}\n`,
      });
    }
  });

  it("accepts warn as a spelling of warning in the config", async () => {
    const dir = await project({ "m.mrap.yaml": BROKEN, "mrap-guard.config.yaml": "rules:\n  mrap/name-format: warn\n  mrap/block-public-access-explicit: [warn]\n" });
    assert.match((await cli(["rules"], dir)).stdout, /^mrap\/name-format +warning +/m);
    assert.match((await cli(["rules"], dir)).stdout, /^mrap\/block-public-access-explicit +warning +/m);
    const run = await cli(["lint", "m.mrap.yaml"], dir);
    assert.equal(run.code, 0, run.stdout);
    assert.match(run.stdout, /^ {2}3:9 {2}warning {2}mrap\/name-format {2}Name "Orders_Global"/m);
  });

  it("writes the report to --output-file", async () => {
    const dir = await project({ "m.mrap.yaml": BROKEN });
    const run = await cli(["lint", "-f", "sarif", "-o", "out/report.sarif", "m.mrap.yaml"], dir);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, "");
    const sarif = JSON.parse(readFileSync(join(dir, "out", "report.sarif"), "utf8")) as { version: string };
    assert.equal(sarif.version, "2.1.0");
  });

  it("exits 2 with file:line:col for a config error", async () => {
    const dir = await project({ "m.mrap.yaml": CLEAN_MANIFEST, "mrap-guard.config.yaml": "rules:\n  mrap/nope: error\n" });
    const run = await cli(["lint", "m.mrap.yaml"], dir);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^mrap-guard: config error: .*mrap-guard\.config\.yaml:2:3: unknown rule "mrap\/nope"/);
  });

  it("lists rules with their effective severity", async () => {
    const dir = await project({ "mrap-guard.config.json": '{"rules": {"mrap/name-format": "warning"}}' });
    const run = await cli(["rules"], dir);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^mrap\/name-format +warning +Require Multi-Region Access Point names that AWS accepts$/m);
    assert.match(run.stdout, /^core\/parse-error +error /m);
  });

  it("finds the shipped clean example clean and the broken one broken", async () => {
    assert.equal((await cli(["lint", "examples/orders-global.mrap.yaml"], repo)).code, 0);
    const all = await cli(["lint", "--format", "json", "examples/"], repo);
    assert.equal(all.code, 1);
    const results = JSON.parse(all.stdout) as { filePath: string; errorCount: number }[];
    assert.deepEqual(
      results.filter((r) => r.errorCount > 0).map((r) => r.filePath),
      ["examples/broken/orders-broken.mrap.yaml", "examples/cloudformation/broken/orders-broken.template.yaml"],
    );
  });
});

describe("mrap-guard (built binary)", () => {
  const bin = join(repo, "bin", "mrap-guard.cjs");
  const built = existsSync(join(repo, "dist", "cli", "mrap-guard.cjs"));
  it("runs after the build and exits with the documented codes", { skip: built ? false : "dist/ not built (npm run build)" }, () => {
    const clean = spawnSync(process.execPath, [bin, "lint", "examples/orders-global.mrap.yaml"], { cwd: repo, encoding: "utf8" });
    assert.equal(clean.status, 0, clean.stderr);
    const broken = spawnSync(process.execPath, [bin, "lint", "examples/"], { cwd: repo, encoding: "utf8" });
    assert.equal(broken.status, 1, broken.stderr);
    assert.match(broken.stdout, /orders-broken\.mrap\.yaml/);
    const usage = spawnSync(process.execPath, [bin, "lint", "--nope"], { cwd: repo, encoding: "utf8" });
    assert.equal(usage.status, 2);
  });
});
