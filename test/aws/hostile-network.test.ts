/**
 * Issue 12, "every network run bounded" and "a cache that cannot lie": misbehaving Access Analyzer endpoints and
 * hostile cache entries, through `mrap-guard lint --access-analyzer` against servers on 127.0.0.1.
 */
import assert from "node:assert/strict";
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import { jsonMessages, runCli } from "../helpers/cli.js";
import { project } from "../helpers/project.js";
import { startAccessAnalyzerServer, type AccessAnalyzerServer } from "../support/access-analyzer-server.js";
import { createAccessAnalyzerService } from "../../src/aws/access-analyzer.js";
import { NoCache } from "../../src/aws/cache.js";
import { AwsClients } from "../../src/aws/clients.js";
import { ServiceError } from "../../src/engine/services.js";
import { isolatedAwsEnv, TEST_CREDENTIALS } from "../support/clients.js";

let server: AccessAnalyzerServer;
let home: string;
const saved = { ...process.env };

function awsEnv(endpoint: string, extra: Record<string, string> = {}): void {
  process.env = isolatedAwsEnv(saved, { AWS_ENDPOINT_URL_ACCESSANALYZER: endpoint, XDG_CONFIG_HOME: join(home, "config"), ...extra });
}

before(async () => {
  server = await startAccessAnalyzerServer();
  home = await mkdtemp(join(tmpdir(), "mrap-guard-hostile-"));
});
after(async () => {
  process.env = saved;
  await server.close();
  await rm(home, { recursive: true, force: true });
});
beforeEach(() => {
  awsEnv(server.url);
  server.reset();
});

const POLICY = '{ "Version": "2012-10-17", "Statement": [] }\n';

async function fixture(accessAnalyzer: Record<string, unknown> = {}): Promise<string> {
  return project({
    "p.json": POLICY,
    "mrap-guard.config.json": JSON.stringify({ files: [{ files: "p.json", kind: "bucket-policy" }], rules: { "access-analyzer/no-public-access": "off" }, accessAnalyzer }),
  });
}

async function run(args: string[], cwd: string) {
  const result = await runCli([...args, "--format", "json"], { cwd, env: process.env });
  return { ...result, messages: result.stdout ? jsonMessages(result.stdout) : [] };
}

const serviceErrors = (messages: { ruleId: string; message: string }[]): string[] => messages.filter((m) => m.ruleId === "core/service-error").map((m) => m.message);
const validateCalls = (): number => server.calls.filter((c) => c.operation === "ValidatePolicy").length;

