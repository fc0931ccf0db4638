/** Small helpers shared by the benchmark: statistics, child processes, peak RSS, table layout. */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** A child environment without anything that would change how Node starts (no inherited --import tsx). */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  delete env["NODE_OPTIONS"];
  delete env["NODE_COMPILE_CACHE"];
  delete env["FORCE_COLOR"];
  return env;
}

export interface Timed {
  ms: number;
  result: SpawnSyncReturns<string>;
}

/** Wall time of one synchronous spawn, measured in this process around spawnSync. */
export function timeSpawn(command: string, args: readonly string[], cwd: string): Timed {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, env: cleanEnv(), encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.error) throw result.error;
  return { ms, result };
}

export type RssMethod = "gnu-time" | "node-exit-hook";

let method: RssMethod | undefined;

/**
 * How peak RSS of a child is measured. GNU time (`/usr/bin/time -f %M`) reports the child's maxrss from
 * wait4(2) without touching the child. Without it, Node itself reports `process.resourceUsage().maxRSS` from
 * an exit hook preloaded with `--import` (which also loads Node's ESM loader, so numbers are a little higher).
 */
export function rssMethod(): RssMethod {
  if (method) return method;
  method = "node-exit-hook";
  if (existsSync("/usr/bin/time")) {
    const dir = mkdtempSync(join(tmpdir(), "mrap-bench-"));
    try {
      const probe = spawnSync("/usr/bin/time", ["-f", "%M", "-o", join(dir, "rss"), process.execPath, "-e", "0"], { encoding: "utf8" });
      if (probe.status === 0 && /^\d+\s*$/.test(readFileSync(join(dir, "rss"), "utf8"))) method = "gnu-time";
    } catch {
      // not GNU time (BusyBox or BSD): fall back
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return method;
}

export interface Measured extends Timed {
  /** Peak resident set size in bytes. */
  rss: number;
}

/** Runs `node <args>` once and measures its peak RSS (and wall time, which includes the wrapper's overhead). */
export function measureNode(args: readonly string[], cwd: string): Measured {
  const dir = mkdtempSync(join(tmpdir(), "mrap-bench-"));
  const file = join(dir, "rss");
  try {
    let timed: Timed;
    if (rssMethod() === "gnu-time") {
      timed = timeSpawn("/usr/bin/time", ["-f", "%M", "-o", file, process.execPath, ...args], cwd);
    } else {
      const hook = `import { writeFileSync } from "node:fs"; process.on("exit", () => writeFileSync(${JSON.stringify(file)}, String(process.resourceUsage().maxRSS)));`;
      timed = timeSpawn(process.execPath, ["--import", "data:text/javascript," + encodeURIComponent(hook), ...args], cwd);
    }
    const kb = Number(readFileSync(file, "utf8").trim().split(/\s+/).pop());
    return { ...timed, rss: kb * 1024 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
export const ms = (value: number) => `${value < 100 ? value.toFixed(1) : value.toFixed(0)} ms`;
export const ratio = (value: number) => `${value.toFixed(2)}×`;
export const count = (value: number) => Math.round(value).toLocaleString("en-US");

/** Left-aligns the first column and right-aligns the others. */
export function table(rows: readonly (readonly string[])[], indent = "  "): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => (row[c] ?? "").length)));
  return rows
    .map((row) => indent + row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ").trimEnd())
    .join("\n");
}
