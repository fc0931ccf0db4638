/**
 * One guarded call at a time per MRAP on this machine: a lock file next to the audit log, created exclusively
 * and holding the owner's pid, host and start time. A lock left by a process of this host that is gone is
 * taken over (with a warning); any other lock refuses the call. Across machines the apply re-reads the live
 * state after its change landed instead (see put-mrap-policy.ts).
 */
import { mkdir, open, readFile, stat, unlink } from "node:fs/promises";
import { hostname } from "node:os";
import { dirname, join } from "node:path";

export interface LockOwner {
  pid: number;
  host: string;
  time: string;
  operation: string;
}

export type LockResult = { held: Lock } | { refused: string };

export interface Lock {
  file: string;
  release(): Promise<void>;
}

/** The lock file for one MRAP (or access point) next to the audit log. */
export function lockPath(auditLog: string, accountId: string, name: string): string {
  return join(dirname(auditLog), `mrap-guard-${accountId}-${name.replace(/[^A-Za-z0-9._-]/g, "_")}.lock`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, owned by someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function ownerOf(text: string): LockOwner | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    return typeof value.pid === "number" && typeof value.host === "string" ? { pid: value.pid, host: value.host, time: String(value.time ?? "?"), operation: String(value.operation ?? "?") } : undefined;
  } catch {
    return undefined;
  }
}

/** A lock that could not be parsed is an owner caught between creating it and writing it, unless it is old. */
const UNREADABLE_STALE_MS = 60_000;

export async function acquireLock(auditLog: string, accountId: string, name: string, operation: string, warn: (line: string) => void): Promise<LockResult> {
  const file = lockPath(auditLog, accountId, name);
  await mkdir(dirname(file), { recursive: true });
  const me: LockOwner = { pid: process.pid, host: hostname(), time: new Date().toISOString(), operation };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(file, "wx");
      try {
        await handle.writeFile(`${JSON.stringify(me)}\n`, "utf8");
      } finally {
        await handle.close();
      }
      return {
        held: {
          file,
          async release() {
            // Only our own lock: a taker-over's is not ours to remove.
            const now = ownerOf(await readFile(file, "utf8").catch(() => ""));
            if (now?.pid === me.pid && now.host === me.host && now.time === me.time) await unlink(file).catch(() => undefined);
          },
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const text = await readFile(file, "utf8").catch(() => undefined);
    if (text === undefined) continue; // released meanwhile
    const owner = ownerOf(text);
    if (!owner) {
      const age = Date.now() - (await stat(file).then((s) => s.mtimeMs, () => Date.now()));
      if (age < UNREADABLE_STALE_MS) return { refused: `another mrap-guard apply is starting on ${name} (lock file ${file}); try again in a minute.` };
      warn(`Taking over the unreadable lock file ${file}, ${Math.round(age / 1000)} s old.`);
    } else if (owner.host === me.host && !alive(owner.pid)) {
      warn(`Taking over the lock file ${file}: its owner, pid ${owner.pid} (${owner.operation}, since ${owner.time}), is no longer running.`);
    } else {
      const where = owner.host === me.host ? "on this machine" : `on host ${owner.host}`;
      return {
        refused: `another mrap-guard apply (pid ${owner.pid} ${where}, ${owner.operation} since ${owner.time}) is working on ${name}: wait for it to finish${owner.host === me.host ? "" : `, or remove ${file} if it is not running`}.`,
      };
    }
    await unlink(file).catch(() => undefined);
  }
  return { refused: `the lock file ${file} keeps changing hands; try again.` };
}
