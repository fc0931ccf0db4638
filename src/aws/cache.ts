import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export interface ResultCache {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown): void;
}

/** Encodes a JSON-like value with object keys sorted, so equal data always encodes the same. */
function canonical(value: unknown, seen: Set<object>): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  switch (typeof value) {
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "number":
      return Number.isFinite(value) ? JSON.stringify(value) : String(value);
    case "bigint":
      return `${value}n`;
    case "object":
      break;
    default:
      throw new TypeError(`cacheKey: cannot encode a ${typeof value}`);
  }
  if (value instanceof Date) return `Date(${JSON.stringify(Number.isNaN(value.getTime()) ? null : value.toISOString())})`;
  if (seen.has(value)) throw new TypeError("cacheKey: cannot encode a circular structure");
  seen.add(value);
  let text: string;
  if (Array.isArray(value)) {
    text = `[${value.map((item: unknown) => canonical(item, seen)).join(",")}]`;
  } else {
    const record = value as Record<string, unknown>;
    const entries = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(record[key], seen)}`);
    text = `{${entries.join(",")}}`;
  }
  seen.delete(value);
  return text;
}

/** Where an answer came from: an answer is reused only from the same endpoint, Region, partition and account. */
export interface CacheScope {
  /** The endpoint URL the client sends to (a custom one, or the one the SDK resolves for the Region). */
  endpoint?: string;
  region?: string;
  partition?: string;
  /** The caller's account, when the credentials name it. */
  account?: string;
}

/**
 * The cache key of one Access Analyzer call: sha256 hex over its operation, exact policy text, parameters, tool
 * version and scope.
 */
export function cacheKey(operation: string, policyText: string, parameters: unknown, toolVersion: string, scope: CacheScope = {}): string {
  const encoded = canonical(["mrap-guard-cache", 2, operation, toolVersion, policyText, parameters, scope], new Set());
  return createHash("sha256").update(encoded, "utf8").digest("hex");
}

interface Entry {
  v: 1;
  key: string;
  savedAt: string;
  value: unknown;
}

const SAFE_NAME = /^[0-9a-f]{8,128}$/;

/**
 * A directory of JSON files, one per key (`ab/abcdef….json`). Never throws: an unreadable entry is a miss and a
 * failed write is dropped and counted in `writeErrors`.
 */
export class DiskCache implements ResultCache {
  #writeErrors = 0;

  constructor(readonly directory: string) {}

  get writeErrors(): number {
    return this.#writeErrors;
  }

  #file(key: string): string {
    // Keys are normally sha256 hex already; anything else is hashed so it cannot name a path outside the cache.
    const name = SAFE_NAME.test(key) ? key : createHash("sha256").update(key, "utf8").digest("hex");
    return path.join(this.directory, name.slice(0, 2), `${name}.json`);
  }

  get<T>(key: string): T | undefined {
    try {
      const entry: unknown = JSON.parse(readFileSync(this.#file(key), "utf8"));
      if (typeof entry !== "object" || entry === null) return undefined;
      const candidate = entry as Partial<Entry>;
      if (candidate.v !== 1 || candidate.key !== key || !("value" in candidate)) return undefined;
      return candidate.value as T;
    } catch {
      return undefined;
    }
  }

  set(key: string, value: unknown): void {
    const file = this.#file(key);
    const temp = `${file}.${process.pid}-${randomBytes(6).toString("hex")}.tmp`;
    try {
      const entry: Entry = { v: 1, key, savedAt: new Date().toISOString(), value };
      const text = JSON.stringify(entry);
      mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      writeFileSync(temp, text, { encoding: "utf8", mode: 0o600, flag: "wx" });
      renameSync(temp, file);
    } catch {
      this.#writeErrors++;
      try {
        rmSync(temp, { force: true });
      } catch {
        // Nothing more to do: the directory is not writable.
      }
    }
  }
}

/** For `--no-cache`: every get misses, every set is dropped. */
export class NoCache implements ResultCache {
  readonly writeErrors = 0;

  get<T>(_key: string): T | undefined {
    return undefined;
  }

  set(_key: string, _value: unknown): void {
    // Deliberately empty.
  }
}

function isDirectory(candidate: string): boolean {
  try {
    return statSync(candidate).isDirectory();
  } catch {
    return false;
  }
}

/**
 * `<nearest node_modules>/.cache/mrap-guard` (the convention of find-cache-dir), else the user's cache directory:
 * `$XDG_CACHE_HOME`, `~/Library/Caches` (macOS), `%LOCALAPPDATA%` (Windows) or `~/.cache`.
 */
export function defaultCacheLocation(
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  for (let dir = path.resolve(cwd); ; ) {
    const modules = path.join(dir, "node_modules");
    if (isDirectory(modules)) return path.join(modules, ".cache", "mrap-guard");
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const paths = platform === "win32" ? path.win32 : path.posix;
  const xdg = env.XDG_CACHE_HOME;
  // The XDG spec says a relative value is invalid and must be ignored.
  if (xdg !== undefined && xdg !== "" && paths.isAbsolute(xdg)) return paths.join(xdg, "mrap-guard");
  if (platform === "darwin") return paths.join(home, "Library", "Caches", "mrap-guard");
  if (platform === "win32") {
    const local = env.LOCALAPPDATA;
    return local !== undefined && local !== "" ? paths.join(local, "mrap-guard") : paths.join(home, "AppData", "Local", "mrap-guard");
  }
  return paths.join(home, ".cache", "mrap-guard");
}
