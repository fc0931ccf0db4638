// Guarded SubmitMultiRegionAccessPointRoutes: MRAPs and buckets in moto, routes emulated on the fault proxy
// (moto 5.2.1 does not serve them), reached through the proxy.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import type { BucketLocationConstraint } from "@aws-sdk/client-s3";
import { CreateMultiRegionAccessPointCommand } from "@aws-sdk/client-s3-control";
import type { S3ControlClient } from "@aws-sdk/client-s3-control";
import { rules } from "../../rules/index.js";
import { planMultiRegionAccessPointRoutes, submitMultiRegionAccessPointRoutes } from "../../src/apply/index.js";
import { GuardInputError, type GuardOptions } from "../../src/apply/types.js";
import { accessAnalyzerClient, s3Client, s3ControlClient } from "../support/clients.js";
import { startFaultProxy, type Fault, type FaultProxy } from "../support/fault-proxy.js";
import { emulateMrapRoutes, type MrapRoutesEmulator } from "../support/mrap-routes.js";
import { motoGate, useMoto } from "../support/moto.js";
import { startAccessAnalyzerServer, type AccessAnalyzerServer } from "../support/access-analyzer-server.js";

const ACCOUNT = "123456789012";
const ENGINE = { rules, toolVersion: "test" };
const REGIONS: Record<string, string> = { "orders-use1": "us-east-1", "orders-euw1": "eu-west-1", "orders-apse2": "ap-southeast-2", "solo-use1": "us-east-1" };
const GET_ROUTES = { operation: "GetMultiRegionAccessPointRoutes" };
const SUBMIT = { operation: "SubmitMultiRegionAccessPointRoutes" };

