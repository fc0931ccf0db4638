import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, renameSync, rmSync, statfsSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { readBoundedFile } from "../document/read.js";

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
  v: 2;
  key: string;
  savedAt: string;
  value: unknown;
  /** HMAC-SHA256, under the user's cache secret, of `JSON.stringify([v, key, savedAt, value])`. */
  mac: string;
}

const SAFE_NAME = /^[0-9a-f]{8,128}$/;
/** Entries larger than this are neither written nor read. */
export const MAX_ENTRY_BYTES = 1024 * 1024;
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const NONBLOCK = constants.O_NONBLOCK ?? 0;

function mac(secret: Buffer, entry: Omit<Entry, "mac">): string {
  return createHmac("sha256", secret).update(JSON.stringify([entry.v, entry.key, entry.savedAt, entry.value]), "utf8").digest("hex");
}

/**
 * Linux pseudo filesystems (statfs f_type), whose "files" are kernel interfaces: a read can block or never end,
 * and mkdir answers ENOENT under an existing directory, on which Node's recursive mkdirSync loops forever.
 */
const SPECIAL_FILESYSTEMS = new Map<number, string>([
  [0x9fa0, "proc"],
  [0x62656572, "sysfs"],
  [0x1cd1, "devpts"],
  [0x64626720, "debugfs"],
  [0x74726163, "tracefs"],
  [0x73636673, "securityfs"],
  [0x27e0eb, "cgroup"],
  [0x63677270, "cgroup2"],
  [0xcafe4a11, "bpf"],
  [0x62656570, "configfs"],
  [0x6e736673, "nsfs"],
  [0x6165676c, "pstore"],
  [0xde5e81e4, "efivarfs"],
  [0x42494e4d, "binfmt_misc"],
  [0x19800202, "mqueue"],
  [0x65735543, "fusectl"],
  [0xf97cff8c, "selinuxfs"],
]);

/** Why `target` (or, when it does not exist yet, where it would be created) is no place for cache files. */
function placeProblem(target: string): string | undefined {
  let existing = path.resolve(target);
  // Bounded by the path's depth: each step goes one directory up.
  while (statSync(existing, { throwIfNoEntry: false }) === undefined) {
    const parent = path.dirname(existing);
    if (parent === existing) return undefined;
    existing = parent;
  }
  if (process.platform !== "linux") return undefined;
  const name = SPECIAL_FILESYSTEMS.get(statfsSync(existing).type >>> 0);
  return name === undefined ? undefined : `is on the ${name} filesystem, which holds no regular files`;
}

/**
 * `mkdir -p` with mode 0700, one directory at a time: Node's `recursive` loops forever where mkdir answers ENOENT
 * under an existing parent (as in /proc); here that is an error.
 */
