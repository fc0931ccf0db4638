// Self-tests of the local AWS test servers, driven through the real AWS SDK v3 clients.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import {
  AccessDeniedException,
  CheckAccessNotGrantedCommand,
  CheckNoNewAccessCommand,
  CheckNoPublicAccessCommand,
  InternalServerException,
  ThrottlingException,
  ValidatePolicyCommand,
  ValidationException,
  paginateValidatePolicy,
} from "@aws-sdk/client-accessanalyzer";
import type { AccessAnalyzerClient, AccessCheckResourceType, ValidatePolicyFinding } from "@aws-sdk/client-accessanalyzer";
import {
  CreateBucketCommand,
  GetBucketLocationCommand,
  GetBucketPolicyCommand,
  ListBucketsCommand,
  PutBucketPolicyCommand,
} from "@aws-sdk/client-s3";
import type { BucketLocationConstraint, S3Client } from "@aws-sdk/client-s3";
import {
  CreateMultiRegionAccessPointCommand,
  DescribeMultiRegionAccessPointOperationCommand,
  GetMultiRegionAccessPointCommand,
  GetMultiRegionAccessPointPolicyCommand,
  PutMultiRegionAccessPointPolicyCommand,
} from "@aws-sdk/client-s3-control";
import type { S3ControlClient } from "@aws-sdk/client-s3-control";
import { awsJsonError, startAccessAnalyzerServer } from "../support/access-analyzer-server.js";
import type { AccessAnalyzerServer, ScriptedRequest } from "../support/access-analyzer-server.js";
import { accessAnalyzerClient, s3Client, s3ControlClient } from "../support/clients.js";
import { startFaultProxy } from "../support/fault-proxy.js";
import type { FaultProxy } from "../support/fault-proxy.js";
import { motoGate, useMoto } from "../support/moto.js";

interface SdkError extends Error {
  $metadata: { httpStatusCode?: number; requestId?: string; attempts?: number };
  $fault?: string;
  code?: string;
}

async function failure(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof Error, `expected an Error, got ${String(error)}`);
    return error as SdkError;
  }
  assert.fail("expected the call to fail");
}

const policy = (statements: Record<string, unknown>[], version: string | undefined = "2012-10-17"): string =>
  JSON.stringify(version === undefined ? { Statement: statements } : { Version: version, Statement: statements }, null, 2);

const PRINCIPAL = { AWS: "arn:aws:iam::123456789012:root" };
const MRAP_OBJECTS = "arn:aws:s3::123456789012:accesspoint/mfzwi23gnjvgw.mrap/object/*";

let aa: AccessAnalyzerServer;
let aaProxy: FaultProxy;
let analyzer: AccessAnalyzerClient;
let viaProxy: AccessAnalyzerClient;

before(async () => {
  aa = await startAccessAnalyzerServer();
  aaProxy = await startFaultProxy({ target: aa.url });
  analyzer = accessAnalyzerClient(aa.url);
  viaProxy = accessAnalyzerClient(aaProxy.url);
});
after(async () => {
  analyzer.destroy();
  viaProxy.destroy();
  await aaProxy.close();
  await aa.close();
});
beforeEach(() => {
  aa.reset();
  aaProxy.clear();
});

/** The JSON value a finding's path points at (a value element names an object's member, as AWS emits it). */
function valueAt(doc: unknown, path: NonNullable<ValidatePolicyFinding["locations"]>[number]["path"]): unknown {
  let node = doc;
  for (const element of path ?? []) {
    if (element.value !== undefined) node = (node as Record<string, unknown>)[element.value];
    else if (element.index !== undefined) node = (node as unknown[])[element.index];
  }
  return node;
}

