/**
 * Issue 12, "every network run bounded" and "a cache that cannot lie": misbehaving Access Analyzer endpoints and
 * hostile cache entries, through `mrap-guard lint --access-analyzer` against servers on 127.0.0.1.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import { jsonMessages, runCli } from "../helpers/cli.js";
import { project } from "../helpers/project.js";
import { startAccessAnalyzerServer, type AccessAnalyzerServer } from "../support/access-analyzer-server.js";
import { isolatedAwsEnv } from "../support/clients.js";

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
