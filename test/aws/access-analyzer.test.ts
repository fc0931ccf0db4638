/**
 * `mrap-guard lint --access-analyzer` end to end: the CLI, the real Access Analyzer SDK client over HTTP, the
 * fault proxy and our Access Analyzer server, all on 127.0.0.1.
 */
import assert from "node:assert/strict";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import { jsonMessages, runCli, type CliRun } from "../helpers/cli.js";
import { project } from "../helpers/project.js";
import { learnMoreLink, startAccessAnalyzerServer, type AccessAnalyzerServer } from "../support/access-analyzer-server.js";
import { isolatedAwsEnv } from "../support/clients.js";
import { startFaultProxy, type FaultProxy } from "../support/fault-proxy.js";

let server: AccessAnalyzerServer;
let proxy: FaultProxy;
let cacheDir: string;
const saved = { ...process.env };

/** The process environment for one run: our endpoint, test credentials (or none), nothing from the machine. */
function awsEnv(endpoint: string, credentials = true): void {
  process.env = isolatedAwsEnv(saved, { AWS_ENDPOINT_URL_ACCESSANALYZER: endpoint }, credentials);
}

before(async () => {
  server = await startAccessAnalyzerServer();
  proxy = await startFaultProxy({ target: server.url });
  cacheDir = await mkdtemp(join(tmpdir(), "mrap-guard-cache-"));
});
after(async () => {
  process.env = saved;
  await proxy.close();
  await server.close();
  await rm(cacheDir, { recursive: true, force: true });
});
beforeEach(async () => {
  awsEnv(proxy.url);
  server.reset();
  proxy.clear();
  await rm(cacheDir, { recursive: true, force: true });
});

const MANIFEST = `AccountId: "111122223333"
MultiRegionAccessPoint:
  Name: orders-global
  Alias: mfzwi23gnjvgw.mrap
  Regions:
    - Bucket: orders-use1
      Region: us-east-1
      BucketPolicy: ./orders-use1.bucket.json
  Policy:
    Version: "2012-10-17"
    Statement:
      - Sid: Readers
        Effect: Allow
        NotPrincipal:
          AWS: arn:aws:iam::111122223333:role/orders-reader
        Action: s3:GetObject
        Resource: arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*
`;

const BUCKET_POLICY = `{
  "Statement": [
    {
      "Sid": "DelegateToMrap",
      "Effect": "Allow",
      "Principal": { "AWS": "*" },
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::orders-use1/*",
      "Condition": { "StringEquals": { "s3:DataAccessPointAccount": "111122223333" } }
    }
  ]
}
`;

const CONFIG = JSON.stringify({ rules: { "policy/version": "off", "policy/no-allow-not-principal": "off", "mrap/bucket-delegation": "off" } });

async function run(args: string[], cwd: string, tty = false): Promise<CliRun & { messages: ReturnType<typeof jsonMessages> }> {
  const result = await runCli([...args, "--format", "json"], { cwd, env: process.env, stderrTty: tty });
  // A usage error (exit 2) prints no JSON.
  return { ...result, messages: result.stdout ? jsonMessages(result.stdout) : [] };
}

const analyzerFindings = <T extends { ruleId: string }>(messages: T[]): T[] => messages.filter((m) => m.ruleId.startsWith("access-analyzer/") || m.ruleId === "core/service-error");

/** 1-based line of the first line containing `text` after the line containing `after`. */
function lineOf(source: string, text: string, afterText = ""): number {
  const lines = source.split("\n");
  const start = afterText ? lines.findIndex((l) => l.includes(afterText)) : 0;
  return lines.findIndex((l, i) => i >= start && l.includes(text)) + 1;
}

async function fixture(): Promise<string> {
  return project({ "orders.mrap.yaml": MANIFEST, "orders-use1.bucket.json": BUCKET_POLICY, "mrap-guard.config.json": CONFIG });
}