const gate = motoGate();
describe("guarded SubmitMultiRegionAccessPointRoutes (moto + routes emulation)", { skip: gate.skip }, () => {
  const moto = useMoto(gate);
  let proxy: FaultProxy;
  let aa: AccessAnalyzerServer;
  let routes: MrapRoutesEmulator;
  let direct: S3ControlClient;
  let counter = 0;
  let warnings: string[] = [];

  const options = (extra: Partial<GuardOptions> = {}): GuardOptions => ({
    clients: { s3Control: s3ControlClient(proxy.url), s3: s3Client(proxy.url), accessAnalyzer: accessAnalyzerClient(aa.url) },
    pollIntervalMs: { initial: 10, max: 40 },
    timeoutSeconds: 3,
    logger: { warn: (line) => warnings.push(line) },
    ...extra,
  });

  /** A new MRAP in moto over `buckets`, its routes seeded in the emulator with `dials` (default 100); returns its ARN. */
  const mrap = async (buckets: string[], dials: Record<string, number> = {}): Promise<string> => {
    const name = `orders-global-${++counter}`;
    await direct.send(new CreateMultiRegionAccessPointCommand({ AccountId: ACCOUNT, ClientToken: `t-${name}`, Details: { Name: name, Regions: buckets.map((Bucket) => ({ Bucket })) } }));
    return routes.seedFromMoto(direct, { accountId: ACCOUNT, name, regions: REGIONS, dials });
  };
  const dials = (arn: string): Record<string, number> => Object.fromEntries((routes.routes(arn) ?? []).map((r) => [r.Bucket, r.TrafficDialPercentage]));
  const submits = () => routes.calls.filter((c) => c.operation === "SubmitMultiRegionAccessPointRoutes");
  const three = ["orders-use1", "orders-euw1", "orders-apse2"];

  before(async () => {
    proxy = await startFaultProxy({ target: moto().url });
    aa = await startAccessAnalyzerServer();
    routes = emulateMrapRoutes(proxy);
    direct = s3ControlClient(moto().url);
    const s3 = s3Client(moto().url);
    for (const [bucket, region] of Object.entries(REGIONS)) {
      await s3.send(new CreateBucketCommand({ Bucket: bucket, ...(region === "us-east-1" ? {} : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }) }));
    }
  });
  beforeEach(() => {
    proxy.clear();
    routes.calls.length = 0;
    aa.reset();
    warnings = [];
  });
  after(async () => {
    await proxy?.close();
    await aa?.close();
  });

  it("fails over one bucket, keeps the Regions it does not name, and reads the routes back", async () => {
    const arn = await mrap(three);
    const res = await submitMultiRegionAccessPointRoutes({ AccountId: ACCOUNT, Mrap: arn, RouteUpdates: [{ Bucket: "orders-use1", TrafficDialPercentage: 0 }] }, options(), ENGINE);
    assert.equal(res.status, "applied-and-verified", res.message);
    assert.match(res.message, /^Applied and verified: the routes read back are .*orders-use1 \(us-east-1\) passive/);
    assert.match(res.plan?.name ?? "", /^orders-global-\d+$/);
    assert.equal(res.plan?.arn, arn);
    assert.deepEqual(
      submits().map((c) => c.updates),
      [[{ Bucket: "orders-use1", TrafficDialPercentage: 0 }]],
    );
    assert.deepEqual(dials(arn), { "orders-use1": 0, "orders-euw1": 100, "orders-apse2": 100 });
    // Nothing in a route change needs Access Analyzer.
    assert.equal(aa.calls.length, 0);
    // The live routes show that other Regions stay active, so the lint's "unnamed Regions" warning is settled.
    assert.deepEqual(res.findings, []);
  });

  it("applies an update that names only a Region, with Regions from the MRAP's own report", async () => {
    const arn = await mrap(three);
    const plan = await planMultiRegionAccessPointRoutes({ AccountId: ACCOUNT, Mrap: arn, RouteUpdates: [{ Region: "eu-west-1", TrafficDialPercentage: 0 }] }, options(), ENGINE);
    assert.deepEqual(JSON.parse(plan.after ?? "[]"), [
      { Bucket: "orders-apse2", Region: "ap-southeast-2", TrafficDialPercentage: 100 },
      { Bucket: "orders-euw1", Region: "eu-west-1", TrafficDialPercentage: 0 },
      { Bucket: "orders-use1", Region: "us-east-1", TrafficDialPercentage: 100 },
    ]);
    assert.deepEqual(proxy.calls.filter((c) => c.operation === "GetBucketLocation" || c.operation === "HeadBucket"), [], "no bucket is looked up");
    assert.equal(submits().length, 0, "a plan sends nothing");

    const res = await submitMultiRegionAccessPointRoutes({ AccountId: ACCOUNT, Mrap: arn, RouteUpdates: [{ Region: "eu-west-1", TrafficDialPercentage: 0 }] }, options(), ENGINE);
    assert.equal(res.status, "applied-and-verified", res.message);
    assert.deepEqual(dials(arn), { "orders-use1": 100, "orders-euw1": 0, "orders-apse2": 100 });
  });

  it("sends nothing when the routes already are as asked", async () => {
    const arn = await mrap(three, { "orders-use1": 0 });
    const res = await submitMultiRegionAccessPointRoutes({ AccountId: ACCOUNT, Mrap: arn, RouteUpdates: [{ Bucket: "orders-use1", TrafficDialPercentage: 0 }, { Bucket: "orders-euw1", TrafficDialPercentage: 100 }] }, options(), ENGINE);
    assert.equal(res.status, "no-change", res.message);
    assert.match(res.message, /nothing was sent/);
    assert.equal(submits().length, 0);
  });

  it("refuses, before sending, an update that would leave every route passive", async () => {
    const arn = await mrap(three, { "orders-euw1": 0, "orders-apse2": 0 });
    const res = await submitMultiRegionAccessPointRoutes({ AccountId: ACCOUNT, Mrap: arn, RouteUpdates: [{ Bucket: "orders-use1", TrafficDialPercentage: 0 }] }, options(), ENGINE);
    assert.equal(res.status, "refused", res.message);
    assert.match(res.message, /every route would be passive \(.*orders-use1 \(us-east-1\) passive.*\); AWS requires at least one active Region and answers InvalidRequest/);
    // The lint alone could only warn (unnamed Regions keep their live dial); the live routes settle it.
    assert.equal(res.findings.filter((f) => f.ruleId === "mrap/route-active").length, 0);
    assert.equal(submits().length, 0);
    assert.deepEqual(dials(arn), { "orders-use1": 100, "orders-euw1": 0, "orders-apse2": 0 });
  });

  it("refuses blocking route findings: a dial other than 0 or 100, a bucket the MRAP does not have", async () => {
    const arn = await mrap(three);
    const res = await submitMultiRegionAccessPointRoutes(
      { AccountId: ACCOUNT, Mrap: arn, RouteUpdates: [{ Bucket: "orders-use1", TrafficDialPercentage: 50 }, { Bucket: "orders-usw2", TrafficDialPercentage: 0 }] },
      options(),
      ENGINE,
    );
    assert.equal(res.status, "refused", res.message);
    assert.match(res.message, /2 blocking finding\(s\) \(mrap\/route-dial, mrap\/route-target\)|2 blocking finding\(s\) \(mrap\/route-target, mrap\/route-dial\)/);
    assert.deepEqual(res.plan?.blocking.map((f) => f.pointer).sort(), ["/MultiRegionAccessPoint/Routes/0/TrafficDialPercentage", "/MultiRegionAccessPoint/Routes/1/Bucket"]);
    assert.equal(submits().length, 0);
  });

  it("refuses a route change on an MRAP with one Region (AWS answers 405)", async () => {
    const arn = await mrap(["solo-use1"]);
    const res = await submitMultiRegionAccessPointRoutes({ AccountId: ACCOUNT, Mrap: arn, RouteUpdates: [{ Bucket: "solo-use1", TrafficDialPercentage: 0 }] }, options(), ENGINE);
    assert.equal(res.status, "refused", res.message);
    assert.match(res.message, /only one Region; AWS rejects route changes on it with HTTP 405/);
    assert.equal(submits().length, 0);
  });

  it("refuses an MRAP that is not READY, without reading its routes", async () => {
    const arn = await mrap(three);
    proxy.faults([{ kind: "rewrite", match: { operation: "ListMultiRegionAccessPoints" }, transform: (body) => body.replaceAll("<Status>READY</Status>", "<Status>PARTIALLY_CREATED</Status>") }]);
    const res = await submitMultiRegionAccessPointRoutes({ AccountId: ACCOUNT, Mrap: arn, RouteUpdates: [{ Bucket: "orders-use1", TrafficDialPercentage: 0 }] }, options(), ENGINE);
    assert.equal(res.status, "refused", res.message);
    assert.match(res.message, /^Not applied: The Multi-Region Access Point orders-global-\d+ is PARTIALLY_CREATED; change routes only on a READY one\.$/);
    assert.equal(routes.calls.length, 0);
  });

  it("refuses an ARN whose alias no MRAP has, and rejects input that is not an MRAP ARN", async () => {
    const res = await submitMultiRegionAccessPointRoutes(
      { AccountId: ACCOUNT, Mrap: `arn:aws:s3::${ACCOUNT}:accesspoint/orders-global`, RouteUpdates: [{ Bucket: "orders-use1", TrafficDialPercentage: 0 }] },
      options(),
      ENGINE,
    );
    assert.equal(res.status, "refused", res.message);
    assert.match(res.message, /No Multi-Region Access Point has the alias orders-global in account 123456789012.*The ARN takes the alias \(it ends in \.mrap\), not the name\./);
    assert.equal(submits().length, 0);

    const seen = proxy.calls.length;
    const bad = (Mrap: string) => () => submitMultiRegionAccessPointRoutes({ AccountId: ACCOUNT, Mrap, RouteUpdates: [{ Region: "us-east-1", TrafficDialPercentage: 0 }] }, options(), ENGINE);
    const inputError = (pattern: RegExp) => (error: unknown) => error instanceof GuardInputError && error.pointer === "/Mrap" && pattern.test(error.message);
    assert.throws(bad(`arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/orders-ap`), inputError(/is not a Multi-Region Access Point ARN: use arn:aws:s3::ACCOUNT:accesspoint\/ALIAS/));
    assert.throws(bad("orders-global-1.mrap"), inputError(/is not a Multi-Region Access Point ARN/));
    assert.throws(bad("arn:aws:s3::999999999999:accesspoint/x.mrap"), inputError(/names account 999999999999, but AccountId is 123456789012/));
    assert.equal(proxy.calls.length, seen, "nothing was read");
  });

  it("stops when the routes change between the plan and the submit", async () => {
    const arn = await mrap(three);
    // The plan reads the routes once; the second read is the one right before the submit.
    const changeRoutes = () => {
      routes.seed({ accountId: ACCOUNT, alias: arn.split("/")[1]!, routes: three.map((Bucket) => ({ Bucket, Region: REGIONS[Bucket]!, TrafficDialPercentage: Bucket === "orders-apse2" ? 0 : 100 })) });
    };
    proxy.faults([
      { kind: "before", match: GET_ROUTES, run: () => undefined },
      { kind: "before", match: GET_ROUTES, run: changeRoutes },
    ]);
    const res = await submitMultiRegionAccessPointRoutes({ AccountId: ACCOUNT, Mrap: arn, RouteUpdates: [{ Bucket: "orders-use1", TrafficDialPercentage: 0 }] }, options(), ENGINE);
    assert.equal(res.status, "refused", res.message);
    assert.match(res.message, /live state changed since the plan \(its configuration changed\)\. Plan again\./);
    assert.equal(submits().length, 0);
    assert.deepEqual(dials(arn), { "orders-use1": 100, "orders-euw1": 100, "orders-apse2": 0 });
  });

  it("retries a throttled submit after checking that it did not land", async () => {
    const arn = await mrap(three);
    proxy.faults([{ kind: "throttle", protocol: "xml", match: SUBMIT }]);
    const res = await submitMultiRegionAccessPointRoutes({ AccountId: ACCOUNT, Mrap: arn, RouteUpdates: [{ Bucket: "orders-use1", TrafficDialPercentage: 0 }] }, options(), ENGINE);
    assert.equal(res.status, "applied-and-verified", res.message);
    assert.deepEqual(proxy.calls.filter((c) => c.operation === "SubmitMultiRegionAccessPointRoutes").map((c) => c.status), [503, 200]);
    assert.equal(submits().length, 1, "one submit reached the service");
    assert.ok(warnings.some((w) => /SubmitMultiRegionAccessPointRoutes attempt 1 failed \(SlowDown\); the change has not landed/.test(w)));
  });

  it("does not submit again when the answer was lost after the update reached the service", async () => {
    const arn = await mrap(three);
    proxy.faults([{ kind: "drop-after-forward", match: SUBMIT }]);
    const res = await submitMultiRegionAccessPointRoutes({ AccountId: ACCOUNT, Mrap: arn, RouteUpdates: [{ Bucket: "orders-use1", TrafficDialPercentage: 0 }] }, options(), ENGINE);
    assert.equal(res.status, "applied-and-verified", res.message);
    assert.equal(submits().length, 1);
    assert.equal(proxy.calls.filter((c) => c.operation === "SubmitMultiRegionAccessPointRoutes").length, 1);
    assert.deepEqual(dials(arn), { "orders-use1": 0, "orders-euw1": 100, "orders-apse2": 100 });
  });

  it("reports routes that do not show the change before the timeout as applied, not verified", async () => {
    const arn = await mrap(three);
    // After the submit, every read is answered with the routes read before it (AWS: up to 2 minutes to show).
    const staleReads: Fault[] = Array.from({ length: 200 }, () => ({ kind: "stale", match: GET_ROUTES }));
    proxy.faults([{ kind: "before", match: SUBMIT, run: () => proxy.faults(staleReads) }]);
    const res = await submitMultiRegionAccessPointRoutes({ AccountId: ACCOUNT, Mrap: arn, RouteUpdates: [{ Bucket: "orders-use1", TrafficDialPercentage: 0 }] }, options({ timeoutSeconds: 0.3 }), ENGINE);
    assert.equal(res.status, "applied-not-verified", res.message);
    assert.match(res.message, /after the 0\.3-second timeout GetMultiRegionAccessPointRoutes still shows .*orders-use1 \(us-east-1\) active.* instead of .*orders-use1 \(us-east-1\) passive.*can take up to 2 minutes/);
    assert.equal(submits().length, 1);
    assert.ok(proxy.calls.filter((c) => c.fault === "stale").length >= 2, "the routes were read more than once");
    assert.equal(dials(arn)["orders-use1"], 0, "the update did reach the service");
  });

  it("reports a concurrent update (409) as failed, with the code and request id", async () => {
    const arn = await mrap(three);
    proxy.faults([{ kind: "error", status: 409, protocol: "xml", code: "Conflict", message: "Another route update is in progress.", match: SUBMIT }]);
    const res = await submitMultiRegionAccessPointRoutes({ AccountId: ACCOUNT, Mrap: arn, RouteUpdates: [{ Bucket: "orders-use1", TrafficDialPercentage: 0 }] }, options(), ENGINE);
    assert.equal(res.status, "failed", res.message);
    assert.equal(res.error?.code, "Conflict");
    assert.match(res.error?.requestId ?? "", /^proxy-req-\d+$/);
    assert.match(res.message, /^Not applied: another route update for this Multi-Region Access Point was in progress \(HTTP 409\): Conflict: Another route update is in progress\. \(request id proxy-req-\d+\); the routes are still the old ones\. Wait for it to finish, then plan again\.$/);
    assert.equal(submits().length, 0);
  });

  it("reports a 400 from the service as failed", async () => {
    const arn = await mrap(three);
    proxy.faults([{ kind: "error", status: 400, protocol: "xml", code: "InvalidRequest", message: "Invalid route.", match: SUBMIT }]);
    const res = await submitMultiRegionAccessPointRoutes({ AccountId: ACCOUNT, Mrap: arn, RouteUpdates: [{ Region: "us-east-1", TrafficDialPercentage: 0 }] }, options(), ENGINE);
    assert.equal(res.status, "failed", res.message);
    assert.equal(res.error?.code, "InvalidRequest");
    assert.match(res.message, /^Not applied: AWS rejected the route update: InvalidRequest: Invalid route\. \(request id proxy-req-\d+\); the routes are still the old ones\.$/);
  });
});
