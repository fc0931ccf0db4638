import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, win32 } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { randomBytes } from "node:crypto";
import { cacheKey, defaultCacheLocation, DiskCache, NoCache } from "../../src/aws/cache.js";

const SECRET = randomBytes(32);

const created: string[] = [];
const temp = (): string => {
  const dir = mkdtempSync(join(tmpdir(), "mrap-guard-cache-"));
  created.push(dir);
  return dir;
};
after(() => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});
const POLICY = '{"Version":"2012-10-17","Statement":[]}';
const KEY = cacheKey("ValidatePolicy", POLICY, { resourceType: "AWS::S3::MultiRegionAccessPoint" }, "0.1.0");

/** Every file under `dir`, relative. */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

describe("cacheKey", () => {
  const base = { op: "CheckNoNewAccess", text: POLICY, params: { a: 1, b: { c: [1, 2], d: "x" } }, version: "1.0.0" };
  const key = cacheKey(base.op, base.text, base.params, base.version);

  it("is sha256 hex and stable", () => {
    assert.match(key, /^[0-9a-f]{64}$/);
    assert.equal(cacheKey(base.op, base.text, base.params, base.version), key);
  });

  it("ignores object key order at every depth, and undefined members", () => {
    assert.equal(cacheKey(base.op, base.text, { b: { d: "x", c: [1, 2] }, a: 1 }, base.version), key);
    assert.equal(cacheKey(base.op, base.text, { b: { d: "x", c: [1, 2], e: undefined }, a: 1 }, base.version), key);
  });

  const changes: { name: string; key: string }[] = [
    { name: "operation", key: cacheKey("CheckAccessNotGranted", base.text, base.params, base.version) },
    { name: "policy text whitespace", key: cacheKey(base.op, '{ "Version":"2012-10-17","Statement":[]}', base.params, base.version) },
    { name: "policy text", key: cacheKey(base.op, '{"Version":"2008-10-17","Statement":[]}', base.params, base.version) },
    { name: "a parameter value", key: cacheKey(base.op, base.text, { a: 2, b: { c: [1, 2], d: "x" } }, base.version) },
    { name: "array order", key: cacheKey(base.op, base.text, { a: 1, b: { c: [2, 1], d: "x" } }, base.version) },
    { name: "a number sent as a string", key: cacheKey(base.op, base.text, { a: "1", b: { c: [1, 2], d: "x" } }, base.version) },
    { name: "an extra parameter", key: cacheKey(base.op, base.text, { ...base.params, f: null }, base.version) },
    { name: "no parameters", key: cacheKey(base.op, base.text, undefined, base.version) },
    { name: "tool version", key: cacheKey(base.op, base.text, base.params, "1.0.1") },
  ];
  for (const change of changes) {
    it(`changes with the ${change.name}`, () => {
      assert.notEqual(change.key, key);
    });
  }

  it("keeps the fields apart", () => {
    assert.notEqual(cacheKey("ab", "c", null, "v"), cacheKey("a", "bc", null, "v"));
    assert.notEqual(cacheKey("op", "text", null, "v"), cacheKey("op", "text", "null", "v"));
  });

  it("refuses what it cannot encode", () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    assert.throws(() => cacheKey("op", "t", cycle, "v"), TypeError);
    assert.throws(() => cacheKey("op", "t", { f: () => 1 }, "v"), TypeError);
  });
});

