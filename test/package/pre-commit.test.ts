// The pre-commit hook as users install it: a throwaway git repository whose .pre-commit-config.yaml points at
// this repository with `repo:` and `rev:` (HEAD), installed by the pre-commit framework itself, then real
// `git commit`s. npm installs from a local registry that serves the versions package-lock.json pins
// (test/support/npm-registry.ts), so nothing reaches the network.
//
// Without the `pre-commit` command the suite is skipped with one line; under CI=true it fails instead
// (.ci/run installs Debian's pre-commit package).
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startNpmRegistry, type NpmRegistry } from "../support/npm-registry.js";

const root = join(import.meta.dirname, "..", "..");

interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command without blocking the event loop: the local registry answers npm from this process. */
function exec(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      stderr += `\n[killed after ${timeoutMs} ms]`;
      if (child.pid) process.kill(-child.pid, "SIGKILL");
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      resolve({ status: null, stdout, stderr: `${stderr}${error.message}` });
    });
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

function available(): string | false {
  const probe = spawnSync("pre-commit", ["--version"], { encoding: "utf8", timeout: 30_000 });
  if (probe.error || probe.status !== 0) return `pre-commit not found on PATH (${probe.error?.message ?? probe.stderr.trim()})`;
  return false;
}

const missing = available();
const skip = missing && process.env["CI"] !== "true" ? `${missing}: skipping the pre-commit hook test (apt-get install pre-commit)` : false;
if (skip) process.stderr.write(`${skip}\n`);

describe("the pre-commit hook, installed from repo:/rev:", { skip }, () => {
  const work = mkdtempSync(join(tmpdir(), "mrap-guard-hook-"));
  const repo = join(work, "repo");
  let registry: NpmRegistry | undefined;
  let env: NodeJS.ProcessEnv = {};

  const git = (args: string[]): Promise<Ran> => exec("git", args, repo, env, 300_000);
  const commits = async () => Number((await git(["rev-list", "--count", "--all"])).stdout.trim() || "0");

  before(async () => {
    if (missing) throw new Error(`${missing}; CI=true requires the pre-commit hook test (apt-get install pre-commit)`);
    registry = await startNpmRegistry(join(root, "package-lock.json"));
    env = {
      ...process.env,
      PRE_COMMIT_HOME: join(work, "pre-commit-home"),
      npm_config_registry: registry.url,
      npm_config_cache: join(work, "npm-cache"),
      npm_config_audit: "false",
      npm_config_fund: "false",
      npm_config_update_notifier: "false",
      GIT_AUTHOR_NAME: "t",
      GIT_AUTHOR_EMAIL: "t@example.com",
      GIT_COMMITTER_NAME: "t",
      GIT_COMMITTER_EMAIL: "t@example.com",
      GIT_CONFIG_NOSYSTEM: "1",
      HOME: work,
    };
    delete env["CI"];
    const rev = spawnSync("git", ["rev-parse", "HEAD"], { cwd: root, encoding: "utf8" }).stdout.trim();
    mkdirSync(repo);
    assert.equal((await git(["init", "-q"])).status, 0);
    writeFileSync(join(repo, ".pre-commit-config.yaml"), `repos:\n  - repo: ${root}\n    rev: ${rev}\n    hooks:\n      - id: mrap-guard\n`);
    const install = await exec("pre-commit", ["install", "--install-hooks"], repo, env, 600_000);
    assert.equal(install.status, 0, `pre-commit install failed:\n${install.stdout}\n${install.stderr}\n${readLog(join(work, "pre-commit-home"))}`);
    // The eu-west-1 bucket belongs to another account, so a bucket policy that stops delegating is an error.
    const manifest = readFileSync(join(root, "examples/orders-global.mrap.yaml"), "utf8").replace(/( +)Region: eu-west-1\n/, (line, indent: string) => `${line}${indent}BucketAccountId: "444455556666"\n`);
    assert.match(manifest, /BucketAccountId: "444455556666"/);
    writeFileSync(join(repo, "orders-global.mrap.yaml"), manifest);
    cpSync(join(root, "examples/policies"), join(repo, "policies"), { recursive: true });
  });
  after(async () => {
    await registry?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it("installs from the repository with npm's requests answered by the local registry only", () => {
    assert.ok(registry && registry.requests.length > 0, "npm asked the local registry nothing");
    assert.deepEqual(registry.requests.filter((r) => r.status !== 200), []);
  });

  it("commits a clean MRAP", async () => {
    const before = await commits();
    assert.equal((await git(["add", "."])).status, 0);
    const commit = await git(["commit", "-m", "clean MRAP"]);
    assert.equal(commit.status, 0, commit.stdout + commit.stderr);
    assert.match(commit.stdout + commit.stderr, /mrap-guard\.+Passed/);
    assert.equal(await commits(), before + 1);
    // The hook's install has no V8 code cache; its first run writes one.
    const caches = spawnSync("find", [join(work, "pre-commit-home"), "-path", "*/node_modules/mrap-guard/dist/cli/mrap-guard.cjs.cache"], { encoding: "utf8" }).stdout.trim().split("\n").filter(Boolean);
    assert.equal(caches.length, 1, "the hook's first run wrote no code cache");
  });

  it("blocks a broken manifest with its findings", async () => {
    const before = await commits();
    writeFileSync(join(repo, "broken.mrap.yaml"), readFileSync(join(root, "examples/broken/orders-broken.mrap.yaml"), "utf8"));
    assert.equal((await git(["add", "broken.mrap.yaml"])).status, 0);
    const commit = await git(["commit", "-m", "broken"]);
    const output = commit.stdout + commit.stderr;
    assert.notEqual(commit.status, 0, output);
    assert.match(output, /mrap-guard\.+Failed/);
    assert.match(output, /broken\.mrap\.yaml/);
    assert.match(output, /\d+:\d+ +error +mrap\/bucket-name /);
    assert.equal(await commits(), before);
    assert.equal((await git(["reset", "-q", "HEAD", "broken.mrap.yaml"])).status, 0);
    rmSync(join(repo, "broken.mrap.yaml"));
  });

  it("judges a commit that touches only a referenced bucket policy together with its manifest", async () => {
    const before = await commits();
    const file = join(repo, "policies/orders-euw1.bucket.json");
    // The bucket now delegates to some other MRAP: the manifest's MRAP policy grants what this bucket no longer allows.
    writeFileSync(file, readFileSync(file, "utf8").replace("accesspoint/mfzwi23gnjvgw.mrap", "accesspoint/otheralias123.mrap"));
    assert.equal((await git(["add", "policies/orders-euw1.bucket.json"])).status, 0);
    const commit = await git(["commit", "-m", "only the bucket policy"]);
    const output = commit.stdout + commit.stderr;
    assert.notEqual(commit.status, 0, output);
    assert.match(output, /policies\/orders-euw1\.bucket\.json/);
    assert.match(output, /\d+:\d+ +error +mrap\/bucket-delegation /);
    assert.equal(await commits(), before);
  });
});

function readLog(home: string): string {
  try {
    return readFileSync(join(home, "pre-commit.log"), "utf8").slice(0, 8000);
  } catch {
    return "";
  }
}
