/**
 * The guarded PutMultiRegionAccessPointPolicy end to end: the real S3 Control, S3 and Access Analyzer clients
 * over HTTP, through the fault proxy, to moto_server and our Access Analyzer server. After every scenario the
 * live policy is read straight from moto (not through the proxy) and must be the old one or the new, verified
 * one, as the result says.
 */
import assert from "node:assert/strict";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import {
  CreateMultiRegionAccessPointCommand,
  GetMultiRegionAccessPointCommand,
  GetMultiRegionAccessPointPolicyCommand,
  PutMultiRegionAccessPointPolicyCommand,
  type S3ControlClient,
} from "@aws-sdk/client-s3-control";
import { rules } from "../../rules/index.js";
import { putMultiRegionAccessPointPolicy } from "../../src/apply/index.js";
import type { GuardOptions, GuardResult } from "../../src/apply/types.js";
import { startAccessAnalyzerServer, type AccessAnalyzerServer } from "../support/access-analyzer-server.js";
import { s3ControlClient } from "../support/clients.js";
import { createDelegatingBuckets, guardClients } from "../support/guarded-setup.js";
import { startFaultProxy, type FaultProxy } from "../support/fault-proxy.js";
import { motoGate, useMoto } from "../support/moto.js";

const ACCOUNT = "123456789012";
const ENGINE = { rules, toolVersion: "test" };
const gate = motoGate();

type Policy = { Version: string; Statement: Record<string, unknown>[] };