describe("every network run bounded", () => {
  it("stops at a repeated nextToken with core/service-error", { timeout: 30_000 }, async () => {
    server.script((request) => (request.operation === "ValidatePolicy" ? { status: 200, body: { findings: [], nextToken: "same" } } : undefined));
    const started = Date.now();
    const { code, messages } = await run(["lint", "--access-analyzer", "--no-cache", "p.json"], await fixture());
    assert.equal(code, 1);
    assert.equal(validateCalls(), 2, "the first page and the one that repeated its token");
    assert.deepEqual(serviceErrors(messages).length, 1);
    assert.match(serviceErrors(messages)[0]!, /ValidatePolicy failed: PaginationLoop/);
    assert.ok(Date.now() - started < 15_000);
  });

  it("stops after 50 pages of ever-new tokens with core/service-error", { timeout: 30_000 }, async () => {
    let n = 0;
    server.script((request) => (request.operation === "ValidatePolicy" ? { status: 200, body: { findings: [], nextToken: `t${++n}` } } : undefined));
    const { code, messages } = await run(["lint", "--access-analyzer", "--no-cache", "p.json"], await fixture());
    assert.equal(code, 1);
    assert.equal(validateCalls(), 50);
    assert.match(serviceErrors(messages)[0] ?? "", /ValidatePolicy failed: TooManyPages/);
  });

  it("ends a run against a silent endpoint at accessAnalyzer.deadlineSeconds", { timeout: 30_000 }, async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => {
      sockets.add(socket);
      socket.on("error", () => undefined);
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const address = silent.address();
    assert.ok(address !== null && typeof address === "object");
    try {
      awsEnv(`http://127.0.0.1:${address.port}`);
      const cwd = await project({
        "a.json": POLICY,
        "b.json": POLICY,
        "c.json": POLICY,
        "mrap-guard.config.json": JSON.stringify({ files: [{ files: "*.json", kind: "bucket-policy" }], accessAnalyzer: { deadlineSeconds: 1.5, concurrency: 1 } }),
      });
      const started = Date.now();
      const { code, messages } = await run(["lint", "--access-analyzer", "--no-cache", "a.json", "b.json", "c.json"], cwd);
      const elapsed = Date.now() - started;
      assert.equal(code, 1);
      assert.ok(elapsed < 8_000, `ended after ${elapsed} ms`);
      const errors = serviceErrors(messages);
      assert.ok(errors.length >= 3, "every check left over is reported");
      assert.ok(errors.every((e) => /failed: (TimeoutError|DeadlineExceeded)/.test(e)), errors.join("\n"));
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

const PUBLIC_POLICY = '{ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::orders-use1/*" }] }\n';

async function publicFixture(): Promise<string> {
  return project({ "p.json": PUBLIC_POLICY, "mrap-guard.config.json": JSON.stringify({ files: [{ files: "p.json", kind: "bucket-policy" }] }) });
}

describe("a cache that cannot lie", () => {
  it("does not cache an empty {} answer (no findings list, UNKNOWN result): the next run asks again and sees the real one", { timeout: 30_000 }, async () => {
    const cwd = await publicFixture();
    const cacheDir = join(home, "cache-empty");
    server.script(() => ({ status: 200, body: {} }));
    await run(["lint", "--access-analyzer", "--cache-location", cacheDir, "p.json"], cwd);
    const broken = server.calls.length;
    assert.ok(broken >= 2);
    server.script(undefined);
    const real = await run(["lint", "--access-analyzer", "--cache-location", cacheDir, "p.json"], cwd);
    assert.equal(server.calls.length, broken * 2, "every call was made again");
    assert.equal(real.code, 1);
    assert.ok(real.messages.some((m) => m.ruleId === "access-analyzer/no-public-access"), "the real answer: public");
  });

  it("keys entries by endpoint and Region", { timeout: 30_000 }, async () => {
    const cwd = await publicFixture();
    const cacheDir = join(home, "cache-scope");
    const other = await startAccessAnalyzerServer();
    try {
      await run(["lint", "--access-analyzer", "--cache-location", cacheDir, "p.json"], cwd);
      const first = server.calls.length;
      assert.ok(first >= 2);
      await run(["lint", "--access-analyzer", "--cache-location", cacheDir, "p.json"], cwd);
      assert.equal(server.calls.length, first, "same endpoint and Region: all from the cache");
      awsEnv(other.url);
      await run(["lint", "--access-analyzer", "--cache-location", cacheDir, "p.json"], cwd);
      assert.equal(other.calls.length, first, "another endpoint: asked again");
      awsEnv(server.url, { AWS_REGION: "eu-west-1" });
      await run(["lint", "--access-analyzer", "--cache-location", cacheDir, "p.json"], cwd);
      assert.equal(server.calls.length, first * 2, "another Region: asked again");
    } finally {
      await other.close();
    }
  });
});

/** Every entry file under `dir`. */
async function entries(dir: string): Promise<string[]> {
  const found = await readdir(dir, { recursive: true, withFileTypes: true });
  return found.filter((e) => e.isFile() && e.name.endsWith(".json")).map((e) => join(e.parentPath, e.name));
}

describe("cache entries nobody else can write", () => {
  it("ignores planted entries (valid JSON, the right key, no valid MAC) and asks the service", { timeout: 30_000 }, async () => {
    const cwd = await publicFixture();
    const cacheDir = join(home, "cache-planted");
    const first = await run(["lint", "--access-analyzer", "--cache-location", cacheDir, "p.json"], cwd);
    assert.ok(first.messages.some((m) => m.ruleId === "access-analyzer/no-public-access"));
    const calls = server.calls.length;
    const files = await entries(cacheDir);
    assert.ok(files.length >= 2);
    for (const file of files) {
      const entry = JSON.parse(await readFile(file, "utf8")) as Record<string, unknown>;
      entry["value"] = Array.isArray(entry["value"]) ? [] : { result: "PASS", reasons: [] };
      entry["savedAt"] = "2020-01-01T00:00:00.000Z";
      await writeFile(file, JSON.stringify(entry));
    }
    const planted = await run(["lint", "--access-analyzer", "--cache-location", cacheDir, "p.json"], cwd);
    assert.equal(server.calls.length, calls * 2, "every planted entry was ignored and the call made");
    assert.equal(planted.code, 1);
    assert.ok(planted.messages.some((m) => m.ruleId === "access-analyzer/no-public-access"), "still public");
  });

  it("warns once and runs without the cache in a world-writable cache directory", { skip: process.platform === "win32", timeout: 30_000 }, async () => {
    const cwd = await publicFixture();
    const cacheDir = join(home, "cache-open");
    await mkdir(cacheDir);
    await chmod(cacheDir, 0o777);
    const one = await run(["lint", "--access-analyzer", "--cache-location", cacheDir, "p.json"], cwd);
    assert.match(one.stderr, /not cached this run: the cache directory .* is group- or world-writable/);
    assert.equal(one.stderr.split("\n").filter((l) => l.includes("not cached")).length, 1);
    const calls = server.calls.length;
    await run(["lint", "--access-analyzer", "--cache-location", cacheDir, "p.json"], cwd);
    assert.equal(server.calls.length, calls * 2);
    assert.deepEqual(await entries(cacheDir), []);
  });

  it("resolves a relative --cache-location against the run's directory", { timeout: 30_000 }, async () => {
    const cwd = await publicFixture();
    await run(["lint", "--access-analyzer", "--cache-location", "rel-cache", "p.json"], cwd);
    assert.ok((await entries(join(cwd, "rel-cache"))).length >= 2);
  });

  it("does not follow a symlinked cache directory", { skip: process.platform === "win32", timeout: 30_000 }, async () => {
    const cwd = await publicFixture();
    const target = join(home, "cache-target");
    await mkdir(target, { mode: 0o700 });
    const link = join(home, "cache-link");
    await symlink(target, link);
    const one = await run(["lint", "--access-analyzer", "--cache-location", link, "p.json"], cwd);
    assert.match(one.stderr, /the cache directory .* is a symbolic link/);
    assert.deepEqual(await entries(target), []);
  });
});

describe("the Access Analyzer deadline and the caller's", () => {
  it("keeps to the caller's deadline when it is earlier than the run's", { timeout: 30_000 }, async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => {
      sockets.add(socket);
      socket.on("error", () => undefined);
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const address = silent.address();
    assert.ok(address !== null && typeof address === "object");
    const clients = new AwsClients({ region: "us-east-1", credentials: TEST_CREDENTIALS, env: { AWS_ENDPOINT_URL_ACCESSANALYZER: `http://127.0.0.1:${address.port}` } });
    try {
      const started = Date.now();
      const callerDeadline = started + 1_000;
      const service = createAccessAnalyzerService({
        clients,
        cache: new NoCache(),
        limit: (task) => task(),
        toolVersion: "test",
        deadline: started + 60_000,
        retry: { deadline: () => callerDeadline },
      });
      await assert.rejects(service.validatePolicy({ policyDocument: POLICY, resourceType: "AWS::S3::Bucket" }), (error: unknown) => error instanceof ServiceError);
      assert.ok(Date.now() - started < 6_000, `took ${Date.now() - started} ms`);
    } finally {
      clients.destroy();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

describe("lint --live against a silent endpoint", () => {
  it("ends at accessAnalyzer.deadlineSeconds with core/service-error", { timeout: 30_000 }, async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => {
      sockets.add(socket);
      socket.on("error", () => undefined);
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const address = silent.address();
    assert.ok(address !== null && typeof address === "object");
    const url = `http://127.0.0.1:${address.port}`;
    try {
      awsEnv(url, { AWS_ENDPOINT_URL_S3_CONTROL: url, AWS_ENDPOINT_URL_S3: url });
      const cwd = await project({
        "orders.mrap.yaml": 'AccountId: "111122223333"\nMultiRegionAccessPoint:\n  Name: orders-global\n  Regions:\n    - Bucket: orders-use1\n      Region: us-east-1\n',
        "mrap-guard.config.json": JSON.stringify({ accessAnalyzer: { deadlineSeconds: 1.5 } }),
      });
      const started = Date.now();
      const { code, messages } = await run(["lint", "--live", "orders.mrap.yaml"], cwd);
      const elapsed = Date.now() - started;
      assert.equal(code, 1);
      assert.ok(elapsed < 10_000, `ended after ${elapsed} ms`);
      assert.ok(serviceErrors(messages).length >= 1);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
