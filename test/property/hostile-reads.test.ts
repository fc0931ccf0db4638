/**
 * Hostile reads (issue 12, items 1 and 8): a config or package.json symlinked to /dev/zero or out of the root,
 * FIFOs named or referenced, file names with glob characters, a stdout reader that closes early, and library
 * calls with wrong arguments. Whatever could hang runs in a child process with a timeout.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import { lint, lintText, UsageError } from "../../src/index.js";
import { CLEAN_MANIFEST, project } from "../helpers/project.js";
import { runCli } from "../helpers/cli.js";

const CHILD = fileURLToPath(new URL("./cli-child.ts", import.meta.url));
const RUN = fileURLToPath(new URL("../../src/cli/process-entry.ts", import.meta.url));
const TSX = import.meta.resolve("tsx");
const TIMEOUT_MS = 20_000;
const PUBLIC_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::orders/*" }],
});

/** The CLI in a child process, killed after the timeout; memory capped so a runaway read fails fast. */
function child(args: string[], cwd: string) {
  const run = spawnSync(process.execPath, ["--max-old-space-size=256", "--import", TSX, CHILD, ...args], { cwd, encoding: "utf8", timeout: TIMEOUT_MS, env: { ...process.env, NO_COLOR: "1" } });
  assert.equal(run.error, undefined, `the run ended (${String(run.error)})`);
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function mkfifo(path: string): void {
  const made = spawnSync("mkfifo", [path]);
  assert.equal(made.status, 0, "mkfifo is available");
}

describe("every read is bounded", () => {
  it("a config symlinked to /dev/zero is exit 2 with one line naming it, in seconds", async () => {
    const dir = await project({ "orders.mrap.yaml": CLEAN_MANIFEST }, { git: true });
    symlinkSync("/dev/zero", join(dir, "mrap-guard.config.json"));
    const run = child(["lint", "orders.mrap.yaml"], dir);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /cannot read config file .*mrap-guard\.config\.json: it resolves through a symlink to outside the project root/);
    assert.equal(run.stderr.trim().split("\n").length, 1, run.stderr);
  });

  it("a package.json symlinked to /dev/zero is passed over by discovery and the version lookup", async () => {
    const dir = await project({ "orders.mrap.yaml": CLEAN_MANIFEST }, { git: true });
    symlinkSync("/dev/zero", join(dir, "package.json"));
    const run = child(["lint", "orders.mrap.yaml"], dir);
    assert.equal(run.code, 0, run.stderr);
    const version = child(["--version"], dir);
    assert.equal(version.code, 0, version.stderr);
  });

  it("a config symlinked to a file outside the root is refused without its content", async () => {
    const outside = mkdtempSync(join(tmpdir(), "mrap-guard-outside-"));
    writeFileSync(join(outside, "secret.json"), JSON.stringify({ extends: "hunter2-secret-value" }));
    const dir = await project({ "orders.mrap.yaml": CLEAN_MANIFEST }, { git: true });
    symlinkSync(join(outside, "secret.json"), join(dir, "mrap-guard.config.json"));
    const run = await runCli(["lint", "orders.mrap.yaml"], { cwd: dir });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /outside the project root/);
    assert.doesNotMatch(run.stderr + run.stdout, /hunter2/);
  });

  it("a policy named on the command line that is a symlink to outside the root is a finding, not read", async () => {
    const outside = mkdtempSync(join(tmpdir(), "mrap-guard-outside-"));
    writeFileSync(join(outside, "secret.json"), JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "hunter2secret", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::orders/*" }] }));
    const dir = await project({ "inside.json": PUBLIC_POLICY }, { git: true });
    symlinkSync(join(outside, "secret.json"), join(dir, "linked.json"));
    symlinkSync("inside.json", join(dir, "alias.json"));
    const run = await runCli(["lint", "--format", "json", "--kind", "bucket-policy", "linked.json", "alias.json"], { cwd: dir });
    assert.equal(run.code, 1, run.stderr);
    assert.doesNotMatch(run.stdout, /hunter2/);
    const results = JSON.parse(run.stdout) as { filePath: string; messages: { ruleId: string; message: string }[] }[];
    const byFile = new Map(results.map((r) => [r.filePath, r.messages.map((m) => `${m.ruleId} ${m.message}`)]));
    assert.deepEqual(byFile.get("linked.json"), ["core/parse-error Cannot read the file: it resolves through a symlink to outside the project root."]);
    // A symlink that stays inside the root is followed as before.
    assert.ok(byFile.get("alias.json")?.some((m) => m.startsWith("policy/")), JSON.stringify(byFile.get("alias.json")));
  });

  it("a config that is a FIFO is exit 2, not a hang", async () => {
    const dir = await project({ "orders.mrap.yaml": CLEAN_MANIFEST }, { git: true });
    mkfifo(join(dir, "mrap-guard.config.json"));
    const run = child(["lint", "orders.mrap.yaml"], dir);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /mrap-guard\.config\.json: it is not a regular file/);
  });

  it("a FIFO named on the command line is a parse-error finding, in seconds", async () => {
    const dir = await project({}, { git: true });
    mkfifo(join(dir, "pipe.json"));
    const run = child(["lint", "--format", "json", "--kind", "bucket-policy", "pipe.json"], dir);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /cannot read file: it is not a regular file/);
  });

  it("a FIFO referenced as a manifest's policy is a finding, in seconds", async () => {
    const manifest = CLEAN_MANIFEST.replace(/^MultiRegionAccessPoint:\n/m, "MultiRegionAccessPoint:\n  Policy: ./policy.json\n");
    assert.notEqual(manifest, CLEAN_MANIFEST, "the fixture has a MultiRegionAccessPoint block");
    const dir = await project({ "orders.mrap.yaml": manifest }, { git: true });
    mkfifo(join(dir, "policy.json"));
    const run = child(["lint", "--format", "json", "orders.mrap.yaml"], dir);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /it is not a regular file/);
  });

  it("a --reference-policy that is /dev/zero or a FIFO is exit 2, in seconds", async () => {
    const dir = await project({ "policy.json": PUBLIC_POLICY }, { git: true });
    mkfifo(join(dir, "ref.json"));
    for (const ref of ["/dev/zero", "ref.json"]) {
      const run = child(["lint", "--kind", "bucket-policy", "--reference-policy", ref, "policy.json"], dir);
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, /--reference-policy .*not a regular file/);
    }
  });
});

describe("file names with glob characters", () => {
  for (const name of ["{a}.mrap.yaml", "!bad.mrap.yaml", "[x].mrap.yaml"]) {
    it(`an existing file named ${name} is linted as that file`, async () => {
      const dir = await project({ [name]: CLEAN_MANIFEST }, { git: true });
      const run = await runCli(["lint", "--format", "json", name], { cwd: dir });
      assert.equal(run.code, 0, run.stderr);
      const results = JSON.parse(run.stdout) as { filePath: string }[];
      assert.deepEqual(
        results.map((r) => r.filePath),
        [name],
      );
    });
  }
});

describe("stdout closed early", () => {
  it("exits with the lint's code and no stack trace when the reader goes away (EPIPE)", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 200; i++) files[`p${i}.json`] = PUBLIC_POLICY;
    const dir = await project(files, { git: true });
    const proc = spawn(process.execPath, ["--import", TSX, RUN, "lint", "--kind", "bucket-policy", "--format", "json", "."], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    proc.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    proc.stdout.once("data", () => proc.stdout.destroy());
    const timer = setTimeout(() => proc.kill("SIGKILL"), TIMEOUT_MS);
    const code = await new Promise<number | null>((done) => proc.on("close", (status) => done(status)));
    clearTimeout(timer);
    assert.equal(code, 1, stderr);
    assert.equal(stderr, "");
  });
});

describe("library arguments", () => {
  const usage = (pattern: RegExp) => (error: unknown) => error instanceof UsageError && pattern.test(error.message);

  it("an unknown kind is the CLI's usage error", async () => {
    const dir = await project({ "policy.json": PUBLIC_POLICY }, { git: true });
    const kind = "bucket-polcy" as unknown as "bucket-policy";
    await assert.rejects(lint(["policy.json"], { cwd: dir, kind }), usage(/^unknown kind "bucket-polcy"; use one of /));
    await assert.rejects(lintText(PUBLIC_POLICY, { cwd: dir, kind, filePath: "p.json" }), usage(/^unknown kind "bucket-polcy"/));
  });

  it("wrong argument types are usage errors, not TypeErrors", async () => {
    const dir = await project({}, { git: true });
    await assert.rejects(lint("policy.json" as unknown as string[], { cwd: dir }), usage(/needs an array/));
    await assert.rejects(lint([], { cwd: dir }), usage(/at least one file/));
    await assert.rejects(lint(["."], null as unknown as object), usage(/options must be an object/));
    await assert.rejects(lint(["."], { cwd: 5 as unknown as string }), usage(/"cwd" needs a non-empty string/));
    await assert.rejects(lintText(42 as unknown as string, { cwd: dir, filePath: "p.json" }), usage(/as a string/));
    await assert.rejects(lintText(PUBLIC_POLICY, { cwd: dir } as unknown as { filePath: string }), usage(/"filePath" needs a non-empty string/));
  });
});