describe("lint --access-analyzer", () => {
  it("keeps one issue code in two statements as two findings with two fingerprints, and suppresses by statement pointer", async () => {
    const statement = '{ "Effect": "Allow", "NotPrincipal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::orders-use1/*" }';
    const text = `{\n  "Version": "2012-10-17",\n  "Statement": [\n    ${statement},\n    ${statement}\n  ]\n}\n`;
    const config = (suppressions: unknown[]) =>
      JSON.stringify({ files: [{ files: "p.json", kind: "bucket-policy" }], rules: { "access-analyzer/no-public-access": "off", "policy/no-allow-not-principal": "off" }, suppressions });
    const cwd = await project({ "p.json": text, "mrap-guard.config.json": config([]) });
    const both = analyzerFindings((await run(["lint", "--access-analyzer", "--no-cache", "p.json"], cwd)).messages);
    assert.deepEqual(both.map((m) => `${m.line}:${m.column} ${m.pointer} ${String(m.data?.["issueCode"])}`), [
      "4:42 /Statement/0/NotPrincipal ALLOW_WITH_NOT_PRINCIPAL",
      "5:42 /Statement/1/NotPrincipal ALLOW_WITH_NOT_PRINCIPAL",
    ]);
    assert.notEqual(both[0]!.fingerprint, both[1]!.fingerprint);
    const suppressed = await project({
      "p.json": text,
      "mrap-guard.config.json": config([{ rule: "access-analyzer/validate-policy", pointer: "/Statement/1", reason: "reviewed in OPS-2" }]),
    });
    const left = analyzerFindings((await run(["lint", "--access-analyzer", "--no-cache", "p.json"], suppressed)).messages);
    assert.deepEqual(left.map((m) => m.pointer), ["/Statement/0/NotPrincipal"]);
  });

  it("gives two issue codes on one element two fingerprints", async () => {
    const cwd = await project({
      "p.json": '{ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*" }] }\n',
      "mrap-guard.config.json": JSON.stringify({ files: [{ files: "p.json", kind: "bucket-policy" }], rules: { "access-analyzer/no-public-access": "off" } }),
    });
    const span = { start: { line: 1, column: 0, offset: 0 }, end: { line: 1, column: 1, offset: 1 } };
    const path = [{ value: "Statement" }, { index: 0 }, { value: "Resource" }];
    server.script((request) => request.operation === "ValidatePolicy"
      ? { status: 200, body: { findings: ["REDUNDANT_RESOURCE", "MISSING_ARN_FIELD"].map((issueCode) => ({ findingType: "ERROR", issueCode, findingDetails: "Review the resource.", learnMoreLink: learnMoreLink(issueCode), locations: [{ path, span }] })) } }
      : undefined);
    const found = analyzerFindings((await run(["lint", "--access-analyzer", "--no-cache", "p.json"], cwd)).messages);
    assert.deepEqual(found.map((m) => `${m.pointer} ${String(m.data?.["issueCode"])}`).sort(), ["/Statement/0/Resource MISSING_ARN_FIELD", "/Statement/0/Resource REDUNDANT_RESOURCE"]);
    assert.notEqual(found[0]!.fingerprint, found[1]!.fingerprint);
  });

  it("lands ValidatePolicy findings on the right line of YAML and JSON files, with the right resource types", async () => {
    const cwd = await fixture();
    const { code, messages } = await run(["lint", "--access-analyzer", "--cache-location", cacheDir, "."], cwd);
    assert.equal(code, 1);
    const found = analyzerFindings(messages).map((m) => `${m.file}:${m.line}:${m.column} ${m.severity} ${m.message.split(":")[0]}`);
    assert.deepEqual(found.sort(), [
      `orders-use1.bucket.json:1:1 warning Access Analyzer WARNING MISSING_VERSION`,
      `orders.mrap.yaml:${lineOf(MANIFEST, "AWS: arn", "NotPrincipal")}:11 error Access Analyzer SECURITY_WARNING ALLOW_WITH_NOT_PRINCIPAL`,
    ]);
    const notPrincipal = messages.find((m) => m.message.includes("ALLOW_WITH_NOT_PRINCIPAL"))!;
    assert.equal(notPrincipal.pointer, "/MultiRegionAccessPoint/Policy/Statement/0/NotPrincipal");
    assert.match(notPrincipal.helpUri ?? "", /access-analyzer-reference-policy-checks/);
    const sent = server.calls.filter((c) => c.operation === "ValidatePolicy").map((c) => (c.body as { validatePolicyResourceType: string; policyType: string }));
    assert.deepEqual(sent.map((b) => b.validatePolicyResourceType).sort(), ["AWS::S3::Bucket", "AWS::S3::MultiRegionAccessPoint"]);
    assert.ok(sent.every((b) => b.policyType === "RESOURCE_POLICY"));
  });

  it("makes no call on a second run over unchanged files, and calls again with --no-cache", async () => {
    const cwd = await fixture();
    const first = await run(["lint", "--access-analyzer", "--cache-location", cacheDir, "."], cwd);
    const callsAfterFirst = server.calls.length;
    assert.ok(callsAfterFirst >= 2);
    assert.ok((await readdir(cacheDir)).length > 0, "the cache directory has entries");
    const second = await run(["lint", "--access-analyzer", "--cache-location", cacheDir, "."], cwd);
    assert.equal(server.calls.length, callsAfterFirst, "the second run made no call");
    assert.deepEqual(analyzerFindings(second.messages), analyzerFindings(first.messages));
    await run(["lint", "--access-analyzer", "--no-cache", "."], cwd);
    assert.ok(server.calls.length > callsAfterFirst, "--no-cache calls again");
  });

  it("retries throttling (honouring retryAfterSeconds), 5xx and dropped connections, and gives the same findings", async () => {
    const cwd = await fixture();
    const clean = analyzerFindings((await run(["lint", "--access-analyzer", "--no-cache", "."], cwd)).messages);
    proxy.clear();
    proxy.faults([
      { kind: "throttle", protocol: "json", retryAfterSeconds: 1 },
      { kind: "error", status: 500, protocol: "json", code: "InternalServerException" },
      { kind: "drop" },
    ]);
    const started = Date.now();
    const { code, messages } = await run(["lint", "--access-analyzer", "--no-cache", "."], cwd);
    assert.equal(code, 1);
    assert.deepEqual(analyzerFindings(messages), clean);
    assert.deepEqual(proxy.pending(), [], "every fault was hit");
    assert.deepEqual(proxy.calls.filter((c) => c.fault).map((c) => c.fault), ["throttle", "error", "drop"]);
    assert.ok(Date.now() - started >= 1000, "waited at least retryAfterSeconds");
  });

  it("turns an outage into core/service-error with the AWS error code and request id, exit 1", async () => {
    const cwd = await project({
      "p.json": '{ "Version": "2012-10-17", "Statement": [] }\n',
      "mrap-guard.config.json": JSON.stringify({ files: [{ files: "p.json", kind: "bucket-policy" }], accessAnalyzer: { maxAttempts: 2 } }),
    });
    proxy.faults(Array.from({ length: 2 }, () => ({ match: { operation: "ValidatePolicy" }, kind: "error" as const, status: 500, protocol: "json" as const, code: "InternalServerException" })));
    const { code, messages } = await run(["lint", "--access-analyzer", "--no-cache", "p.json"], cwd);
    assert.equal(code, 1);
    const errors = messages.filter((m) => m.ruleId === "core/service-error");
    assert.equal(errors.length, 1, "one failed operation, one finding; the other check still ran");
    assert.equal(errors[0]!.severity, "error");
    assert.match(errors[0]!.message, /^Access Analyzer ValidatePolicy failed: InternalServerException\b.* \(after 2 attempts\) \(request id [\w-]+\)$/);
    assert.equal(proxy.calls.filter((c) => c.fault === "error").length, 2);
  });

  it("times a hung call out and reports it", async () => {
    const cwd = await project({
      "p.json": '{ "Version": "2012-10-17", "Statement": [] }\n',
      "mrap-guard.config.json": JSON.stringify({ files: [{ files: "p.json", kind: "bucket-policy" }], rules: { "access-analyzer/no-public-access": "off" }, accessAnalyzer: { maxAttempts: 1, timeoutSeconds: 0.3 } }),
    });
    proxy.faults([{ kind: "delay", ms: 2000 }]);
    const { code, messages } = await run(["lint", "--access-analyzer", "--no-cache", "p.json"], cwd);
    assert.equal(code, 1);
    assert.match(messages.find((m) => m.ruleId === "core/service-error")?.message ?? "", /ValidatePolicy failed: TimeoutError/);
  });

  it("reports an unreachable endpoint as core/service-error", async () => {
    const closed = await startAccessAnalyzerServer();
    const url = closed.url;
    await closed.close();
    awsEnv(url);
    const cwd = await project({ "p.json": '{ "Version": "2012-10-17", "Statement": [] }\n', "mrap-guard.config.json": JSON.stringify({ files: [{ files: "p.json", kind: "bucket-policy" }], accessAnalyzer: { maxAttempts: 1 } }) });
    const { code, messages } = await run(["lint", "--access-analyzer", "--no-cache", "p.json"], cwd);
    assert.equal(code, 1);
    assert.match(messages.find((m) => m.ruleId === "core/service-error")?.message ?? "", /failed: (ECONNREFUSED|NetworkError)/);
  });

  it("without credentials: skipped with one line when the config enables it, an error with --access-analyzer", async () => {
    awsEnv(proxy.url, false);
    const cwd = await project({
      "p.json": '{ "Version": "2012-10-17", "Statement": [] }\n',
      "mrap-guard.config.json": JSON.stringify({ files: [{ files: "p.json", kind: "bucket-policy" }], accessAnalyzer: { enabled: true, maxAttempts: 1 } }),
    });
    const skipped = await run(["lint", "p.json"], cwd);
    assert.equal(skipped.code, 0);
    assert.equal(skipped.stderr, "mrap-guard: Access Analyzer checks skipped: no AWS credentials found (pass --access-analyzer to require them).\n");
    assert.equal(server.calls.length, 0);
    const required = await run(["lint", "--access-analyzer", "--no-cache", "p.json"], cwd);
    assert.equal(required.code, 1);
    assert.ok(required.messages.some((m) => m.ruleId === "core/service-error" && /credentials/i.test(m.message)), required.stdout);
    assert.equal(server.calls.length, 0, "nothing was sent without credentials");
    const off = await run(["lint", "--no-access-analyzer", "p.json"], cwd);
    assert.equal(off.code, 0);
    assert.equal(off.stderr, "");
  });

  it("shows a progress line on a TTY when many policies are checked, and erases it", async () => {
    const files: Record<string, string> = { "mrap-guard.config.json": JSON.stringify({ files: [{ files: "p*.json", kind: "bucket-policy" }] }) };
    for (let i = 0; i < 6; i++) files[`p${i}.json`] = `{ "Version": "2012-10-17", "Statement": [ { "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b${i}/*" } ] }\n`;
    const cwd = await project(files);
    const tty = await run(["lint", "--access-analyzer", "--no-cache", "."], cwd, true);
    assert.equal(tty.code, 0);
    const erase = `\r${String.fromCharCode(27)}[K`;
    assert.ok(tty.stderr.endsWith(`${erase}mrap-guard: AWS checks 24/24${erase}`), JSON.stringify(tty.stderr.slice(-80)));
    const piped = await run(["lint", "--access-analyzer", "--no-cache", "."], cwd, false);
    assert.equal(piped.stderr, "");
  });

  it("checks against --reference-policy, and refuses a reference it cannot read", async () => {
    const reference = `{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "AWS": "*" }, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::orders-use1/*", "Condition": { "StringEquals": { "s3:DataAccessPointAccount": "111122223333" } } } ] }\n`;
    const cwd = await fixture();
    const { writeFile } = await import("node:fs/promises");
    await writeFile(join(cwd, "reference.json"), reference);
    const { messages } = await run(["lint", "--access-analyzer", "--no-cache", "--reference-policy", "reference.json", "orders-use1.bucket.json"], cwd);
    assert.deepEqual(messages.filter((m) => m.ruleId === "access-analyzer/no-new-access"), [], "the same statement is not new access");
    const calls = server.calls.filter((c) => c.operation === "CheckNoNewAccess");
    assert.equal(calls.length, 1);
    assert.equal((calls[0]!.body as { existingPolicyDocument: string }).existingPolicyDocument, JSON.stringify(JSON.parse(reference)));
    await writeFile(join(cwd, "broken.json"), "{ nope");
    const broken = await run(["lint", "--access-analyzer", "--reference-policy", "broken.json", "orders-use1.bucket.json"], cwd);
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /^mrap-guard: --reference-policy broken\.json:1:\d+: /);
  });
});