describe("DiskCache", () => {
  it("round-trips through a fan-out directory it creates on the first set", () => {
    const dir = join(temp(), "cache");
    const cache = new DiskCache(dir, SECRET);
    assert.equal(cache.get(KEY), undefined);
    assert.equal(existsSync(dir), false, "get must not create the directory");

    const value = { findings: [{ findingType: "WARNING", issueCode: "X", locations: [] }], nested: { n: 1.5, s: "é" } };
    cache.set(KEY, value);
    assert.equal(cache.writeErrors, 0);
    assert.deepEqual(files(dir), [join(KEY.slice(0, 2), `${KEY}.json`)]);
    if (process.platform !== "win32") assert.equal(statSync(dir).mode & 0o777, 0o700);

    const entry = JSON.parse(readFileSync(join(dir, KEY.slice(0, 2), `${KEY}.json`), "utf8")) as Record<string, unknown>;
    assert.deepEqual(Object.keys(entry).sort(), ["key", "mac", "savedAt", "v", "value"]);
    assert.equal(entry.v, 2);
    assert.equal(entry.key, KEY);
    assert.ok(!Number.isNaN(Date.parse(String(entry.savedAt))));

    assert.deepEqual(new DiskCache(dir, SECRET).get(KEY), value);
    assert.equal(new DiskCache(dir, SECRET).get(KEY.replace(/^./, (c) => (c === "0" ? "1" : "0"))), undefined);
  });

  it("stores falsy values", () => {
    const cache = new DiskCache(temp(), SECRET);
    const values: unknown[] = [null, 0, false, "", []];
    values.forEach((value, i) => cache.set(cacheKey("op", "t", i, "v"), value));
    values.forEach((value, i) => assert.deepEqual(cache.get(cacheKey("op", "t", i, "v")), value));
  });

  it("hashes keys that are not hex instead of using them as paths", () => {
    const dir = temp();
    const cache = new DiskCache(join(dir, "cache"), SECRET);
    cache.set("../../escape", 1);
    assert.equal(cache.get("../../escape"), 1);
    assert.deepEqual(readdirSync(dir), ["cache"]);
  });

  const corrupt: { name: string; text: string }[] = [
    { name: "empty", text: "" },
    { name: "truncated", text: `{"v":1,"key":"${KEY}","savedAt":"2026-01-01T00:00:00.000Z","value":{"a":` },
    { name: "not JSON", text: "\u0000\u0001garbage" },
    { name: "JSON null", text: "null" },
    { name: "another key", text: JSON.stringify({ v: 1, key: "f".repeat(64), savedAt: "", value: 1 }) },
    { name: "another version", text: JSON.stringify({ v: 1, key: KEY, savedAt: "", value: 1 }) },
    { name: "no value", text: JSON.stringify({ v: 1, key: KEY, savedAt: "" }) },
  ];
  for (const c of corrupt) {
    it(`treats a ${c.name} entry as a miss, and overwrites it`, () => {
      const dir = temp();
      mkdirSync(join(dir, KEY.slice(0, 2)));
      writeFileSync(join(dir, KEY.slice(0, 2), `${KEY}.json`), c.text);
      const cache = new DiskCache(dir, SECRET);
      assert.equal(cache.get(KEY), undefined);
      cache.set(KEY, "fresh");
      assert.equal(cache.get(KEY), "fresh");
    });
  }

  it("treats an entry that is a directory as a miss", () => {
    const dir = temp();
    mkdirSync(join(dir, KEY.slice(0, 2), `${KEY}.json`), { recursive: true });
    const cache = new DiskCache(dir, SECRET);
    assert.equal(cache.get(KEY), undefined);
    cache.set(KEY, 1);
    assert.equal(cache.writeErrors, 1);
    assert.deepEqual(files(dir), [], "the temp file is removed");
  });

  it("ignores and counts writes into a read-only directory", (t) => {
    const dir = temp();
    chmodSync(dir, 0o500);
    try {
      try {
        writeFileSync(join(dir, "probe"), "");
        t.skip("chmod does not restrict this user (root?)");
        return;
      } catch {
        // Expected: the directory is read-only for us.
      }
      const cache = new DiskCache(dir, SECRET);
      assert.doesNotThrow(() => cache.set(KEY, 1));
      assert.doesNotThrow(() => cache.set(KEY, 2));
      assert.equal(cache.writeErrors, 2);
      assert.equal(cache.get(KEY), undefined);
    } finally {
      chmodSync(dir, 0o700);
    }
  });

  it("ignores and counts writes when the cache path is a file", () => {
    const file = join(temp(), "not-a-dir");
    writeFileSync(file, "");
    const cache = new DiskCache(file, SECRET);
    assert.doesNotThrow(() => cache.set(KEY, 1));
    assert.equal(cache.writeErrors, 1);
    assert.equal(cache.get(KEY), undefined);
  });

  it("ignores and counts a value JSON cannot hold", () => {
    const cache = new DiskCache(temp(), SECRET);
    cache.set(KEY, { big: 1n });
    assert.equal(cache.writeErrors, 1);
    assert.equal(cache.get(KEY), undefined);
  });

  it("leaves one valid entry and no temp files after repeated sets of one key", () => {
    const dir = temp();
    const a = new DiskCache(dir, SECRET);
    const b = new DiskCache(dir, SECRET);
    for (let i = 0; i < 20; i++) (i % 2 ? a : b).set(KEY, { i });
    assert.deepEqual(a.get(KEY), { i: 19 });
    assert.deepEqual(files(dir), [join(KEY.slice(0, 2), `${KEY}.json`)]);
  });

  it("survives processes writing one key at the same time", async () => {
    const dir = temp();
    const moduleUrl = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), "../../src/aws/cache.ts")).href;
    const script = `
      const { DiskCache } = await import(${JSON.stringify(moduleUrl)});
      const cache = new DiskCache(${JSON.stringify(dir)}, Buffer.from(${JSON.stringify(SECRET.toString("hex"))}, "hex"));
      const writer = process.argv.at(-1);
      const payload = "x".repeat(50_000);
      let bad = 0;
      for (let i = 0; i < 200; i++) {
        cache.set(${JSON.stringify(KEY)}, { writer, i, payload });
        const read = cache.get(${JSON.stringify(KEY)});
        if (read === undefined || read.payload !== payload) bad++;
      }
      process.stdout.write(JSON.stringify({ bad, writeErrors: cache.writeErrors }));
    `;
    const run = promisify(execFile);
    const results = await Promise.all(
      ["w1", "w2", "w3", "w4"].map((writer) =>
        run(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script, writer], { cwd: process.cwd() }),
      ),
    );
    for (const { stdout } of results) {
      const report = JSON.parse(stdout) as { bad: number; writeErrors: number };
      assert.equal(report.bad, 0, "a reader saw a torn entry");
      // Windows may refuse a rename over a file another process has open; that is a dropped write, not corruption.
      if (process.platform !== "win32") assert.equal(report.writeErrors, 0);
    }
    const final = new DiskCache(dir, SECRET).get<{ writer: string; i: number }>(KEY);
    assert.ok(final !== undefined && ["w1", "w2", "w3", "w4"].includes(final.writer));
    assert.deepEqual(files(dir), [join(KEY.slice(0, 2), `${KEY}.json`)]);
  });
});

