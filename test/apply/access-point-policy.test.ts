// Guarded PutAccessPointPolicy against moto, through the fault proxy, with the local Access Analyzer.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { CreateAccessPointCommand, GetAccessPointPolicyCommand, PutAccessPointPolicyCommand } from "@aws-sdk/client-s3-control";
import type { S3ControlClient } from "@aws-sdk/client-s3-control";
import { rules } from "../../rules/index.js";
import { planAccessPointPolicy, putAccessPointPolicy } from "../../src/apply/index.js";
import { GuardInputError, type GuardOptions } from "../../src/apply/types.js";
import { TEST_CREDENTIALS, accessAnalyzerClient, isolatedAwsEnv, s3Client, s3ControlClient } from "../support/clients.js";
import { s3ControlErrorXml, startFaultProxy, type FaultProxy, type ProxyCall } from "../support/fault-proxy.js";
import { motoGate, useMoto } from "../support/moto.js";
import { startAccessAnalyzerServer, type AccessAnalyzerServer } from "../support/access-analyzer-server.js";

const ACCOUNT = "123456789012";
const REGION = "us-west-2";
const BUCKET = "orders-usw2";
const ENGINE = { rules, toolVersion: "test" };

const apArn = (name: string, region = REGION) => `arn:aws:s3:${region}:${ACCOUNT}:accesspoint/${name}`;
const policyFor = (name: string, statements: Record<string, unknown>[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const read = (name: string, region = REGION) => ({
  Sid: "Read",
  Effect: "Allow",
  Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/orders-app` },
  Action: "s3:GetObject",
  Resource: `${apArn(name, region)}/object/*`,
});
const write = (name: string, region = REGION) => ({
  Sid: "Write",
  Effect: "Allow",
  Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/orders-writer` },
  Action: "s3:PutObject",
  Resource: `${apArn(name, region)}/object/*`,
});
/** The live policy most tests start from, and a narrower one (no new access, so Access Analyzer passes it). */
const initial = (name: string) => policyFor(name, [read(name), write(name)]);
const narrower = (name: string) => policyFor(name, [read(name)]);
const policyPath = (name: string) => `/v20180820/accesspoint/${name}/policy`;
const puts = (proxy: FaultProxy, name: string): ProxyCall[] => proxy.calls.filter((c) => c.method === "PUT" && c.path === policyPath(name));

const gate = motoGate();
describe("guarded PutAccessPointPolicy (moto)", { skip: gate.skip }, () => {
  const moto = useMoto(gate);
  let proxy: FaultProxy;
  let aa: AccessAnalyzerServer;
  let direct: S3ControlClient;
  let counter = 0;
  /** What the stand-in GetAccessPointPolicyStatus answers (moto 5.2.1 always says IsPublic true). */
  let reportPublic = false;
  let warnings: string[] = [];

  const options = (extra: Partial<GuardOptions> = {}): GuardOptions => ({
    clients: { s3Control: s3ControlClient(proxy.url), s3: s3Client(proxy.url), accessAnalyzer: accessAnalyzerClient(aa.url) },
    region: REGION,
    pollIntervalMs: { initial: 10, max: 40 },
    timeoutSeconds: 3,
    logger: { warn: (line) => warnings.push(line) },
    ...extra,
  });

  /** A new access point on the bucket (a fresh name per test), with `policy` set directly on moto. */
  const accessPoint = async (policy?: (name: string) => string): Promise<string> => {
    const name = `orders-ap-${++counter}`;
    await direct.send(new CreateAccessPointCommand({ AccountId: ACCOUNT, Name: name, Bucket: BUCKET }));
    if (policy) await direct.send(new PutAccessPointPolicyCommand({ AccountId: ACCOUNT, Name: name, Policy: policy(name) }));
    return name;
  };
  const livePolicy = async (name: string): Promise<string | undefined> => {
    try {
      return (await direct.send(new GetAccessPointPolicyCommand({ AccountId: ACCOUNT, Name: name }))).Policy;
    } catch (error) {
      if (error instanceof Error && error.name === "NoSuchAccessPointPolicy") return undefined;
      throw error;
    }
  };

  before(async () => {
    proxy = await startFaultProxy({ target: moto().url });
    aa = await startAccessAnalyzerServer();
    direct = s3ControlClient(moto().url);
    await s3Client(moto().url).send(new CreateBucketCommand({ Bucket: BUCKET, CreateBucketConfiguration: { LocationConstraint: REGION } }));
    proxy.intercept((request) => {
      if (request.method !== "GET" || !/^\/v20180820\/accesspoint\/[^/]+\/policyStatus$/.test(request.path)) return undefined;
      const body = `<?xml version="1.0" encoding="UTF-8"?>\n<GetAccessPointPolicyStatusResult xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/"><PolicyStatus><IsPublic>${reportPublic}</IsPublic></PolicyStatus></GetAccessPointPolicyStatusResult>`;
      return { status: 200, headers: { "content-type": "application/xml" }, body };
    });
  });
  beforeEach(() => {
    proxy.clear();
    aa.reset();
    reportPublic = false;
    warnings = [];
  });
  after(async () => {
    await proxy?.close();
    await aa?.close();
  });

  it("applies a new policy, reads it back and checks its status", async () => {
    const name = await accessPoint(initial);
    const policy = narrower(name);
    const res = await putAccessPointPolicy({ AccountId: ACCOUNT, Name: name, Policy: policy }, options(), ENGINE);
    assert.equal(res.status, "applied-and-verified", res.message);
    assert.match(res.message, /read back is the one sent/);
    assert.deepEqual(res.findings, []);
    assert.equal(res.plan?.arn, apArn(name));
    const sent = puts(proxy, name);
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.targetStatus, 200);
    assert.equal(await livePolicy(name), policy);
    assert.ok(res.beforeHash?.startsWith("sha256:") && res.afterHash?.startsWith("sha256:") && res.beforeHash !== res.afterHash);
    // The new policy was checked against the live one.
    const check = aa.calls.find((c) => c.operation === "CheckNoNewAccess");
    assert.ok(check, "CheckNoNewAccess was called");
    assert.equal((check.body as { existingPolicyDocument: string }).existingPolicyDocument, initial(name));
    assert.ok(aa.calls.some((c) => c.operation === "ValidatePolicy" && (c.body as { validatePolicyResourceType?: string }).validatePolicyResourceType === "AWS::S3::AccessPoint"));
  });

  it("sends nothing when the live policy is the same (other spacing and key order)", async () => {
    const name = await accessPoint((n) => policyFor(n, [read(n)]));
    const same = JSON.stringify({ Statement: [read(name)], Version: "2012-10-17" }, null, 4);
    const res = await putAccessPointPolicy({ AccountId: ACCOUNT, Name: name, Policy: same }, options(), ENGINE);
    assert.equal(res.status, "no-change", res.message);
    assert.match(res.message, /nothing was sent/);
    assert.equal(puts(proxy, name).length, 0);
  });

  it("refuses a policy with a blocking finding and sends nothing", async () => {
    const name = await accessPoint((n) => policyFor(n, [read(n)]));
    // A bucket ARN in an access point policy never matches a request made through the access point.
    const policy = policyFor(name, [{ ...read(name), Resource: `arn:aws:s3:::${BUCKET}/*` }]);
    const res = await putAccessPointPolicy({ AccountId: ACCOUNT, Name: name, Policy: policy }, options(), ENGINE);
    assert.equal(res.status, "refused", res.message);
    assert.match(res.message, /^Not applied: \d+ blocking finding\(s\) \(.*mrap\/access-point-resource-arn/);
    assert.ok(res.findings.some((f) => f.ruleId === "mrap/access-point-resource-arn" && f.severity === "error"));
    assert.equal(puts(proxy, name).length, 0);
    assert.equal(await livePolicy(name), policyFor(name, [read(name)]));
  });

  it("refuses new access unless allowNewAccess, then applies it", async () => {
    const name = await accessPoint((n) => policyFor(n, [read(n)]));
    const policy = policyFor(name, [read(name), write(name)]);
    aa.script(({ operation }) =>
      operation === "CheckNoNewAccess"
        ? { status: 200, body: { result: "FAIL", message: "The policy document grants new access compared to the existing policy.", reasons: [{ description: "New access in the statement with index: 1.", statementIndex: 1, statementId: "Write" }] } }
        : undefined,
    );
    const refused = await putAccessPointPolicy({ AccountId: ACCOUNT, Name: name, Policy: policy }, options(), ENGINE);
    assert.equal(refused.status, "refused", refused.message);
    assert.match(refused.message, /access-analyzer\/no-new-access/);
    const finding = refused.findings.find((f) => f.ruleId === "access-analyzer/no-new-access");
    assert.ok(finding);
    assert.match(finding.message, /--allow-new-access/);
    assert.match(finding.message, /the live policy of arn:aws:s3:us-west-2:123456789012:accesspoint\/orders-ap-\d+/);
    assert.equal(puts(proxy, name).length, 0);

    const applied = await putAccessPointPolicy({ AccountId: ACCOUNT, Name: name, Policy: policy }, options({ allowNewAccess: true }), ENGINE);
    assert.equal(applied.status, "applied-and-verified", applied.message);
    assert.ok(applied.plan?.notes.some((n) => /New access is allowed/.test(n)));
    assert.ok(applied.findings.some((f) => f.ruleId === "access-analyzer/no-new-access"), "the finding is still reported");
    assert.equal(puts(proxy, name).length, 1);
    assert.equal(await livePolicy(name), policy);
  });

  it("compares with the referencePolicy option instead of the live policy", async () => {
    const name = await accessPoint((n) => policyFor(n, [read(n)]));
    const reference = { Version: "2012-10-17", Statement: [write(name)] };
    const plan = await planAccessPointPolicy({ AccountId: ACCOUNT, Name: name, Policy: policyFor(name, [write(name)]) }, options({ referencePolicy: reference }), ENGINE);
    const check = aa.calls.find((c) => c.operation === "CheckNoNewAccess");
    assert.equal((check?.body as { existingPolicyDocument: string }).existingPolicyDocument, JSON.stringify(reference));
    assert.deepEqual(plan.refusals, []);
    assert.equal(proxy.calls.filter((c) => c.method !== "GET").length, 0, "a plan sends nothing");
  });

  it("notes that there is nothing to compare against when the access point has no policy", async () => {
    const name = await accessPoint();
    const res = await putAccessPointPolicy({ AccountId: ACCOUNT, Name: name, Policy: policyFor(name, [read(name)]) }, options(), ENGINE);
    assert.equal(res.status, "applied-and-verified", res.message);
    assert.ok(res.plan?.notes.some((n) => /no policy yet/.test(n)));
    assert.equal(res.plan?.before, undefined);
    assert.equal(aa.calls.filter((c) => c.operation === "CheckNoNewAccess").length, 0);
  });

  it("refuses when the access point does not exist", async () => {
    const res = await putAccessPointPolicy({ AccountId: ACCOUNT, Name: "no-such-ap", Policy: policyFor("no-such-ap", [read("no-such-ap")]) }, options(), ENGINE);
    assert.equal(res.status, "refused", res.message);
    assert.match(res.message, /access point no-such-ap does not exist .* create the access point first/);
    assert.equal(puts(proxy, "no-such-ap").length, 0);
  });

  it("sends the access point calls to the access point's Region", async () => {
    const region = "eu-west-1";
    const name = await accessPoint((n) => policyFor(n, [read(n, region), write(n, region)]));
    const policy = policyFor(name, [read(name, region)]);
    const scopes: string[] = [];
    const stop = proxy.intercept((request) => {
      if (request.path.startsWith(`/v20180820/accesspoint/${name}`)) scopes.push(/Credential=[^/]+\/\d+\/([^/]+)\/s3\//.exec(String(request.headers.authorization))?.[1] ?? "unsigned");
      return undefined;
    });
    try {
      // The caller's S3 Control client is in us-west-2, so the one for eu-west-1 is built from the environment.
      const env = isolatedAwsEnv(process.env, { AWS_ENDPOINT_URL_S3_CONTROL: proxy.url });
      const res = await putAccessPointPolicy({ AccountId: ACCOUNT, Name: name, Policy: policy }, options({ region, env, credentials: TEST_CREDENTIALS }), ENGINE);
      assert.equal(res.status, "applied-and-verified", res.message);
      assert.equal(res.plan?.arn, apArn(name, region));
      assert.equal(puts(proxy, name).length, 1);
      assert.ok(scopes.length >= 4, "get, policy, put, read back, status");
      assert.deepEqual([...new Set(scopes)], [region]);
      assert.equal(await livePolicy(name), policy);
    } finally {
      stop();
    }
  });

  it("asks for the Region, which the SDK input does not carry", () => {
    const input = { AccountId: ACCOUNT, Name: "orders-ap", Policy: "{}" };
    assert.throws(
      () => putAccessPointPolicy(input, { ...options(), region: undefined }, ENGINE),
      (error: unknown) => error instanceof GuardInputError && /region/.test(error.pointer) && /pass the access point's Region/.test(error.message),
    );
  });

  it("retries a throttled and a failed put once each, and sends it to the server once", async () => {
    const name = await accessPoint(initial);
    const policy = narrower(name);
    const match = { method: "PUT", path: policyPath(name) };
    proxy.faults([
      { kind: "throttle", protocol: "xml", match },
      { kind: "error", status: 500, protocol: "xml", code: "InternalError", match },
    ]);
    const res = await putAccessPointPolicy({ AccountId: ACCOUNT, Name: name, Policy: policy }, options(), ENGINE);
    assert.equal(res.status, "applied-and-verified", res.message);
    const sent = puts(proxy, name);
    assert.deepEqual(sent.map((c) => [c.fault, c.status, c.forwarded]), [["throttle", 503, false], ["error", 500, false], [undefined, 200, true]]);
    assert.equal(warnings.filter((w) => /has not landed, sending it again/.test(w)).length, 2);
    assert.equal(await livePolicy(name), policy);
  });

  it("does not send the put again when its answer was lost after it reached the server", async () => {
    const name = await accessPoint(initial);
    const policy = narrower(name);
    proxy.faults([{ kind: "drop-after-forward", match: { method: "PUT", path: policyPath(name) } }]);
    const res = await putAccessPointPolicy({ AccountId: ACCOUNT, Name: name, Policy: policy }, options(), ENGINE);
    assert.equal(res.status, "applied-and-verified", res.message);
    const sent = puts(proxy, name);
    assert.equal(sent.length, 1, "one put, whose answer was dropped");
    assert.equal(sent[0]!.fault, "drop-after-forward");
    assert.equal(sent[0]!.targetStatus, 200);
    assert.equal(await livePolicy(name), policy);
  });

  it("says the policy may have been applied when its answer was lost and the read that would tell fails", async () => {
    const name = await accessPoint(initial);
    const policy = narrower(name);
    const res = await putAccessPointPolicy(
      { AccountId: ACCOUNT, Name: name, Policy: policy },
      options({
        // Queued after the plan's reads: the re-read before the put passes, the put's answer is lost, the next read is denied.
        confirm: () => {
          proxy.faults([
            { kind: "before", run: () => undefined, match: { method: "GET", path: policyPath(name) } },
            { kind: "drop-after-forward", match: { method: "PUT", path: policyPath(name) } },
            { kind: "error", status: 403, protocol: "xml", code: "AccessDenied", message: "Access Denied", match: { method: "GET", path: policyPath(name) } },
          ]);
          return true;
        },
      }),
      ENGINE,
    );
    assert.equal(res.status, "applied-not-verified", res.message);
    assert.match(res.message, /^The change may have been applied: the answer to PutAccessPointPolicy was lost, and GetAccessPointPolicy, which would tell, failed \(AccessDenied, request id proxy-req-\d+\)/);
    assert.equal(res.error?.code, "AccessDenied");
    assert.equal(puts(proxy, name).length, 1);
    assert.equal(await livePolicy(name), policy);
  });

  it("stops when the live policy changes between the plan and the put", async () => {
    const name = await accessPoint(initial);
    const theirs = policyFor(name, [write(name)]);
    const res = await putAccessPointPolicy(
      { AccountId: ACCOUNT, Name: name, Policy: narrower(name) },
      options({
        confirm: async () => {
          await direct.send(new PutAccessPointPolicyCommand({ AccountId: ACCOUNT, Name: name, Policy: theirs }));
          return true;
        },
      }),
      ENGINE,
    );
    assert.equal(res.status, "refused", res.message);
    assert.match(res.message, /live state changed since the plan \(its policy changed\)\. Plan again\./);
    assert.equal(puts(proxy, name).length, 0);
    assert.equal(await livePolicy(name), theirs);
  });

  it("stops when the access point is replaced between the plan and the put (before-hook on the re-read)", async () => {
    const name = await accessPoint(initial);
    let reads = 0;
    // The plan reads the access point once; the second GetAccessPoint is the re-read right before the put.
    const getPath = `/v20180820/accesspoint/${name}`;
    const replace = async () => {
      await direct.send(new CreateAccessPointCommand({ AccountId: ACCOUNT, Name: name, Bucket: BUCKET }));
    };
    proxy.faults([{ kind: "before", match: { method: "GET", path: getPath }, run: () => void reads++ }, { kind: "before", match: { method: "GET", path: getPath }, run: replace }]);
    const res = await putAccessPointPolicy({ AccountId: ACCOUNT, Name: name, Policy: narrower(name) }, options(), ENGINE);
    assert.equal(reads, 1);
    assert.equal(res.status, "refused", res.message);
    assert.match(res.message, /live state changed since the plan \(.*its alias changed/);
    assert.equal(puts(proxy, name).length, 0);
  });

  it("reports a rejected put as failed, with the code, the request id and the live policy", async () => {
    const name = await accessPoint(initial);
    proxy.faults([{ kind: "error", status: 400, protocol: "xml", code: "MalformedPolicy", message: "Policy has invalid resource", match: { method: "PUT", path: policyPath(name) } }]);
    const res = await putAccessPointPolicy({ AccountId: ACCOUNT, Name: name, Policy: narrower(name) }, options(), ENGINE);
    assert.equal(res.status, "failed", res.message);
    assert.equal(res.error?.code, "MalformedPolicy");
    assert.match(res.error?.requestId ?? "", /^proxy-req-\d+$/);
    assert.match(res.message, /^Not applied: AWS rejected the policy: MalformedPolicy: Policy has invalid resource \(request id proxy-req-\d+\); the live policy is still the old one\.$/);
    assert.equal(puts(proxy, name).length, 1);
    assert.equal(await livePolicy(name), initial(name));
  });

  it("does not call a policy verified when AWS reports it public", async () => {
    const name = await accessPoint(initial);
    reportPublic = true;
    const policy = narrower(name);
    const res = await putAccessPointPolicy({ AccountId: ACCOUNT, Name: name, Policy: policy }, options(), ENGINE);
    assert.equal(res.status, "applied-not-verified", res.message);
    assert.match(res.message, /reports the access point policy of .* as public \(GetAccessPointPolicyStatus\); review it now/);
    assert.equal(await livePolicy(name), policy);
  });

  it("does not call a policy verified when AWS gives no policy status to check", async () => {
    const name = await accessPoint(initial);
    const policy = narrower(name);
    // Consulted before the suite's status emulation: a status without IsPublic, then no status at all.
    const answers = [
      { status: 200, headers: { "content-type": "application/xml" }, body: `<?xml version="1.0" encoding="UTF-8"?>\n<GetAccessPointPolicyStatusResult xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/"><PolicyStatus></PolicyStatus></GetAccessPointPolicyStatusResult>` },
      { status: 404, headers: { "content-type": "application/xml" }, body: s3ControlErrorXml("NoSuchAccessPointPolicy", "The access point policy does not exist", "req-status-1") },
    ];
    for (const answer of answers) {
      const stop = proxy.intercept((request) => (request.method === "GET" && request.path === `${policyPath(name)}Status` ? answer : undefined));
      try {
        const res = await putAccessPointPolicy({ AccountId: ACCOUNT, Name: name, Policy: answer === answers[0] ? policy : initial(name) }, options({ allowNewAccess: true }), ENGINE);
        assert.equal(res.status, "applied-not-verified", res.message);
        assert.match(res.message, /AWS did not report whether .* is public \(GetAccessPointPolicyStatus\)/);
      } finally {
        stop();
      }
    }
  });

  it("does not call a policy verified while reads still return the old one", async () => {
    const name = await accessPoint(initial);
    const old = initial(name);
    const escaped = old.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
    const stale = () => ({
      status: 200,
      headers: { "content-type": "application/xml" },
      body: `<?xml version="1.0" encoding="UTF-8"?>\n<GetAccessPointPolicyResult xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/"><Policy>${escaped}</Policy></GetAccessPointPolicyResult>`,
    });
    let putDone = false;
    const stop = proxy.intercept((request) => {
      if (request.path !== policyPath(name)) return undefined;
      if (request.method === "PUT") putDone = true;
      return request.method === "GET" && putDone ? stale() : undefined;
    });
    try {
      const res = await putAccessPointPolicy({ AccountId: ACCOUNT, Name: name, Policy: narrower(name) }, options({ timeoutSeconds: 0.3 }), ENGINE);
      assert.equal(res.status, "applied-not-verified", res.message);
      assert.match(res.message, /when read back it still shows the old policy after the 0\.3-second timeout/);
    } finally {
      stop();
    }
  });
  it("a put that reached AWS and was answered with a 403 HTML page is applied and verified, not 'rejected'", async () => {
    const name = await accessPoint(initial);
    proxy.faults([{ kind: "rewrite", match: { method: "PUT", path: policyPath(name) }, transform: () => ({ status: 403, body: "<html><body><h1>403 Forbidden</h1></body></html>" }) }]);
    const res = await putAccessPointPolicy({ AccountId: ACCOUNT, Name: name, Policy: narrower(name) }, options(), ENGINE);
    assert.equal(await livePolicy(name), narrower(name), "the put landed in moto");
    assert.equal(res.status, "applied-and-verified", res.message);
    assert.equal(puts(proxy, name).length, 1);
  });
});