describe("Access Analyzer server: ValidatePolicy", () => {
  const doc = policy(
    [
      { Sid: "", Effect: "Allow", NotPrincipal: PRINCIPAL, Action: "s3:GetObject", Resource: [MRAP_OBJECTS, "arn:aws:s3::123456789012:orders-use1/*"] },
      { Sid: "Vpce", Effect: "Allow", Action: "s3:GetObject", Resource: MRAP_OBJECTS, Condition: { StringEquals: { "aws:SourceVpce": "vpc-1a2b3c4d" } } },
      { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "arn:aws:s3::123456789012:orders-euw1" },
    ],
    "2012-10-18",
  );
  const expected = [
    ["ERROR", "INVALID_VERSION", [{ value: "Version" }]],
    ["SUGGESTION", "EMPTY_SID_VALUE", [{ value: "Statement" }, { index: 0 }, { value: "Sid" }]],
    ["SECURITY_WARNING", "ALLOW_WITH_NOT_PRINCIPAL", [{ value: "Statement" }, { index: 0 }, { value: "NotPrincipal" }]],
    ["ERROR", "ARN_ACCOUNT_NOT_ALLOWED", [{ value: "Statement" }, { index: 0 }, { value: "Resource" }, { index: 1 }]],
    ["ERROR", "MISSING_PRINCIPAL", [{ value: "Statement" }, { index: 1 }]],
    ["ERROR", "INVALID_VPCE_FORMAT", [{ value: "Statement" }, { index: 1 }, { value: "Condition" }, { value: "StringEquals" }, { value: "aws:SourceVpce" }]],
    ["ERROR", "ARN_ACCOUNT_NOT_ALLOWED", [{ value: "Statement" }, { index: 2 }, { value: "Resource" }]],
  ];

  it("pages through every finding with paginateValidatePolicy (default page size 2)", async () => {
    const findings: ValidatePolicyFinding[] = [];
    for await (const page of paginateValidatePolicy({ client: analyzer }, { policyDocument: doc, policyType: "RESOURCE_POLICY" })) {
      assert.ok((page.findings ?? []).length <= 2);
      findings.push(...(page.findings ?? []));
    }
    assert.deepEqual(findings.map((f) => [f.findingType, f.issueCode, f.locations?.[0]?.path]), expected);
    assert.equal(aa.calls.length, 4);
    assert.deepEqual(aa.calls.map((c) => [c.operation, c.status, c.query["nextToken"] === undefined]), [
      ["ValidatePolicy", 200, true],
      ["ValidatePolicy", 200, false],
      ["ValidatePolicy", 200, false],
      ["ValidatePolicy", 200, false],
    ]);
    assert.equal(findings[2]?.learnMoreLink,
      "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-allow-with-not-principal");
  });

  it("gives spans that cover the value at each path, with 1-based lines and 0-based columns", async () => {
    const { findings = [] } = await analyzer.send(new ValidatePolicyCommand({ policyDocument: doc, policyType: "RESOURCE_POLICY", maxResults: 50 }));
    assert.equal(findings.length, expected.length);
    const parsed = JSON.parse(doc) as unknown;
    for (const finding of findings) {
      const { path, span } = finding.locations?.[0] ?? {};
      const start = span?.start?.offset ?? -1;
      const end = span?.end?.offset ?? -1;
      assert.deepEqual(JSON.parse(doc.slice(start, end)), valueAt(parsed, path), finding.issueCode);
      const before = doc.slice(0, start).split("\n");
      assert.deepEqual([span?.start?.line, span?.start?.column], [before.length, before.at(-1)?.length]);
    }
  });

  it("honours maxResults and rejects a nextToken issued for another document", async () => {
    const pages = [];
    for await (const page of paginateValidatePolicy({ client: analyzer, pageSize: 5 }, { policyDocument: doc, policyType: "RESOURCE_POLICY" })) pages.push(page);
    assert.deepEqual(pages.map((p) => p.findings?.length), [5, 2]);
    assert.deepEqual(aa.calls.map((c) => c.query["maxResults"]), ["5", "5"]);
    const token = pages[0]?.nextToken;
    const error = await failure(analyzer.send(new ValidatePolicyCommand({ policyDocument: "{}", policyType: "RESOURCE_POLICY", nextToken: token })));
    assert.ok(error instanceof ValidationException);
    assert.equal(error.reason, "other");
  });

  it("reports syntax errors, a missing Version, and statement objects without an index", async () => {
    const send = async (policyDocument: string, policyType: "RESOURCE_POLICY" | "IDENTITY_POLICY" = "RESOURCE_POLICY") =>
      (await analyzer.send(new ValidatePolicyCommand({ policyDocument, policyType, maxResults: 50 }))).findings?.map((f) => [f.issueCode, f.locations?.[0]?.path]);
    assert.deepEqual(await send('{ "Version": '), [["JSON_SYNTAX_ERROR", []]]);
    const single = JSON.stringify({ Statement: { Effect: "Allow", NotPrincipal: PRINCIPAL, Action: "s3:*", Resource: "arn:aws:s3:::b" } });
    assert.deepEqual(await send(single), [["MISSING_VERSION", []], ["ALLOW_WITH_NOT_PRINCIPAL", [{ value: "Statement" }, { value: "NotPrincipal" }]]]);
    const identity = policy([{ Effect: "Allow", Action: "s3:GetObject", Resource: MRAP_OBJECTS, Condition: { StringLike: { "aws:SourceVpce": ["vpce-1a2b3c4d", "*"] } } }]);
    assert.deepEqual(await send(identity, "IDENTITY_POLICY"), [
      ["INVALID_VPCE_FORMAT", [{ value: "Statement" }, { index: 0 }, { value: "Condition" }, { value: "StringLike" }, { value: "aws:SourceVpce" }, { index: 1 }]],
    ]);
  });
});