describe("DiskCache bounds", () => {
  it("does not read an entry over MAX_ENTRY_BYTES (a 400 MB sparse file)", () => {
    const dir = temp();
    const cache = new DiskCache(dir, SECRET);
    cache.set(KEY, 1);
    truncateSync(join(dir, KEY.slice(0, 2), `${KEY}.json`), 400 * 1024 * 1024);
    const before = process.resourceUsage().maxRSS;
    const started = Date.now();
    assert.equal(cache.get(KEY), undefined);
    assert.ok(process.resourceUsage().maxRSS - before < 100 * 1024, "read less than 100 MB");
    assert.ok(Date.now() - started < 2_000);
  });

  it("does not open a FIFO entry (no hang) nor follow a symlinked entry", { skip: process.platform === "win32", timeout: 10_000 }, () => {
    const dir = temp();
    const cache = new DiskCache(dir, SECRET);
    cache.set(KEY, 1);
    const file = join(dir, KEY.slice(0, 2), `${KEY}.json`);
    const elsewhere = join(temp(), "entry.json");
    renameSync(file, elsewhere);
    symlinkSync(elsewhere, file);
    assert.equal(cache.get(KEY), undefined, "a symlinked entry is a miss");
    rmSync(file);
    execFileSync("mkfifo", [file]);
    assert.equal(cache.get(KEY), undefined);
  });

  it("ignores an entry whose MAC was made with another secret", () => {
    const dir = temp();
    new DiskCache(dir, randomBytes(32)).set(KEY, { result: "PASS" });
    assert.equal(new DiskCache(dir, SECRET).get(KEY), undefined);
  });
});

