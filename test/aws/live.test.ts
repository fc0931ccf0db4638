/**
 * `mrap-guard lint --live` against moto_server: the real S3 Control and S3 clients over HTTP, through the fault
 * proxy. moto reports every bucket of an MRAP in us-east-1 (toolchain.md); startMoto() puts a proxy in front of
 * it that reports each bucket's real Region, as AWS does (test/support/moto-region-report.ts).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CreateBucketCommand, PutBucketPolicyCommand } from "@aws-sdk/client-s3";
import { CreateMultiRegionAccessPointCommand, GetMultiRegionAccessPointCommand } from "@aws-sdk/client-s3-control";
import { jsonMessages, runCli } from "../helpers/cli.js";
import { project } from "../helpers/project.js";
import { isolatedAwsEnv, s3Client, s3ControlClient } from "../support/clients.js";
import { startFaultProxy, type FaultProxy } from "../support/fault-proxy.js";
import { motoGate, useMoto } from "../support/moto.js";

const ACCOUNT = "123456789012";
const gate = motoGate();

describe("lint --live against moto", { skip: gate.skip }, () => {
  const moto = useMoto(gate);
  let proxy: FaultProxy;
  let alias = "";
  const saved = { ...process.env };

  before(async () => {
    proxy = await startFaultProxy({ target: moto().url });
    const s3 = s3Client(moto().url, { region: "us-east-1" });
    await s3.send(new CreateBucketCommand({ Bucket: "orders-use1" }));
    const s3euw1 = s3Client(moto().url, { region: "eu-west-1" });
    await s3euw1.send(new CreateBucketCommand({ Bucket: "orders-euw1", CreateBucketConfiguration: { LocationConstraint: "eu-west-1" } }));
    // A live bucket policy the manifest does not give: linted as s3://orders-euw1?policy (no Version).
    const livePolicy = { Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::orders-euw1/*", Condition: { StringEquals: { "s3:DataAccessPointAccount": ACCOUNT } } }] };
    await s3euw1.send(new PutBucketPolicyCommand({ Bucket: "orders-euw1", Policy: JSON.stringify(livePolicy) }));
    const control = s3ControlClient(moto().url);
    await control.send(new CreateMultiRegionAccessPointCommand({ AccountId: ACCOUNT, ClientToken: "create-orders-global", Details: { Name: "orders-global", Regions: [{ Bucket: "orders-use1" }, { Bucket: "orders-euw1" }] } }));
    const live = await control.send(new GetMultiRegionAccessPointCommand({ AccountId: ACCOUNT, Name: "orders-global" }));
    alias = live.AccessPoint?.Alias ?? "";
    assert.ok(alias.endsWith(".mrap"));
    process.env = isolatedAwsEnv(saved, { AWS_ENDPOINT_URL_S3_CONTROL: proxy.url, AWS_ENDPOINT_URL_S3: proxy.url });
  });
  after(async () => {
    process.env = saved;
    await proxy?.close();
  });

  async function lint(manifest: string, args: string[] = []) {
    const cwd = await project({ "orders.mrap.yaml": manifest });
    const { code, stdout, stderr } = await runCli(["lint", "--live", "--format", "json", ...args, "orders.mrap.yaml"], { cwd, env: process.env });
    return { code, stderr, findings: jsonMessages(stdout) };
  }

  const MANIFEST = (name: string) => `AccountId: "${ACCOUNT}"
MultiRegionAccessPoint:
  Name: ${name}
  Regions:
    - Bucket: orders-use1
      Region: us-east-1
    - Bucket: orders-euw1
      Region: us-east-1
    - Bucket: orders-gone
`;

  it("reports missing buckets, wrong Region hints, buckets AWS cannot add, and lints the live bucket policy", async () => {
    proxy.clear();
    const { code, findings } = await lint(MANIFEST("orders-global"));
    assert.equal(code, 1);
    const live = findings.filter((f) => ["mrap/bucket-missing", "mrap/immutable-change", "mrap/not-ready"].includes(f.ruleId));
    assert.deepEqual(live.map((f) => `${f.ruleId} ${f.pointer} ${f.line}`).sort(), [
      "mrap/bucket-missing /MultiRegionAccessPoint/Regions/1/Region 8",
      "mrap/bucket-missing /MultiRegionAccessPoint/Regions/2/Bucket 9",
      "mrap/immutable-change /MultiRegionAccessPoint/Regions/2/Bucket 9",
    ]);
    assert.match(live.find((f) => f.pointer.endsWith("1/Region"))!.message, /orders-euw1 is in eu-west-1, not us-east-1/);
    assert.ok(findings.some((f) => f.file === "s3://orders-euw1?policy" && f.ruleId === "policy/version"), JSON.stringify(findings, null, 1));
    const operations = new Set(proxy.calls.map((c) => c.operation));
    for (const operation of ["GetMultiRegionAccessPoint", "GetMultiRegionAccessPointPolicy", "HeadBucket", "GetBucketPolicy"]) assert.ok(operations.has(operation), `${operation} was called`);
  });

  it("uses the live alias to check the MRAP policy's ARNs when the manifest has none", async () => {
    const manifest = `AccountId: "${ACCOUNT}"
MultiRegionAccessPoint:
  Name: orders-global
  Regions:
    - Bucket: orders-use1
    - Bucket: orders-euw1
  Policy:
    Version: "2012-10-17"
    Statement:
      - Effect: Allow
        Principal:
          AWS: arn:aws:iam::${ACCOUNT}:role/reader
        Action: s3:GetObject
        Resource: arn:aws:s3::${ACCOUNT}:accesspoint/abcdefghijklm.mrap/object/*
`;
    const { findings } = await lint(manifest);
    const mismatch = findings.filter((f) => f.ruleId === "mrap/policy-alias-match");
    assert.equal(mismatch.length, 1, JSON.stringify(findings, null, 1));
    assert.ok(mismatch[0]!.message.includes(alias), mismatch[0]!.message);
  });

  it("survives S3 Control throttling (SlowDown) and a 500 on the reads", async () => {
    proxy.clear();
    proxy.faults([
      { match: { operation: "GetMultiRegionAccessPoint" }, kind: "throttle", protocol: "xml" },
      { match: { operation: "HeadBucket" }, kind: "error", status: 500, protocol: "xml", code: "InternalError" },
    ]);
    const { findings } = await lint(MANIFEST("orders-global"));
    assert.deepEqual(proxy.pending(), []);
    assert.ok(!findings.some((f) => f.ruleId === "core/service-error"), JSON.stringify(findings, null, 1));
    assert.ok(findings.some((f) => f.ruleId === "mrap/immutable-change"));
  });

  it("reports a read that keeps failing as core/service-error on the element it was for", async () => {
    proxy.clear();
    proxy.faults(Array.from({ length: 4 }, () => ({ match: { operation: "GetMultiRegionAccessPoint" }, kind: "error" as const, status: 403, protocol: "xml" as const, code: "AccessDenied" })));
    const { code, findings } = await lint(MANIFEST("orders-global"));
    assert.equal(code, 1);
    const errors = findings.filter((f) => f.ruleId === "core/service-error");
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.pointer, "/MultiRegionAccessPoint/Name");
    assert.match(errors[0]!.message, /^S3 Control GetMultiRegionAccessPoint failed: AccessDenied/);
    assert.equal(proxy.calls.filter((c) => c.fault).length, 1, "an access denial is not retried");
  });

  it("an MRAP that does not exist yet has nothing immutable to compare", async () => {
    const { findings } = await lint(MANIFEST("orders-next"));
    assert.ok(!findings.some((f) => f.ruleId === "mrap/immutable-change" || f.ruleId === "mrap/not-ready"));
    assert.ok(findings.some((f) => f.ruleId === "mrap/bucket-missing"));
  });
});