describe("Access Analyzer server: custom policy checks", () => {
  const existing = policy([{ Sid: "Read", Effect: "Allow", Principal: PRINCIPAL, Action: ["s3:GetObject", "s3:ListBucket"], Resource: MRAP_OBJECTS }]);

  it("CheckNoNewAccess passes for reordered arrays and fails on a new Allow statement", async () => {
    const same = policy([
      { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: MRAP_OBJECTS },
      { Sid: "Renamed", Resource: [MRAP_OBJECTS], Action: ["s3:ListBucket", "s3:GetObject"], Principal: PRINCIPAL, Effect: "Allow" },
    ]);
    const pass = await analyzer.send(new CheckNoNewAccessCommand({ newPolicyDocument: same, existingPolicyDocument: existing, policyType: "RESOURCE_POLICY" }));
    assert.deepEqual([pass.result, pass.reasons], ["PASS", []]);
    const wider = policy([
      { Sid: "Read", Effect: "Allow", Principal: PRINCIPAL, Action: ["s3:GetObject", "s3:ListBucket"], Resource: MRAP_OBJECTS },
      { Sid: "Write", Effect: "Allow", Principal: PRINCIPAL, Action: "s3:PutObject", Resource: MRAP_OBJECTS },
    ]);
    const fail = await analyzer.send(new CheckNoNewAccessCommand({ newPolicyDocument: wider, existingPolicyDocument: existing, policyType: "RESOURCE_POLICY" }));
    assert.equal(fail.result, "FAIL");
    assert.deepEqual(fail.reasons?.map((r) => [r.statementIndex, r.statementId]), [[1, "Write"]]);
    assert.deepEqual(aa.calls.map((c) => c.operation), ["CheckNoNewAccess", "CheckNoNewAccess"]);
  });

  it("CheckAccessNotGranted matches wildcard actions case-insensitively and resources by pattern", async () => {
    const doc = policy([
      { Effect: "Deny", Principal: "*", Action: "s3:DeleteObject", Resource: MRAP_OBJECTS },
      { Sid: "Writers", Effect: "Allow", Principal: PRINCIPAL, Action: ["s3:Get*", "s3:Put?bject"], Resource: MRAP_OBJECTS },
    ]);
    const check = async (actions?: string[], resources?: string[]) => {
      const out = await analyzer.send(new CheckAccessNotGrantedCommand({ policyDocument: doc, access: [{ actions, resources }], policyType: "RESOURCE_POLICY" }));
      return [out.result, out.reasons?.map((r) => [r.statementIndex, r.statementId])];
    };
    assert.deepEqual(await check(["s3:putobject"]), ["FAIL", [[1, "Writers"]]]);
    assert.deepEqual(await check(["s3:DeleteObject"]), ["PASS", []]);
    const key = MRAP_OBJECTS.replace("*", "reports/q1.csv");
    assert.deepEqual(await check(["s3:GetObject"], [key]), ["FAIL", [[1, "Writers"]]]);
    assert.deepEqual(await check(["s3:GetObject"], ["arn:aws:s3:::other-bucket/key"]), ["PASS", []]);
    assert.deepEqual(await check(undefined, [key]), ["FAIL", [[1, "Writers"]]]);
  });

  it("CheckNoPublicAccess fails on an unconditioned public principal and passes with a Condition", async () => {
    const check = async (statement: Record<string, unknown>) =>
      (await analyzer.send(new CheckNoPublicAccessCommand({ policyDocument: policy([statement]), resourceType: "AWS::S3::AccessPoint" }))).result;
    const open = { Effect: "Allow", Action: "s3:GetObject", Resource: MRAP_OBJECTS };
    assert.equal(await check({ ...open, Principal: "*" }), "FAIL");
    assert.equal(await check({ ...open, Principal: { AWS: ["arn:aws:iam::123456789012:root", "*"] } }), "FAIL");
    assert.equal(await check({ ...open, Principal: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } } }), "PASS");
    assert.equal(await check({ ...open, Principal: PRINCIPAL }), "PASS");
  });

  it("rejects AWS::S3::MultiRegionAccessPoint on CheckNoPublicAccess with a ValidationException", async () => {
    const resourceType = "AWS::S3::MultiRegionAccessPoint" as AccessCheckResourceType;
    const error = await failure(analyzer.send(new CheckNoPublicAccessCommand({ policyDocument: policy([]), resourceType })));
    assert.ok(error instanceof ValidationException);
    assert.equal(error.name, "ValidationException");
    assert.equal(error.reason, "fieldValidationFailed");
    assert.deepEqual(error.fieldList?.map((f) => f.name), ["resourceType"]);
    assert.equal(error.$metadata.httpStatusCode, 400);
    assert.match(error.$metadata.requestId ?? "", /^aa-req-\d+$/);
    assert.deepEqual(aa.calls.map((c) => [c.operation, c.status]), [["CheckNoPublicAccess", 400]]);
  });
});