describe("NoCache", () => {
  it("never remembers", () => {
    const cache = new NoCache();
    cache.set(KEY, 1);
    assert.equal(cache.get(KEY), undefined);
    assert.equal(cache.writeErrors, 0);
  });
});

describe("defaultCacheLocation", () => {
  it("uses the nearest node_modules above cwd", () => {
    const root = temp();
    mkdirSync(join(root, "node_modules"));
    mkdirSync(join(root, "pkg", "node_modules"), { recursive: true });
    mkdirSync(join(root, "pkg", "src", "deep"), { recursive: true });
    mkdirSync(join(root, "other", "sub"), { recursive: true });
    const env = { XDG_CACHE_HOME: "/xdg" };
    assert.equal(defaultCacheLocation(join(root, "pkg", "src", "deep"), env, "linux", "/home/u"), join(root, "pkg", "node_modules", ".cache", "mrap-guard"));
    assert.equal(defaultCacheLocation(join(root, "pkg"), env, "linux", "/home/u"), join(root, "pkg", "node_modules", ".cache", "mrap-guard"));
    assert.equal(defaultCacheLocation(join(root, "other", "sub"), env, "linux", "/home/u"), join(root, "node_modules", ".cache", "mrap-guard"));
  });

  it("does not take a file named node_modules", () => {
    const root = temp();
    writeFileSync(join(root, "node_modules"), "");
    const location = defaultCacheLocation(root, {}, "linux", "/home/u");
    assert.notEqual(location, join(root, "node_modules", ".cache", "mrap-guard"));
  });

  const outside = temp();
  const hasNodeModulesAbove = (() => {
    for (let dir = outside; ; dir = dirname(dir)) {
      if (existsSync(join(dir, "node_modules"))) return true;
      if (dirname(dir) === dir) return false;
    }
  })();
  const userCases: { name: string; env: Record<string, string>; platform: NodeJS.Platform; home: string; expected: string }[] = [
    { name: "XDG_CACHE_HOME", env: { XDG_CACHE_HOME: "/var/cache/me" }, platform: "linux", home: "/home/u", expected: "/var/cache/me/mrap-guard" },
    { name: "XDG_CACHE_HOME wins on macOS too", env: { XDG_CACHE_HOME: "/x" }, platform: "darwin", home: "/Users/u", expected: "/x/mrap-guard" },
    { name: "a relative XDG_CACHE_HOME is ignored", env: { XDG_CACHE_HOME: "rel/cache" }, platform: "linux", home: "/home/u", expected: "/home/u/.cache/mrap-guard" },
    { name: "an empty XDG_CACHE_HOME is ignored", env: { XDG_CACHE_HOME: "" }, platform: "linux", home: "/home/u", expected: "/home/u/.cache/mrap-guard" },
    { name: "Linux", env: {}, platform: "linux", home: "/home/u", expected: "/home/u/.cache/mrap-guard" },
    { name: "FreeBSD", env: {}, platform: "freebsd", home: "/home/u", expected: "/home/u/.cache/mrap-guard" },
    { name: "macOS", env: {}, platform: "darwin", home: "/Users/u", expected: "/Users/u/Library/Caches/mrap-guard" },
    {
      name: "Windows with LOCALAPPDATA",
      env: { LOCALAPPDATA: "C:\\Users\\u\\AppData\\Local" },
      platform: "win32",
      home: "C:\\Users\\u",
      expected: win32.join("C:\\Users\\u\\AppData\\Local", "mrap-guard"),
    },
    { name: "Windows without LOCALAPPDATA", env: {}, platform: "win32", home: "C:\\Users\\u", expected: "C:\\Users\\u\\AppData\\Local\\mrap-guard" },
  ];
  for (const c of userCases) {
    it(`falls back to the user cache: ${c.name}`, { skip: hasNodeModulesAbove && "a node_modules exists above the temp directory" }, () => {
      assert.equal(defaultCacheLocation(outside, c.env, c.platform, c.home), c.expected);
    });
  }
});
