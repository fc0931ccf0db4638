/**
 * Issue 12: a cache location or cache secret on a pseudo filesystem (/proc, /sys), or that is a FIFO or a device,
 * is refused with one notice and never hangs. Each case runs in a child process with a timeout, because the hang
 * it guards against (Node's recursive mkdirSync under /proc) is a synchronous loop no in-process timeout can stop.
 */
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";

const here = dirname(fileURLToPath(import.meta.url));
const url = (relative: string): string => JSON.stringify(pathToFileURL(join(here, relative)).href);
const linuxOnly = process.platform !== "linux" && "needs /proc and mkfifo";

const created: string[] = [];
const temp = (): string => {
  const dir = mkdtempSync(join(tmpdir(), "mrap-guard-cache-special-"));
  created.push(dir);
  return dir;
};
after(() => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

/** Runs `body` (an ES module's text) in a child process; its stdout as JSON, or a failure when it takes over 10 s. */
async function inChild<T>(body: string, env: NodeJS.ProcessEnv = process.env): Promise<T> {
  const started = Date.now();
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "--input-type=module", "-e", body], { cwd: process.cwd(), env, timeout: 10_000 });
    return JSON.parse(stdout) as T;
  } catch (error) {
    if ((error as { killed?: boolean }).killed === true) assert.fail(`hung: killed after ${Date.now() - started} ms`);
    throw error;
  }
}

/** openDiskCache on `location`, then one get and one set on a DiskCache there. */
async function openAndUse(location: string): Promise<{ problem?: string; get?: unknown; writeErrors: number }> {
  const secretFile = join(temp(), "mrap-guard", "cache-key");
  return inChild(`
    const { DiskCache, openDiskCache } = await import(${url("../../src/aws/cache.ts")});
    const opened = openDiskCache(${JSON.stringify(location)}, ${JSON.stringify(secretFile)});
    const direct = new DiskCache(${JSON.stringify(location)}, Buffer.alloc(32, 1));
    const key = "ab".repeat(32);
    direct.set(key, { value: 1 });
    const get = direct.get(key);
    process.stdout.write(JSON.stringify({ ...("problem" in opened ? { problem: opened.problem } : {}), get, writeErrors: direct.writeErrors }));
  `);
}

describe("cache location on a pseudo filesystem, or not a directory", { skip: linuxOnly }, () => {
  it("refuses /proc/self/x with one problem, and a DiskCache there drops its write instead of hanging", async () => {
    const result = await openAndUse("/proc/self/x");
    assert.equal(result.problem, "the cache directory /proc/self/x is on the proc filesystem, which holds no regular files");
    assert.equal(result.get, undefined);
    assert.equal(result.writeErrors, 1);
  });

  it("refuses an existing /proc directory this user owns", async () => {
    const result = await openAndUse(`/proc/${process.pid}/fdinfo`);
    assert.match(result.problem ?? "", /is on the proc filesystem/);
  });

  it("refuses a path through a symlink to /proc, and /sys", async () => {
    const link = join(temp(), "link");
    symlinkSync("/proc/self", link);
    assert.match((await openAndUse(join(link, "x", "y"))).problem ?? "", /^the cache directory .*link\/x\/y is on the proc filesystem/);
    assert.match((await openAndUse("/sys/x")).problem ?? "", /is on the sysfs filesystem/);
  });

  it("refuses a FIFO, a device and a symlink to a device", async () => {
    const fifo = join(temp(), "fifo");
    execFileSync("mkfifo", [fifo]);
    assert.equal((await openAndUse(fifo)).problem, `the cache directory ${fifo} is not a directory`);
    assert.equal((await openAndUse("/dev/zero")).problem, "the cache directory /dev/zero is not a directory");
    assert.equal((await openAndUse("/dev/stdin")).problem, "the cache directory /dev/stdin is a symbolic link");
    assert.match((await openAndUse("/dev/zero/x")).problem ?? "", /^the cache directory \/dev\/zero\/x cannot be read \(ENOTDIR\)$/);
  });

  it("still creates a missing cache directory, with its parents, mode 0700", async () => {
    const location = join(temp(), "a", "b", "cache");
    const result = await openAndUse(location);
    assert.deepEqual(result, { get: { value: 1 }, writeErrors: 0 });
  });
});

/** cacheSecret on the secret location for XDG_CONFIG_HOME=`configHome`. */
async function secretUnder(configHome: string): Promise<{ problem?: string; bytes?: number }> {
  return inChild(
    `
    const { cacheSecret, cacheSecretLocation } = await import(${url("../../src/aws/cache.ts")});
    const secret = cacheSecret(cacheSecretLocation(process.env));
    process.stdout.write(JSON.stringify("problem" in secret ? { problem: secret.problem } : { bytes: secret.length }));
  `,
    { ...process.env, XDG_CONFIG_HOME: configHome },
  );
}

describe("cache secret on a pseudo filesystem, or not a regular file", { skip: linuxOnly }, () => {
  it("refuses XDG_CONFIG_HOME=/proc/self instead of hanging", async () => {
    assert.deepEqual(await secretUnder("/proc/self"), { problem: "/proc/self/mrap-guard/cache-key is on the proc filesystem, which holds no regular files" });
  });

  it("refuses a key file that is a FIFO, a directory or a symlink to a device, without blocking", async () => {
    const home = temp();
    mkdirSync(join(home, "mrap-guard"), { mode: 0o700 });
    const key = join(home, "mrap-guard", "cache-key");
    execFileSync("mkfifo", ["-m", "600", key]);
    assert.deepEqual(await secretUnder(home), { problem: `${key} is not a regular file` });
    rmSync(key);
    mkdirSync(key, { mode: 0o700 });
    assert.deepEqual(await secretUnder(home), { problem: `${key} is not a regular file` });
    rmSync(key, { recursive: true });
    symlinkSync("/dev/zero", key);
    assert.deepEqual(await secretUnder(home), { problem: `${key} is a symbolic link` });
  });

  it("still creates the key on first use", async () => {
    assert.deepEqual(await secretUnder(join(temp(), "config")), { bytes: 32 });
  });
});