describe("Access Analyzer server: scripted responses and errors", () => {
  const validate = (client = analyzer) => client.send(new ValidatePolicyCommand({ policyDocument: policy([]), policyType: "RESOURCE_POLICY" }));

  it("surfaces a scripted ThrottlingException with retryAfterSeconds and the request id", async () => {
    const seen: ScriptedRequest[] = [];
    aa.script((request) => {
      seen.push(request);
      return awsJsonError("ThrottlingException", 429, "Rate exceeded", { retryAfterSeconds: 7 });
    });
    const error = await failure(validate());
    assert.ok(error instanceof ThrottlingException);
    assert.equal(error.retryAfterSeconds, 7);
    assert.deepEqual(error.$retryable, { throttling: true });
    assert.equal(error.$metadata.httpStatusCode, 429);
    assert.match(error.$metadata.requestId ?? "", /^aa-req-\d+$/);
    assert.deepEqual(seen.map((r) => [r.operation, (r.body as { policyType?: string }).policyType]), [["ValidatePolicy", "RESOURCE_POLICY"]]);
    assert.deepEqual(aa.calls.map((c) => c.status), [429]);
  });

  it("maps 500, 403 and fall-through scripts, with a unique request id per response", async () => {
    let n = 0;
    aa.script(() => {
      n++;
      if (n === 1) return awsJsonError("InternalServerException", 500, "boom");
      if (n === 2) return awsJsonError("AccessDeniedException", 403, "no");
      return undefined;
    });
    const internal = await failure(validate());
    assert.ok(internal instanceof InternalServerException);
    assert.equal(internal.$fault, "server");
    const denied = await failure(validate());
    assert.ok(denied instanceof AccessDeniedException);
    assert.equal(denied.$metadata.httpStatusCode, 403);
    const ok = await validate();
    assert.deepEqual(ok.findings, []);
    const ids = [internal.$metadata.requestId, denied.$metadata.requestId, ok.$metadata.requestId];
    assert.equal(new Set(ids).size, 3);
    ids.forEach((id) => assert.match(id ?? "", /^aa-req-\d+$/));
  });

  it("answers unknown paths with 404 UnknownOperationException", async () => {
    const res = await fetch(`${aa.url}/analyzer`, { method: "GET" });
    assert.equal(res.status, 404);
    assert.equal(res.headers.get("x-amzn-errortype"), "UnknownOperationException");
    assert.match(res.headers.get("x-amzn-requestid") ?? "", /^aa-req-\d+$/);
    assert.deepEqual(aa.calls.map((c) => [c.method, c.path, c.operation, c.status]), [["GET", "/analyzer", undefined, 404]]);
  });
});

