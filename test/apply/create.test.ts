/**
 * The guarded CreateMultiRegionAccessPoint against moto_server through the fault proxy: what reached the server,
 * and what moto holds afterwards, read around the proxy.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { GetMultiRegionAccessPointCommand, ListMultiRegionAccessPointsCommand, type S3ControlClient } from "@aws-sdk/client-s3-control";
import { rules } from "../../rules/index.js";
import { createMultiRegionAccessPoint } from "../../src/apply/index.js";
import type { GuardOptions } from "../../src/apply/types.js";
import { GuardInputError } from "../../src/apply/types.js";
import { s3Client, s3ControlClient } from "../support/clients.js";
import { startFaultProxy, type FaultProxy } from "../support/fault-proxy.js";
import { motoGate, useMoto } from "../support/moto.js";

const ACCOUNT = "123456789012";
const ENGINE = { rules, toolVersion: "test" };
const gate = motoGate();

describe("guarded CreateMultiRegionAccessPoint against moto", { skip: gate.skip }, () => {
  const moto = useMoto(gate);
  let proxy: FaultProxy;
  let direct: S3ControlClient;
  let counter = 0;
  let name = "";

  before(async () => {
    proxy = await startFaultProxy({ target: moto().url });
    direct = s3ControlClient(moto().url);
    await s3Client(moto().url).send(new CreateBucketCommand({ Bucket: "orders-use1" }));
  });
  after(() => proxy?.close());
  beforeEach(() => {
    name = `orders-new-${++counter}`;
    proxy.clear();
  });

  // No Access Analyzer here: a create has no policy to check.
  const options = (extra: GuardOptions = {}): GuardOptions => ({
    clients: { s3Control: s3ControlClient(proxy.url), s3: s3Client(proxy.url) },
    skipAccessAnalyzer: true,
    pollIntervalMs: { initial: 5, max: 20 },
    timeoutSeconds: 5,
    ...extra,
  });
  const create = (details: { Name?: string; Regions?: { Bucket: string }[]; PublicAccessBlock?: Record<string, boolean> } = {}, extra: GuardOptions = {}) =>
    createMultiRegionAccessPoint({ AccountId: ACCOUNT, Details: { Name: name, Regions: [{ Bucket: "orders-use1" }], ...details } as never }, options(extra), ENGINE);
  const sent = () => proxy.calls.filter((call) => call.operation === "CreateMultiRegionAccessPoint");
  const exists = async (mrap: string) => ((await direct.send(new ListMultiRegionAccessPointsCommand({ AccountId: ACCOUNT }))).AccessPoints ?? []).some((ap) => ap.Name === mrap);

  it("creates, waits for the operation, and verifies READY with the buckets and Block Public Access asked for", async () => {
    const result = await create();
    assert.equal(result.status, "applied-and-verified", result.message);
    assert.match(result.message, /^Created and verified: READY with alias \S+\.mrap, buckets orders-use1; BlockPublicAcls=true/);
    assert.equal(sent().length, 1);
    const live = await direct.send(new GetMultiRegionAccessPointCommand({ AccountId: ACCOUNT, Name: name }));
    assert.equal(live.AccessPoint?.Status, "READY");
    assert.ok(proxy.calls.some((call) => call.operation === "DescribeMultiRegionAccessPointOperation"));
  });

  it("is no-change for an MRAP that exists as asked, and sends nothing", async () => {
    await create();
    proxy.clear();
    const again = await create();
    assert.equal(again.status, "no-change", again.message);
    assert.ok(again.plan?.notes.some((note) => /already exists as requested/.test(note)));
    assert.equal(sent().length, 0);
  });

  it("refuses to change Block Public Access of an existing MRAP and explains that AWS needs a new one", async () => {
    await create();
    proxy.clear();
    const result = await create({ PublicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: true } });
    assert.equal(result.status, "refused");
    assert.match(result.message, /already exists with .*BlockPublicPolicy=true.*cannot change its buckets or Block Public Access in place: delete it and create it again \(it gets a new alias\)/);
    assert.equal(sent().length, 0);
  });

  it("refuses a name AWS would reject, and a bucket that does not exist, before sending", async () => {
    const badName = await createMultiRegionAccessPoint({ AccountId: ACCOUNT, Details: { Name: "Orders_Global", Regions: [{ Bucket: "orders-use1" }] } }, options(), ENGINE);
    assert.equal(badName.status, "refused");
    const nameFinding = badName.findings.find((f) => f.ruleId === "mrap/name-format");
    assert.ok(nameFinding, JSON.stringify(badName.findings.map((f) => f.ruleId)));
    assert.equal(nameFinding.pointer, "/MultiRegionAccessPoint/Name");

    const missing = await create({ Regions: [{ Bucket: "orders-nowhere" }] });
    assert.equal(missing.status, "refused");
    const bucketFinding = missing.findings.find((f) => f.ruleId === "mrap/bucket-missing");
    assert.ok(bucketFinding, JSON.stringify(missing.findings.map((f) => f.ruleId)));
    assert.equal(bucketFinding.pointer, "/MultiRegionAccessPoint/Regions/0/Bucket");
    assert.equal(sent().length, 0);
    assert.equal(await exists("Orders_Global"), false);
  });

  it("does not create twice when the response to the create is lost", async () => {
    proxy.faults([{ kind: "drop-after-forward", match: { operation: "CreateMultiRegionAccessPoint" } }]);
    const result = await create();
    assert.equal(result.status, "applied-and-verified", result.message);
    assert.equal(sent().length, 1);
    assert.equal(await exists(name), true);
  });

  it("throws a typed input error for an input the SDK command would not accept", async () => {
    await assert.rejects(
      createMultiRegionAccessPoint({ AccountId: ACCOUNT, Details: { Name: name, Regions: [] } }, options(), ENGINE),
      (error: unknown) => error instanceof GuardInputError && error.pointer === "/Details/Regions" && /at least one bucket/.test(error.message),
    );
    assert.equal(proxy.calls.length, 0);
  });
});
