/**
 * Issue 12: a glob given on the command line gets the same limits as a config glob (globProblem): picomatch
 * compiles `*a*a*a*a*a*a*a*a*a*a*a*a*b` into a RegExp that backtracks for seconds on a name of 32 a's (about 6 s on
 * Node 20 here; 28 a's took 0.13 s, longer names vary with V8's regexp engine). A refused
 * pattern is a usage error (exit 2, one stderr line); names of files that exist are still taken as files.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MAX_GLOB_LENGTH, MAX_STARS_PER_SEGMENT } from "../../src/engine/glob.js";
import { jsonMessages, runCli, type CliRun } from "../helpers/cli.js";
import { CLEAN_MANIFEST, project } from "../helpers/project.js";

/** The regex runs synchronously: a test timeout cannot stop it, so each run is timed instead. */
async function timed(args: string[], cwd: string): Promise<CliRun & { ms: number }> {
  const started = Date.now();
  const run = await runCli(args, { cwd });
  return { ...run, ms: Date.now() - started };
}

function assertUsageError(run: CliRun & { ms: number }, expected: string): void {
  assert.equal(run.code, 2);
  assert.equal(run.stdout, "");
  assert.equal(run.stderr, `mrap-guard: ${expected}\n`);
  assert.ok(run.ms < 2_000, `took ${run.ms} ms`);
}

describe("command-line globs", { timeout: 60_000 }, () => {
  it("refuses a pattern with more than 2 '*' in a segment before picomatch compiles it", async () => {
    const cwd = await project({ ["a".repeat(32)]: "{}\n", "sub/ok.mrap.yaml": CLEAN_MANIFEST });
    const pattern = "*a*a*a*a*a*a*a*a*a*a*a*a*b";
    assertUsageError(
      await timed(["lint", pattern], cwd),
      `the pattern "${pattern}" has more than ${MAX_STARS_PER_SEGMENT} "*" in one path segment ("${pattern}"), which makes matching slow`,
    );
    const nested = `sub/${pattern}`;
    assertUsageError(await timed(["lint", nested], cwd), `the pattern "${nested}" has more than 2 "*" in one path segment ("${pattern}"), which makes matching slow`);
  });

  it("refuses a pattern over 1,024 characters, naming it cut short", async () => {
    const cwd = await project({ "ok.mrap.yaml": CLEAN_MANIFEST });
    const pattern = `${"x".repeat(MAX_GLOB_LENGTH)}*`;
    assertUsageError(await timed(["lint", pattern], cwd), `the pattern "${"x".repeat(100)}…" is longer than ${MAX_GLOB_LENGTH} characters`);
  });

  it("escapes control characters of the pattern on stderr", async () => {
    const cwd = await project({ "ok.mrap.yaml": CLEAN_MANIFEST });
    const run = await timed(["lint", "\u001b[31m*a*a*a\u202e"], cwd);
    assert.equal(run.code, 2);
    assert.ok(!run.stderr.includes("\u001b") && !run.stderr.includes("\u202e"), "no raw control characters");
    assert.match(run.stderr, /^mrap-guard: the pattern "\\u001b\[31m\*a\*a\*a\\u202e" has more than 2 "\*" in one path segment/);
    assert.equal(run.stderr.split("\n").length, 2, "one line");
  });

  it("still expands patterns within the limits, and ** segments", async () => {
    const cwd = await project({ "a/b/orders.mrap.yaml": CLEAN_MANIFEST, "c/d.mrap.yaml": CLEAN_MANIFEST });
    const run = await timed(["lint", "--format", "json", "**/*.mrap.*"], cwd);
    assert.equal(run.code, 0, run.stderr);
    const files = (JSON.parse(run.stdout) as { filePath: string }[]).map((r) => r.filePath).sort();
    assert.deepEqual(files, ["a/b/orders.mrap.yaml", "c/d.mrap.yaml"]);
    assert.equal(jsonMessages(run.stdout).length, 0);
  });

  it("takes existing files whose names hold glob characters as files, however many '*' they have", async () => {
    const names = ["{a}.mrap.yaml", "!bad.mrap.yaml", "*a*a*a*a*.mrap.yaml"];
    const cwd = await project(Object.fromEntries(names.map((name) => [name, CLEAN_MANIFEST])));
    const run = await timed(["lint", "--format", "json", ...names], cwd);
    assert.equal(run.code, 0, run.stderr);
    const files = (JSON.parse(run.stdout) as { filePath: string }[]).map((r) => r.filePath).sort();
    assert.deepEqual(files, [...names].sort());
  });
});