describe("fault proxy in front of Access Analyzer", () => {
  const validate = () => viaProxy.send(new ValidatePolicyCommand({ policyDocument: policy([]), policyType: "RESOURCE_POLICY" }));
  const publicDoc = policy([{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: MRAP_OBJECTS }]);
  const checkPublic = (policyDocument: string) =>
    viaProxy.send(new CheckNoPublicAccessCommand({ policyDocument, resourceType: "AWS::S3::AccessPoint" }));

  it("throttles, then forwards the next request byte for byte", async () => {
    aaProxy.faults([{ kind: "throttle", protocol: "json", retryAfterSeconds: 2 }]);
    const error = await failure(validate());
    assert.ok(error instanceof ThrottlingException);
    assert.equal(error.retryAfterSeconds, 2);
    assert.match(error.$metadata.requestId ?? "", /^proxy-req-\d+$/);
    assert.deepEqual((await validate()).findings, []);
    assert.deepEqual(aaProxy.calls.map((c) => [c.operation, c.fault, c.forwarded, c.status]), [
      ["ValidatePolicy", "throttle", false, 429],
      ["ValidatePolicy", undefined, true, 200],
    ]);
    assert.equal(aa.calls.length, 1);
    assert.deepEqual(aa.calls[0]?.body, { policyDocument: policy([]), policyType: "RESOURCE_POLICY" });
    assert.equal(aa.calls[0]?.headers.host, new URL(aa.url).host);
    assert.match(String(aa.calls[0]?.headers.authorization), /^AWS4-HMAC-SHA256 Credential=AKIDTEST\//);
  });

  it("returns a 500 error without forwarding", async () => {
    aaProxy.faults([{ kind: "error", status: 500, protocol: "json", code: "InternalServerException" }]);
    const error = await failure(validate());
    assert.ok(error instanceof InternalServerException);
    assert.equal(error.$metadata.httpStatusCode, 500);
    assert.equal(aa.calls.length, 0);
  });

  it("delays a request, and a client timeout does not stop it from landing", async () => {
    aaProxy.faults([{ kind: "delay", ms: 300 }]);
    const started = Date.now();
    await validate();
    assert.ok(Date.now() - started >= 290);
    aaProxy.faults([{ kind: "delay", ms: 400 }]);
    // Without throwOnRequestTimeout the SDK only logs a warning when requestTimeout is exceeded.
    const impatient = accessAnalyzerClient(aaProxy.url, { requestHandler: { requestTimeout: 100, throwOnRequestTimeout: true } });
    try {
      const error = await failure(impatient.send(new ValidatePolicyCommand({ policyDocument: "{}", policyType: "RESOURCE_POLICY" })));
      assert.equal(error.name, "TimeoutError");
      await new Promise((resolve) => setTimeout(resolve, 450));
      assert.equal(aa.calls.length, 2);
    } finally {
      impatient.destroy();
    }
  });

  it("drops the connection without forwarding: the SDK rejects with a network error", async () => {
    aaProxy.faults([{ kind: "drop" }]);
    const error = await failure(validate());
    assert.equal(error.$metadata.httpStatusCode, undefined);
    assert.equal(error.code, "ECONNRESET");
    assert.equal(aa.calls.length, 0);
    assert.deepEqual(aaProxy.calls.map((c) => [c.fault, c.forwarded, c.status]), [["drop", false, undefined]]);
  });

  it("drops the response after the target processed the request", async () => {
    aaProxy.faults([{ kind: "drop-after-forward" }]);
    const error = await failure(checkPublic(publicDoc));
    assert.equal(error.code, "ECONNRESET");
    assert.deepEqual(aa.calls.map((c) => [c.operation, c.status]), [["CheckNoPublicAccess", 200]]);
    assert.deepEqual(aaProxy.calls.map((c) => [c.fault, c.forwarded, c.targetStatus, c.status]), [["drop-after-forward", true, 200, undefined]]);
  });

  it("applies matched faults only to the matching operation, in queue order", async () => {
    aaProxy.faults([
      { kind: "error", status: 403, protocol: "json", code: "AccessDeniedException", match: { operation: "CheckNoPublicAccess" } },
      { kind: "throttle", protocol: "json", match: { method: "POST", path: "/policy/check-no-public-access" } },
    ]);
    await validate();
    assert.equal(aaProxy.pending().length, 2);
    assert.ok((await failure(checkPublic(publicDoc))) instanceof AccessDeniedException);
    assert.ok((await failure(checkPublic(publicDoc))) instanceof ThrottlingException);
    assert.equal((await checkPublic(publicDoc)).result, "FAIL");
    assert.equal(aaProxy.pending().length, 0);
  });

  it("serves a stale response for the same method and path without forwarding", async () => {
    assert.equal((await checkPublic(publicDoc)).result, "FAIL");
    aaProxy.faults([{ kind: "stale" }]);
    const privateDoc = policy([{ Effect: "Allow", Principal: PRINCIPAL, Action: "s3:GetObject", Resource: MRAP_OBJECTS }]);
    assert.equal((await checkPublic(privateDoc)).result, "FAIL");
    assert.equal((await checkPublic(privateDoc)).result, "PASS");
    assert.deepEqual(aaProxy.calls.map((c) => [c.fault, c.forwarded]), [[undefined, true], ["stale", false], [undefined, true]]);
    assert.equal(aa.calls.length, 2);
  });
});

describe("moto gate", () => {
  const motoModule = fileURLToPath(new URL("../support/moto.ts", import.meta.url));
  const root = fileURLToPath(new URL("../..", import.meta.url));
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "mrap-guard-gate-"));
    writeFileSync(join(dir, "gate.test.ts"), [
      `import { describe, it } from "node:test";`,
      `import { motoGate, useMoto } from ${JSON.stringify(motoModule)};`,
      `const gate = motoGate();`,
      `describe("needs moto", { skip: gate.skip }, () => { const moto = useMoto(gate); it("runs", () => { moto(); }); });`,
      `describe("needs moto too", { skip: motoGate().skip }, () => { it("runs", () => undefined); });`,
    ].join("\n"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const run = (ci: boolean) => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "NODE_TEST_CONTEXT" && k !== "CI"));
    return spawnSync(process.execPath, ["--import", "tsx", join(dir, "gate.test.ts")], {
      cwd: root,
      encoding: "utf8",
      env: { ...env, PATH: dirname(process.execPath), ...(ci ? { CI: "true" } : {}) },
    });
  };

  it("skips with one line on stderr when moto_server is missing", () => {
    const result = run(false);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    const lines = result.stderr.split("\n").filter((l) => l.includes("skipping AWS integration tests"));
    assert.deepEqual(lines, ["moto_server not found on PATH: skipping AWS integration tests (install moto 5.2.1 to run them)"]);
    assert.match(result.stdout, /^ok 1 - needs moto # SKIP moto_server not found on PATH/m);
    assert.match(result.stdout, /^ok 2 - needs moto too # SKIP/m);
  });

  it("fails instead under CI=true", () => {
    const result = run(true);
    assert.notEqual(result.status, 0);
    assert.match(result.stdout + result.stderr, /moto_server not found on PATH; CI=true requires the AWS integration tests/);
    assert.doesNotMatch(result.stderr, /skipping AWS integration tests/);
  });
});