describe("guarded PutMultiRegionAccessPointPolicy against moto", { skip: gate.skip }, () => {
  const moto = useMoto(gate);
  let proxy: FaultProxy;
  let analyzer: AccessAnalyzerServer;
  let direct: S3ControlClient;
  let counter = 0;
  let name = "";
  let alias = "";
  let warnings: string[] = [];

  before(async () => {
    proxy = await startFaultProxy({ target: moto().url });
    analyzer = await startAccessAnalyzerServer();
    direct = s3ControlClient(moto().url);
    // The delegation AWS recommends: the bucket lets any access point of the account decide (aws-facts.md §4.1).
    await createDelegatingBuckets(moto().url, { "orders-use1": "us-east-1" }, ACCOUNT);
  });
  after(async () => {
    await proxy?.close();
    await analyzer?.close();
  });

  // A fresh MRAP per test, so no scenario sees another's policy.
  beforeEach(async () => {
    name = `orders-${++counter}`;
    await direct.send(new CreateMultiRegionAccessPointCommand({ AccountId: ACCOUNT, ClientToken: `create-${name}`, Details: { Name: name, Regions: [{ Bucket: "orders-use1" }] } }));
    alias = (await direct.send(new GetMultiRegionAccessPointCommand({ AccountId: ACCOUNT, Name: name }))).AccessPoint?.Alias ?? "";
    proxy.clear();
    analyzer.reset();
    warnings = [];
  });

  const policy = (actions: string[] = ["s3:GetObject"]): Policy => ({
    Version: "2012-10-17",
    Statement: [{ Sid: "OrdersApp", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/orders-app` }, Action: actions, Resource: `arn:aws:s3::${ACCOUNT}:accesspoint/${alias}/object/*` }],
  });

  const options = (extra: GuardOptions = {}): GuardOptions => ({
    clients: guardClients(proxy.url, analyzer.url),
    pollIntervalMs: { initial: 5, max: 20 },
    timeoutSeconds: 5,
    logger: { warn: (line) => warnings.push(line) },
    ...extra,
  });

  const put = (doc: Policy | string, extra: GuardOptions = {}): Promise<GuardResult> =>
    putMultiRegionAccessPointPolicy({ AccountId: ACCOUNT, Details: { Name: name, Policy: typeof doc === "string" ? doc : JSON.stringify(doc) } }, options(extra), ENGINE);

  /** What moto holds, read around the proxy. */
  const livePolicy = async (): Promise<unknown> => {
    const out = await direct.send(new GetMultiRegionAccessPointPolicyCommand({ AccountId: ACCOUNT, Name: name }));
    const text = out.Policy?.Established?.Policy;
    return text ? JSON.parse(text) : undefined;
  };
  const seed = async (doc: Policy) => {
    await direct.send(new PutMultiRegionAccessPointPolicyCommand({ AccountId: ACCOUNT, ClientToken: `seed-${name}`, Details: { Name: name, Policy: JSON.stringify(doc) } }));
  };
  const sent = (operation: string) => proxy.calls.filter((call) => call.operation === operation);
  const forwarded = (operation: string) => sent(operation).filter((call) => call.forwarded);

  it("applies a first policy, says there was none to compare against, and verifies it", async () => {
    const result = await put(policy());
    assert.equal(result.status, "applied-and-verified", result.message);
    assert.match(result.message, /Established policy is the one sent/);
    assert.deepEqual(await livePolicy(), policy());
    assert.equal(forwarded("PutMultiRegionAccessPointPolicy").length, 1);
    assert.ok(result.plan?.notes.some((note) => /no policy yet/.test(note)));
    assert.match(result.requestTokenArn ?? "", /^arn:aws:s3:us-west-2:123456789012:async-request\/mrap\//);
    assert.match(result.clientToken ?? "", /^mrap-guard-[0-9a-f]{52}$/);
    // The order of the pipeline: read, lint (bucket lookups), re-read, put, poll, read back, policy status, and
    // a last read that the policy is still the one sent.
    const order = proxy.calls.map((call) => call.operation);
    assert.ok(order.indexOf("PutMultiRegionAccessPointPolicy") > order.lastIndexOf("GetBucketPolicy"));
    assert.ok(order.indexOf("DescribeMultiRegionAccessPointOperation") > order.indexOf("PutMultiRegionAccessPointPolicy"));
    assert.deepEqual(order.slice(-2), ["GetMultiRegionAccessPointPolicyStatus", "GetMultiRegionAccessPointPolicy"]);
  });

  it("sends nothing for the live policy written with other whitespace (no-change)", async () => {
    await seed(policy());
    const result = await put(JSON.stringify(policy(), null, 4));
    assert.equal(result.status, "no-change", result.message);
    assert.equal(sent("PutMultiRegionAccessPointPolicy").length, 0);
  });

  it("derives the same ClientToken for the same change, and another for another policy", async () => {
    await seed(policy());
    const first = await put(policy(["s3:GetObject", "s3:PutObject"]), { allowNewAccess: true });
    const plan = await put(policy(["s3:GetObject", "s3:PutObject"]));
    assert.equal(plan.status, "no-change");
    assert.equal(plan.clientToken, first.clientToken);
    const other = await put(policy(["s3:PutObject"]), { allowNewAccess: true });
    assert.notEqual(other.clientToken, first.clientToken);
  });

  it("refuses a public policy before anything is sent, with the finding", async () => {
    await seed(policy());
    const open = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3::${ACCOUNT}:accesspoint/${alias}/object/*` }] };
    const result = await put(open as Policy);
    assert.equal(result.status, "refused");
    assert.match(result.message, /blocking finding/);
    const finding = result.findings.find((f) => f.ruleId === "mrap/no-anonymous");
    assert.ok(finding, JSON.stringify(result.findings.map((f) => f.ruleId)));
    assert.equal(finding.pointer, "/MultiRegionAccessPoint/Policy/Statement/0/Principal", finding.message);
    assert.equal(finding.file, "PutMultiRegionAccessPointPolicy.mrap.json");
    assert.equal(sent("PutMultiRegionAccessPointPolicy").length, 0);
    assert.deepEqual(await livePolicy(), policy());
  });

  it("refuses a policy string with a repeated key, which re-parsing would hide, and sends nothing", async () => {
    await seed(policy());
    // JSON.parse keeps the last Principal (the role); a reader that keeps the first would see "*".
    const text = `{"Version":"2012-10-17","Statement":[{"Sid":"OrdersApp","Effect":"Allow","Principal":"*","Principal":{"AWS":"arn:aws:iam::${ACCOUNT}:role/orders-app"},"Action":"s3:GetObject","Resource":"arn:aws:s3::${ACCOUNT}:accesspoint/${alias}/object/*"}]}`;
    const result = await put(text);
    assert.equal(result.status, "refused", result.message);
    const finding = result.findings.find((f) => f.ruleId === "core/duplicate-key");
    assert.ok(finding, JSON.stringify(result.findings.map((f) => f.ruleId)));
    assert.equal(finding.pointer, "/MultiRegionAccessPoint/Policy/Statement/0/Principal");
    assert.equal(sent("PutMultiRegionAccessPointPolicy").length, 0);
    assert.deepEqual(await livePolicy(), policy());
  });

  it("refuses new access unless it is allowed, and applies it with allowNewAccess", async () => {
    await seed(policy());
    const wider = policy(["s3:GetObject", "s3:PutObject"]);
    const refused = await put(wider);
    assert.equal(refused.status, "refused");
    assert.ok(refused.findings.some((f) => f.ruleId === "access-analyzer/no-new-access" && /allow-new-access/.test(f.message)));
    const check = analyzer.calls.find((call) => call.operation === "CheckNoNewAccess");
    assert.deepEqual(JSON.parse(String((check?.body as Record<string, unknown>)["existingPolicyDocument"])), policy());
    assert.equal(sent("PutMultiRegionAccessPointPolicy").length, 0);

    const allowed = await put(wider, { allowNewAccess: true });
    assert.equal(allowed.status, "applied-and-verified", allowed.message);
    assert.ok(allowed.plan?.notes.some((note) => /New access is allowed/.test(note)));
    assert.deepEqual(await livePolicy(), wider);
  });

  it("refuses when the MRAP does not exist, and sends nothing", async () => {
    const result = await putMultiRegionAccessPointPolicy({ AccountId: ACCOUNT, Details: { Name: "no-such-mrap", Policy: JSON.stringify(policy()) } }, options(), ENGINE);
    assert.equal(result.status, "refused");
    assert.match(result.message, /does not exist in account 123456789012: create it first/);
    assert.equal(sent("PutMultiRegionAccessPointPolicy").length, 0);
  });

  it("retries a throttled and a failed put only after seeing it did not land, and ends verified", async () => {
    proxy.faults([
      { kind: "throttle", protocol: "xml", match: { operation: "PutMultiRegionAccessPointPolicy" } },
      { kind: "error", status: 500, protocol: "xml", code: "InternalError", match: { operation: "PutMultiRegionAccessPointPolicy" } },
      { kind: "throttle", protocol: "xml", match: { operation: "DescribeMultiRegionAccessPointOperation" } },
      { kind: "error", status: 503, protocol: "xml", code: "ServiceUnavailable", match: { operation: "GetMultiRegionAccessPointPolicy" } },
    ]);
    const result = await put(policy());
    assert.equal(result.status, "applied-and-verified", result.message);
    assert.equal(sent("PutMultiRegionAccessPointPolicy").length, 3);
    assert.equal(forwarded("PutMultiRegionAccessPointPolicy").length, 1);
    assert.ok(sent("DescribeMultiRegionAccessPointOperation").length >= 2);
    assert.equal(proxy.pending().length, 0);
    assert.ok(warnings.some((line) => /attempt 1 failed \(SlowDown\); the change has not landed/.test(line)), warnings.join("\n"));
    assert.deepEqual(await livePolicy(), policy());
  });

  it("does not send the put twice when its response is lost after it landed", async () => {
    await seed(policy());
    const next = policy(["s3:GetObject", "s3:GetObjectVersion"]);
    proxy.faults([{ kind: "drop-after-forward", match: { operation: "PutMultiRegionAccessPointPolicy" } }]);
    const result = await put(next, { allowNewAccess: true });
    assert.equal(result.status, "applied-and-verified", result.message);
    assert.equal(sent("PutMultiRegionAccessPointPolicy").length, 1);
    assert.equal(result.requestTokenArn, undefined);
    assert.deepEqual(await livePolicy(), next);
  });

  it("stops when the live policy changes between the plan and the put, and sends nothing", async () => {
    await seed(policy());
    const theirs = policy(["s3:GetObject", "s3:ListMultipartUploadParts"]);
    const result = await put(policy(["s3:GetObject", "s3:PutObject"]), {
      allowNewAccess: true,
      confirm: async () => {
        await seed(theirs);
        return true;
      },
    });
    assert.equal(result.status, "refused");
    assert.match(result.message, /live state changed since the plan \(its policy changed\)/);
    assert.equal(sent("PutMultiRegionAccessPointPolicy").length, 0);
    assert.deepEqual(await livePolicy(), theirs);
  });

  it("reports an operation that ends FAILED, with AWS's error, and the old policy still live", async () => {
    await seed(policy());
    const token = `arn:aws:s3:us-west-2:${ACCOUNT}:async-request/mrap/putmultiregionaccesspointpolicy/failedop`;
    proxy.faults([
      { kind: "respond", status: 200, body: `<PutMultiRegionAccessPointPolicyResult><RequestTokenARN>${token}</RequestTokenARN></PutMultiRegionAccessPointPolicyResult>`, match: { operation: "PutMultiRegionAccessPointPolicy" } },
      { kind: "respond", status: 200, body: describeXml(token, "IN_PROGRESS"), match: { operation: "DescribeMultiRegionAccessPointOperation" } },
      { kind: "respond", status: 200, body: describeXml(token, "FAILED", "<ErrorDetails><Code>InternalError</Code><Message>Policy propagation failed</Message><RequestId>req-42</RequestId></ErrorDetails>"), match: { operation: "DescribeMultiRegionAccessPointOperation" } },
    ]);
    const result = await put(policy(["s3:GetObject", "s3:PutObject"]), { allowNewAccess: true });
    assert.equal(result.status, "failed", result.message);
    assert.deepEqual(result.error, { code: "InternalError", message: "Policy propagation failed", requestId: "req-42" });
    assert.match(result.message, /operation FAILED \(InternalError: Policy propagation failed\); the live policy is still the old one/);
    assert.deepEqual(await livePolicy(), policy());
  });

  it("logs a status it does not know and keeps polling", async () => {
    proxy.faults([{ kind: "rewrite", transform: (body) => body.replace(/<RequestStatus>[^<]*<\/RequestStatus>/, "<RequestStatus>QUEUED</RequestStatus>"), match: { operation: "DescribeMultiRegionAccessPointOperation" } }]);
    const result = await put(policy());
    assert.equal(result.status, "applied-and-verified", result.message);
    assert.ok(warnings.some((line) => /RequestStatus "QUEUED", which mrap-guard does not know/.test(line)), warnings.join("\n"));
  });

  it("times out cleanly with the request token when the operation never ends, and says nothing was verified", async () => {
    await seed(policy());
    const token = `arn:aws:s3:us-west-2:${ACCOUNT}:async-request/mrap/putmultiregionaccesspointpolicy/slowop`;
    proxy.faults([{ kind: "respond", status: 200, body: `<PutMultiRegionAccessPointPolicyResult><RequestTokenARN>${token}</RequestTokenARN></PutMultiRegionAccessPointPolicyResult>`, match: { operation: "PutMultiRegionAccessPointPolicy" } }]);
    const stop = proxy.intercept((request) => (request.operation === "DescribeMultiRegionAccessPointOperation" ? { status: 200, body: describeXml(token, "IN_PROGRESS") } : undefined));
    try {
      const started = Date.now();
      const result = await put(policy(["s3:GetObject", "s3:PutObject"]), { allowNewAccess: true, timeoutSeconds: 0.3 });
      assert.equal(result.status, "applied-not-verified", result.message);
      assert.equal(result.requestTokenArn, token);
      assert.match(result.message, /still IN_PROGRESS when the .* timeout ran out; follow it up with DescribeMultiRegionAccessPointOperation/);
      assert.ok(Date.now() - started < 4000);
    } finally {
      stop();
    }
    assert.deepEqual(await livePolicy(), policy());
  });

  it("reports a put AWS rejects as failed, with the code and request id, and the old policy live", async () => {
    await seed(policy());
    proxy.faults([{ kind: "error", status: 403, protocol: "xml", code: "AccessDenied", message: "Access Denied", match: { operation: "PutMultiRegionAccessPointPolicy" } }]);
    const result = await put(policy(["s3:GetObject", "s3:PutObject"]), { allowNewAccess: true });
    assert.equal(result.status, "failed");
    assert.equal(result.error?.code, "AccessDenied");
    assert.match(result.error?.requestId ?? "", /^proxy-req-/);
    assert.match(result.message, /AWS did not accept the policy \(AccessDenied, request id proxy-req-\d+\); the live policy is still the old one/);
    assert.equal(sent("PutMultiRegionAccessPointPolicy").length, 1);
  });

  it("says the policy may be applied when the put's response is lost and the read that would tell fails", async () => {
    await seed(policy());
    const next = policy(["s3:GetObject", "s3:GetObjectVersion"]);
    const result = await put(next, {
      allowNewAccess: true,
      confirm: () => {
        // Queued only now, after the plan's reads: the re-read before the put passes (the no-op "before"), the put's
        // response is lost after it reached moto, and the read that would tell whether it landed is denied.
        proxy.faults([
          { kind: "before", run: () => undefined, match: { operation: "GetMultiRegionAccessPointPolicy" } },
          { kind: "drop-after-forward", match: { operation: "PutMultiRegionAccessPointPolicy" } },
          { kind: "error", status: 403, protocol: "xml", code: "AccessDenied", message: "Access Denied", match: { operation: "GetMultiRegionAccessPointPolicy" } },
        ]);
        return true;
      },
    });
    assert.equal(result.status, "applied-not-verified", result.message);
    assert.match(result.message, /^The change may have been applied: the answer to PutMultiRegionAccessPointPolicy was lost, and GetMultiRegionAccessPointPolicy, which would tell, failed \(AccessDenied, request id proxy-req-\d+\); check the live state\.$/);
    assert.match(result.afterHash ?? "", /^sha256:/);
    assert.equal(result.clientToken?.startsWith("mrap-guard-"), true);
    assert.equal(result.error?.code, "AccessDenied");
    assert.equal(forwarded("PutMultiRegionAccessPointPolicy").length, 1);
    assert.equal(proxy.pending().length, 0);
    assert.deepEqual(await livePolicy(), next);
  });

  it("does not verify a policy whose status has no IsPublic", async () => {
    proxy.faults([{ kind: "respond", status: 200, body: "<GetMultiRegionAccessPointPolicyStatusResult><Established></Established></GetMultiRegionAccessPointPolicyStatusResult>", match: { operation: "GetMultiRegionAccessPointPolicyStatus" } }]);
    const result = await put(policy());
    assert.equal(result.status, "applied-not-verified", result.message);
    assert.match(result.message, /gave no IsPublic/);
    assert.deepEqual(await livePolicy(), policy());
  });

  it("runs CheckNoNewAccess on apply even when the config turns it off, and says so", async () => {
    await seed(policy());
    const result = await put(policy(["s3:GetObject", "s3:PutObject"]), { config: { rules: { "access-analyzer/no-new-access": "off" } } });
    assert.equal(result.status, "refused", result.message);
    assert.ok(result.findings.some((f) => f.ruleId === "access-analyzer/no-new-access"));
    assert.ok(warnings.some((line) => /config turns off access-analyzer\/no-new-access; an apply runs them anyway/.test(line)), warnings.join("\n"));
    assert.equal(sent("PutMultiRegionAccessPointPolicy").length, 0);
  });

  it("appends one audit line per call with the before and after hashes", async () => {
    const dir = await mkdtemp(join(tmpdir(), "mrap-guard-audit-"));
    const file = join(dir, "nested", "audit.jsonl");
    await seed(policy());
    const applied = await put(policy(["s3:GetObject", "s3:PutObject"]), { allowNewAccess: true, auditLog: file, caller: "ci-bot" });
    const refused = await put({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3::${ACCOUNT}:accesspoint/${alias}/object/*` }] }, { auditLog: file, skipAccessAnalyzer: true });
    const all = (await readFile(file, "utf8")).trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    // An intent line before the put, then one result line per call.
    assert.deepEqual(all.map((line) => line["type"]), ["intent", "result", "result"]);
    assert.equal(all[1]!["intent"], all[0]!["id"]);
    assert.equal(all[0]!["afterHash"], all[1]!["afterHash"]);
    const lines = all.filter((line) => line["type"] === "result");
    assert.equal(lines[0]!["result"], "applied-and-verified");
    assert.equal(lines[0]!["caller"], "ci-bot");
    assert.equal(lines[0]!["name"], name);
    assert.equal(lines[0]!["requestTokenArn"], applied.requestTokenArn);
    assert.match(String(lines[0]!["beforeHash"]), /^sha256:[0-9a-f]{64}$/);
    assert.notEqual(lines[0]!["beforeHash"], lines[0]!["afterHash"]);
    assert.equal(lines[0]!["allowNewAccess"], true);
    assert.equal(lines[1]!["result"], refused.status);
    assert.equal(lines[1]!["accessAnalyzer"], "skipped");
    // Nothing was sent, but the line still says what was asked for against what is live.
    assert.equal(lines[1]!["beforeHash"], lines[0]!["afterHash"]);
    assert.match(String(lines[1]!["afterHash"]), /^sha256:[0-9a-f]{64}$/);
    assert.ok((lines[1]!["blockingRules"] as string[]).includes("mrap/no-anonymous"));
  });
});

function describeXml(token: string, status: string, details = ""): string {
  return `<?xml version="1.0" encoding="UTF-8"?><DescribeMultiRegionAccessPointOperationResult><AsyncOperation><Operation>PutMultiRegionAccessPointPolicy</Operation><RequestTokenARN>${token}</RequestTokenARN><RequestStatus>${status}</RequestStatus>${details ? `<ResponseDetails>${details}</ResponseDetails>` : ""}</AsyncOperation></DescribeMultiRegionAccessPointOperationResult>`;
}