function makeDirectories(directory: string): void {
  const missing: string[] = [];
  for (let dir = path.resolve(directory); statSync(dir, { throwIfNoEntry: false }) === undefined; dir = path.dirname(dir)) {
    missing.unshift(dir);
    if (path.dirname(dir) === dir) break;
  }
  for (const dir of missing) {
    try {
      mkdirSync(dir, { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
}

/** At most `limit` bytes of a regular file, not following a symlink; `undefined` for anything else or larger. */
function readBounded(file: string, limit: number): Buffer | undefined {
  const read = readBoundedFile(file, { limit, noFollow: true });
  return read.ok ? read.bytes : undefined;
}

/**
 * A directory of JSON files, one per key (`ab/abcdef….json`), each authenticated with an HMAC under `secret`
 * (see cacheSecret): an entry written by anyone without the secret is a miss. Never throws: an unreadable entry
 * is a miss and a failed write is dropped and counted in `writeErrors`.
 */
export class DiskCache implements ResultCache {
  #writeErrors = 0;
  readonly #secret: Buffer;

  constructor(
    readonly directory: string,
    secret: Buffer,
  ) {
    this.#secret = secret;
  }

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
      const file = this.#file(key);
      if (lstatSync(path.dirname(file)).isSymbolicLink()) return undefined;
      const bytes = readBounded(file, MAX_ENTRY_BYTES);
      if (bytes === undefined) return undefined;
      const entry: unknown = JSON.parse(bytes.toString("utf8"));
      if (typeof entry !== "object" || entry === null) return undefined;
      const candidate = entry as Partial<Entry>;
      if (candidate.v !== 2 || candidate.key !== key || typeof candidate.savedAt !== "string" || typeof candidate.mac !== "string" || !("value" in candidate)) return undefined;
      const expected = Buffer.from(mac(this.#secret, { v: 2, key, savedAt: candidate.savedAt, value: candidate.value }), "hex");
      const given = Buffer.from(candidate.mac, "hex");
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      return candidate.value as T;
    } catch {
      return undefined;
    }
  }

  set(key: string, value: unknown): void {
    const file = this.#file(key);
    const temp = `${file}.${process.pid}-${randomBytes(6).toString("hex")}.tmp`;
    try {
      const unsigned = { v: 2 as const, key, savedAt: new Date().toISOString(), value };
      const entry: Entry = { ...unsigned, mac: mac(this.#secret, unsigned) };
      const text = JSON.stringify(entry);
      // Too big to be read back: not worth writing.
      if (Buffer.byteLength(text, "utf8") > MAX_ENTRY_BYTES) return;
      makeDirectories(path.dirname(file));
      if (lstatSync(path.dirname(file)).isSymbolicLink()) throw new Error("symlinked fan-out directory");
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

const ownedByUs = (uid: number): boolean => typeof process.getuid !== "function" || uid === process.getuid();

/**
 * Why `directory` must not be used as a cache (`undefined`: it may). It may not exist yet (it is then created
 * with mode 0700); if it does, it must be a real directory (not a symlink), owned by this user and not group- or
 * world-writable, since anyone who can write it could plant or swap entries.
 */
export function cacheDirectoryProblem(directory: string): string | undefined {
  let stat;
  try {
    stat = lstatSync(directory);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOENT") return `cannot be read (${code ?? "error"})`;
  }
  if (stat?.isSymbolicLink() === true) return "is a symbolic link";
  if (stat !== undefined && !stat.isDirectory()) return "is not a directory";
  try {
    const place = placeProblem(directory);
    if (place !== undefined) return place;
  } catch (error) {
    return `cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`;
  }
  if (stat === undefined) return undefined;
  if (process.platform === "win32") return undefined;
  if (!ownedByUs(stat.uid)) return "is owned by another user";
  if ((stat.mode & 0o022) !== 0) return "is group- or world-writable";
  return undefined;
}

/**
 * Where the per-user cache secret lives: `$XDG_CONFIG_HOME/mrap-guard/cache-key`, `%APPDATA%\mrap-guard\cache-key`
 * (Windows), `~/Library/Application Support/mrap-guard/cache-key` (macOS) or `~/.config/mrap-guard/cache-key`.
 * It is never under the cache directory, so a checkout (and a pull request) cannot hold it.
 */
export function cacheSecretLocation(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = os.homedir()): string {
  const paths = platform === "win32" ? path.win32 : path.posix;
  const xdg = env.XDG_CONFIG_HOME;
  if (platform !== "win32" && xdg !== undefined && xdg !== "" && paths.isAbsolute(xdg)) return paths.join(xdg, "mrap-guard", "cache-key");
  if (platform === "win32") {
    const appData = env.APPDATA;
    return appData !== undefined && appData !== "" ? paths.join(appData, "mrap-guard", "cache-key") : paths.join(home, "AppData", "Roaming", "mrap-guard", "cache-key");
  }
  if (platform === "darwin") return paths.join(home, "Library", "Application Support", "mrap-guard", "cache-key");
  return paths.join(home, ".config", "mrap-guard", "cache-key");
}

const SECRET_TEXT = /^[0-9a-f]{64}\n?$/;

/**
 * The per-user cache secret at `file`, created (32 random bytes, hex, mode 0600) on first use; or why it cannot
 * be used (a symlink, not a regular file, on a pseudo filesystem such as /proc, not this user's, readable by
 * others, malformed). It is read bounded and without blocking.
 */
export function cacheSecret(file: string): Buffer | { problem: string } {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const place = placeProblem(file);
      if (place !== undefined) return { problem: `${file} ${place}` };
      const fd = openSync(file, constants.O_RDONLY | NOFOLLOW | NONBLOCK);
      try {
        const stat = fstatSync(fd);
        if (!stat.isFile()) return { problem: `${file} is not a regular file` };
        if (process.platform !== "win32" && (!ownedByUs(stat.uid) || (stat.mode & 0o077) !== 0)) return { problem: `${file} must be owned by this user with mode 0600` };
        if (stat.size > 128) return { problem: `${file} is malformed` };
      } finally {
        closeSync(fd);
      }
      const read = readBoundedFile(file, { limit: 128, noFollow: true });
      if (!read.ok && read.reason === "not-a-file") return { problem: `${file} is not a regular file` };
      const text = read.ok ? read.bytes.toString("utf8") : "";
      if (!SECRET_TEXT.test(text)) return { problem: `${file} is malformed` };
      return Buffer.from(text.trim(), "hex");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ELOOP") return { problem: `${file} is a symbolic link` };
      if (code !== "ENOENT") return { problem: `${file} cannot be read (${code ?? "error"})` };
    }
    try {
      makeDirectories(path.dirname(file));
      writeFileSync(file, `${randomBytes(32).toString("hex")}\n`, { encoding: "utf8", mode: 0o600, flag: "wx" });
    } catch (error) {
      // Another process created it first: read theirs.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") return { problem: `${file} cannot be created (${(error as NodeJS.ErrnoException).code ?? "error"})` };
    }
  }
  return { problem: `${file} cannot be read` };
}

/**
 * The disk cache for `directory` keyed by the secret at `secretFile`, or why the run goes without a cache.
 */
export function openDiskCache(directory: string, secretFile: string): DiskCache | { problem: string } {
  const resolved = path.resolve(directory);
  const relative = path.relative(resolved, path.resolve(secretFile));
  if (relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative))) return { problem: `the cache secret ${secretFile} is inside the cache directory ${directory}` };
  const problem = cacheDirectoryProblem(resolved);
  if (problem !== undefined) return { problem: `the cache directory ${directory} ${problem}` };
  const secret = cacheSecret(secretFile);
  if ("problem" in secret) return secret;
  return new DiskCache(resolved, secret);
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