const gate = motoGate();

describe("moto through the real S3 and S3 Control clients", { skip: gate.skip }, () => {
  const moto = useMoto(gate);
  const ACCOUNT = "123456789012";
  let proxy: FaultProxy;
  let s3: S3Client;
  let control: S3ControlClient;
  let proxiedControl: S3ControlClient;
  let proxiedS3: S3Client;

  before(async () => {
    proxy = await startFaultProxy({ target: moto().url });
    s3 = s3Client(moto().url);
    control = s3ControlClient(moto().url);
    proxiedS3 = s3Client(proxy.url);
    proxiedControl = s3ControlClient(proxy.url);
  });
  after(async () => {
    for (const client of [s3, control, proxiedS3, proxiedControl]) client.destroy();
    await proxy.close();
  });
  beforeEach(async () => {
    await moto().reset();
    proxy.clear();
  });

  const bucketPolicy = (bucket: string) => policy([{ Effect: "Allow", Principal: PRINCIPAL, Action: "s3:GetObject", Resource: `arn:aws:s3:::${bucket}/*` }]);
  const mrapPolicy = (action: string) => policy([{ Effect: "Allow", Principal: PRINCIPAL, Action: action, Resource: MRAP_OBJECTS }]);

  async function createBuckets(): Promise<void> {
    await s3.send(new CreateBucketCommand({ Bucket: "orders-use1" }));
    for (const [Bucket, region] of [["orders-euw1", "eu-west-1"], ["orders-apse2", "ap-southeast-2"]] as const) {
      await s3.send(new CreateBucketCommand({ Bucket, CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }));
    }
  }
  async function createMrap(): Promise<string> {
    await createBuckets();
    const { RequestTokenARN } = await control.send(new CreateMultiRegionAccessPointCommand({
      AccountId: ACCOUNT,
      ClientToken: "create-orders-global",
      Details: { Name: "orders-global", Regions: [{ Bucket: "orders-use1" }, { Bucket: "orders-euw1" }, { Bucket: "orders-apse2" }] },
    }));
    assert.match(RequestTokenARN ?? "", /^arn:aws:s3:us-west-2:123456789012:async-request\/mrap\//);
    return RequestTokenARN ?? "";
  }
  const getPolicy = async (client = control) =>
    (await client.send(new GetMultiRegionAccessPointPolicyCommand({ AccountId: ACCOUNT, Name: "orders-global" }))).Policy?.Established?.Policy;
  const putPolicy = (Policy: string, client = control, ClientToken = "put-1") =>
    client.send(new PutMultiRegionAccessPointPolicyCommand({ AccountId: ACCOUNT, ClientToken, Details: { Name: "orders-global", Policy } }));

  it("creates buckets in Regions, reports their location and round-trips bucket policies", async () => {
    await createBuckets();
    const location = async (Bucket: string) => (await s3.send(new GetBucketLocationCommand({ Bucket }))).LocationConstraint;
    assert.equal(await location("orders-euw1"), "eu-west-1");
    assert.equal(await location("orders-apse2"), "ap-southeast-2");
    assert.equal(await location("orders-use1") ?? "", "");
    await s3.send(new PutBucketPolicyCommand({ Bucket: "orders-euw1", Policy: bucketPolicy("orders-euw1") }));
    const { Policy } = await s3.send(new GetBucketPolicyCommand({ Bucket: "orders-euw1" }));
    assert.deepEqual(JSON.parse(Policy ?? ""), JSON.parse(bucketPolicy("orders-euw1")));
  });

  it("creates an MRAP, describes the async operation and reads it back", async () => {
    const token = await createMrap();
    const { AsyncOperation } = await control.send(new DescribeMultiRegionAccessPointOperationCommand({ AccountId: ACCOUNT, RequestTokenARN: token }));
    assert.equal(AsyncOperation?.Operation, "CreateMultiRegionAccessPoint");
    assert.ok(["SUCCEEDED", "SUCCESS"].includes(AsyncOperation?.RequestStatus ?? ""), AsyncOperation?.RequestStatus);
    assert.equal(AsyncOperation?.RequestParameters?.CreateMultiRegionAccessPointRequest?.Name, "orders-global");
    const { AccessPoint } = await control.send(new GetMultiRegionAccessPointCommand({ AccountId: ACCOUNT, Name: "orders-global" }));
    assert.equal(AccessPoint?.Name, "orders-global");
    assert.equal(AccessPoint?.Status, "READY");
    assert.match(AccessPoint?.Alias ?? "", /\.mrap$/); // moto's alias format (with hyphens) is not AWS's
    // moto reports every bucket's Region as us-east-1, so only the bucket names are asserted.
    assert.deepEqual(AccessPoint?.Regions?.map((r) => r.Bucket).sort(), ["orders-apse2", "orders-euw1", "orders-use1"]);
  });

  it("puts and gets the MRAP policy; errors carry the S3 Control code", async () => {
    await createMrap();
    const missing = await failure(getPolicy());
    assert.equal(missing.name, "NoSuchMultiRegionAccessPointPolicy");
    const { RequestTokenARN } = await putPolicy(mrapPolicy("s3:GetObject"));
    const { AsyncOperation } = await control.send(new DescribeMultiRegionAccessPointOperationCommand({ AccountId: ACCOUNT, RequestTokenARN }));
    assert.equal(AsyncOperation?.Operation, "PutMultiRegionAccessPointPolicy");
    assert.deepEqual(JSON.parse((await getPolicy()) ?? ""), JSON.parse(mrapPolicy("s3:GetObject")));
    const unknown = await failure(control.send(new GetMultiRegionAccessPointCommand({ AccountId: ACCOUNT, Name: "nope" })));
    assert.equal(unknown.name, "NoSuchMultiRegionAccessPoint");
    assert.equal(unknown.$metadata.httpStatusCode, 404);
  });

  it("reset() forgets buckets and access points", async () => {
    await createMrap();
    await moto().reset();
    assert.equal((await failure(control.send(new GetMultiRegionAccessPointCommand({ AccountId: ACCOUNT, Name: "orders-global" })))).name, "NoSuchMultiRegionAccessPoint");
    assert.deepEqual((await s3.send(new ListBucketsCommand({}))).Buckets ?? [], []);
  });

  it("through the proxy: SlowDown on PutMultiRegionAccessPointPolicy is not forwarded and surfaces as SlowDown", async () => {
    await createMrap();
    proxy.faults([{ kind: "throttle", protocol: "xml", match: { operation: "PutMultiRegionAccessPointPolicy" } }]);
    const error = await failure(putPolicy(mrapPolicy("s3:GetObject"), proxiedControl));
    assert.equal(error.name, "SlowDown");
    assert.equal(error.$metadata.httpStatusCode, 503);
    assert.match(error.$metadata.requestId ?? "", /^proxy-req-\d+$/);
    assert.equal((await failure(getPolicy())).name, "NoSuchMultiRegionAccessPointPolicy");
    await putPolicy(mrapPolicy("s3:GetObject"), proxiedControl);
    assert.deepEqual(JSON.parse((await getPolicy()) ?? ""), JSON.parse(mrapPolicy("s3:GetObject")));
    assert.deepEqual(proxy.calls.map((c) => [c.operation, c.fault, c.forwarded]), [
      ["PutMultiRegionAccessPointPolicy", "throttle", false],
      ["PutMultiRegionAccessPointPolicy", undefined, true],
    ]);
  });

  it("through the proxy: S3 SlowDown and InternalError use the unwrapped <Error> form", async () => {
    await createBuckets();
    proxy.faults([
      { kind: "throttle", protocol: "xml", match: { operation: "PutBucketPolicy" } },
      { kind: "error", status: 500, protocol: "xml", code: "InternalError", match: { operation: "GetBucketLocation" } },
    ]);
    const slow = await failure(proxiedS3.send(new PutBucketPolicyCommand({ Bucket: "orders-euw1", Policy: bucketPolicy("orders-euw1") })));
    assert.deepEqual([slow.name, slow.$metadata.httpStatusCode], ["SlowDown", 503]);
    const internal = await failure(proxiedS3.send(new GetBucketLocationCommand({ Bucket: "orders-euw1" })));
    assert.deepEqual([internal.name, internal.$fault, internal.$metadata.httpStatusCode], ["InternalError", "server", 500]);
  });

  it("through the proxy: a lost response after a successful put leaves the policy applied", async () => {
    await createMrap();
    proxy.faults([{ kind: "drop-after-forward", match: { operation: "PutMultiRegionAccessPointPolicy" } }]);
    const error = await failure(putPolicy(mrapPolicy("s3:PutObject"), proxiedControl));
    assert.equal(error.$metadata.httpStatusCode, undefined);
    assert.deepEqual(JSON.parse((await getPolicy()) ?? ""), JSON.parse(mrapPolicy("s3:PutObject")));
    assert.deepEqual(proxy.calls.map((c) => [c.fault, c.forwarded, c.targetStatus, c.status]), [["drop-after-forward", true, 200, undefined]]);
  });

  it("through the proxy: a stale GET returns the previously read policy", async () => {
    await createMrap();
    await putPolicy(mrapPolicy("s3:GetObject"));
    assert.deepEqual(JSON.parse((await getPolicy(proxiedControl)) ?? ""), JSON.parse(mrapPolicy("s3:GetObject")));
    await putPolicy(mrapPolicy("s3:PutObject"), control, "put-2");
    proxy.faults([{ kind: "stale", match: { operation: "GetMultiRegionAccessPointPolicy" } }]);
    assert.deepEqual(JSON.parse((await getPolicy(proxiedControl)) ?? ""), JSON.parse(mrapPolicy("s3:GetObject")));
    assert.deepEqual(JSON.parse((await getPolicy(proxiedControl)) ?? ""), JSON.parse(mrapPolicy("s3:PutObject")));
    assert.deepEqual(proxy.calls.map((c) => [c.operation, c.fault, c.forwarded]), [
      ["GetMultiRegionAccessPointPolicy", undefined, true],
      ["GetMultiRegionAccessPointPolicy", "stale", false],
      ["GetMultiRegionAccessPointPolicy", undefined, true],
    ]);
  });
});
