/**
 * The fault proxy's respond / rewrite / before faults and interceptors, and the MRAP routes emulation, driven by
 * the real S3 Control client through the proxy to moto_server.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import {
  CreateMultiRegionAccessPointCommand,
  DescribeMultiRegionAccessPointOperationCommand,
  GetMultiRegionAccessPointCommand,
  GetMultiRegionAccessPointPolicyCommand,
  GetMultiRegionAccessPointRoutesCommand,
  PutMultiRegionAccessPointPolicyCommand,
  SubmitMultiRegionAccessPointRoutesCommand,
} from "@aws-sdk/client-s3-control";
import type { S3ControlClient } from "@aws-sdk/client-s3-control";
import { s3Client, s3ControlClient } from "../support/clients.js";
import { asyncOperationStatus, startFaultProxy } from "../support/fault-proxy.js";
import type { FaultProxy } from "../support/fault-proxy.js";
import { emulateMrapRoutes, mrapArn } from "../support/mrap-routes.js";
import type { MrapRoutesEmulator } from "../support/mrap-routes.js";
import { motoGate, useMoto } from "../support/moto.js";

const ACCOUNT = "123456789012";
const gate = motoGate();

interface SdkError {
  name: string;
  message: string;
  $metadata: { httpStatusCode?: number };
}

async function sdkError(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (error) {
    return error as SdkError;
  }
  throw new Error("expected the command to fail");
}

const policy = (sid: string): string =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Sid: sid, Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "s3:GetObject", Resource: `arn:aws:s3::${ACCOUNT}:accesspoint/x.mrap/object/*` }],
  });

describe("fault proxy extensions against moto", { skip: gate.skip }, () => {
  const moto = useMoto(gate);
  let proxy: FaultProxy;
  let control: S3ControlClient;
  let direct: S3ControlClient;
  let createToken = "";

  before(async () => {
    proxy = await startFaultProxy({ target: moto().url });
    control = s3ControlClient(proxy.url);
    direct = s3ControlClient(moto().url);
    await s3Client(moto().url).send(new CreateBucketCommand({ Bucket: "orders-use1" }));
    await s3Client(moto().url, { region: "eu-west-1" }).send(
      new CreateBucketCommand({ Bucket: "orders-euw1", CreateBucketConfiguration: { LocationConstraint: "eu-west-1" } }),
    );
    await s3Client(moto().url, { region: "ap-southeast-2" }).send(
      new CreateBucketCommand({ Bucket: "orders-apse2", CreateBucketConfiguration: { LocationConstraint: "ap-southeast-2" } }),
    );
    const created = await direct.send(
      new CreateMultiRegionAccessPointCommand({
        AccountId: ACCOUNT,
        ClientToken: "create-orders",
        Details: { Name: "orders", Regions: [{ Bucket: "orders-use1" }, { Bucket: "orders-euw1" }, { Bucket: "orders-apse2" }] },
      }),
    );
    createToken = created.RequestTokenARN ?? "";
    await direct.send(new CreateMultiRegionAccessPointCommand({ AccountId: ACCOUNT, ClientToken: "create-solo", Details: { Name: "solo", Regions: [{ Bucket: "orders-use1" }] } }));
  });
  after(() => proxy?.close());
  beforeEach(() => proxy.clear());

  describe("respond", () => {
    it("answers without forwarding, with the status, headers and body given", async () => {
      proxy.faults([
        {
          match: { operation: "GetMultiRegionAccessPoint" },
          kind: "respond",
          status: 200,
          headers: { "content-type": "application/xml" },
          body: `<?xml version="1.0" encoding="UTF-8"?><GetMultiRegionAccessPointResult><AccessPoint><Name>orders</Name><Alias>abc.mrap</Alias><Status>PARTIALLY_CREATED</Status></AccessPoint></GetMultiRegionAccessPointResult>`,
        },
      ]);
      const got = await control.send(new GetMultiRegionAccessPointCommand({ AccountId: ACCOUNT, Name: "orders" }));
      assert.equal(got.AccessPoint?.Status, "PARTIALLY_CREATED");
      assert.equal(got.AccessPoint?.Alias, "abc.mrap");
      assert.deepEqual(
        proxy.calls.map(({ operation, fault, forwarded, status }) => ({ operation, fault, forwarded, status })),
        [{ operation: "GetMultiRegionAccessPoint", fault: "respond", forwarded: false, status: 200 }],
      );
      const real = await control.send(new GetMultiRegionAccessPointCommand({ AccountId: ACCOUNT, Name: "orders" }));
      assert.equal(real.AccessPoint?.Status, "READY", "the fault was consumed");
    });

    it("sends a Buffer body as an S3 Control error the SDK parses", async () => {
      proxy.faults([
        {
          match: { method: "PATCH" },
          kind: "respond",
          status: 409,
          body: Buffer.from(`<ErrorResponse><Error><Code>Conflict</Code><Message>busy</Message></Error><RequestId>r1</RequestId></ErrorResponse>`),
        },
      ]);
      const error = await sdkError(
        control.send(new SubmitMultiRegionAccessPointRoutesCommand({ AccountId: ACCOUNT, Mrap: mrapArn(ACCOUNT, "abc.mrap"), RouteUpdates: [{ Region: "us-east-1", TrafficDialPercentage: 0 }] })),
      );
      assert.equal(error.name, "Conflict");
      assert.equal(error.$metadata.httpStatusCode, 409);
      assert.equal(proxy.calls[0]?.fault, "respond");
      assert.equal(proxy.calls[0]?.forwarded, false);
    });
  });

  describe("rewrite", () => {
    const describeCreate = () => control.send(new DescribeMultiRegionAccessPointOperationCommand({ AccountId: ACCOUNT, RequestTokenARN: createToken }));

    it("turns moto's SUCCEEDED into FAILED with ErrorDetails, as the SDK parses it", async () => {
      proxy.faults([
        {
          match: { operation: "DescribeMultiRegionAccessPointOperation" },
          kind: "rewrite",
          transform: asyncOperationStatus("FAILED", { Code: "InvalidRegion", Message: "Region ap-southeast-2 is not enabled", RequestId: "req-7" }),
        },
      ]);
      const failed = await describeCreate();
      assert.equal(failed.AsyncOperation?.RequestStatus, "FAILED");
      assert.deepEqual(failed.AsyncOperation?.ResponseDetails?.ErrorDetails, { Code: "InvalidRegion", Message: "Region ap-southeast-2 is not enabled", RequestId: "req-7" });
      assert.deepEqual(
        failed.AsyncOperation?.ResponseDetails?.MultiRegionAccessPointDetails?.Regions?.map((r) => r.RequestStatus),
        ["FAILED", "FAILED", "FAILED"],
      );
      assert.equal(failed.AsyncOperation?.Operation, "CreateMultiRegionAccessPoint", "the rest of moto's answer is kept");
      assert.deepEqual(
        proxy.calls.map(({ fault, forwarded, targetStatus, status }) => ({ fault, forwarded, targetStatus, status })),
        [{ fault: "rewrite", forwarded: true, targetStatus: 200, status: 200 }],
      );
      assert.equal((await describeCreate()).AsyncOperation?.RequestStatus, "SUCCEEDED", "the next call is moto's again");
    });

    it("reports IN_PROGRESS, then moto's SUCCEEDED: a poller's view", async () => {
      const inProgress = { match: { operation: "DescribeMultiRegionAccessPointOperation" }, kind: "rewrite" as const, transform: asyncOperationStatus("IN_PROGRESS") };
      proxy.faults([inProgress, inProgress]);
      const seen: (string | undefined)[] = [];
      for (let i = 0; i < 3; i++) seen.push((await describeCreate()).AsyncOperation?.RequestStatus);
      assert.deepEqual(seen, ["IN_PROGRESS", "IN_PROGRESS", "SUCCEEDED"]);
      assert.equal((await describeCreate()).AsyncOperation?.ResponseDetails?.ErrorDetails, undefined);
    });

    it("can change the status and fixes content-length for the new body", async () => {
      proxy.faults([
        {
          match: { operation: "GetMultiRegionAccessPoint" },
          kind: "rewrite",
          transform: (body, status) => ({ status: 503, body: `<ErrorResponse><Error><Code>SlowDown</Code><Message>was ${status}, ${body.length} chars</Message></Error></ErrorResponse>` }),
        },
        { match: { operation: "GetMultiRegionAccessPoint" }, kind: "rewrite", transform: (body) => body.replace("<Status>READY</Status>", "<Status>CRÉATING</Status>") },
      ]);
      const error = await sdkError(control.send(new GetMultiRegionAccessPointCommand({ AccountId: ACCOUNT, Name: "orders" })));
      assert.equal(error.name, "SlowDown");
      assert.equal(error.$metadata.httpStatusCode, 503);
      assert.match(error.message, /^was 200, \d+ chars$/);
      // Raw, to see the header: a multi-byte character makes the byte length differ from the string length.
      // moto tells S3 Control from S3 by the Authorization header's scope (it checks no signature).
      const authorization = "AWS4-HMAC-SHA256 Credential=AKIDTEST/20260101/us-west-2/s3/aws4_request, SignedHeaders=host, Signature=0";
      const res = await fetch(`${proxy.url}/v20180820/mrap/instances/orders`, { headers: { "x-amz-account-id": ACCOUNT, authorization } });
      const bytes = Buffer.from(await res.arrayBuffer());
      assert.equal(res.headers.get("content-length"), String(bytes.length));
      assert.match(bytes.toString("utf8"), /<Status>CRÉATING<\/Status>/);
      assert.deepEqual(
        proxy.calls.map(({ fault, targetStatus, status }) => ({ fault, targetStatus, status })),
        [
          { fault: "rewrite", targetStatus: 200, status: 503 },
          { fault: "rewrite", targetStatus: 200, status: 200 },
        ],
      );
    });
  });

  describe("before", () => {
    it("changes live state after the matching request arrives and before it is forwarded", async () => {
      await direct.send(new PutMultiRegionAccessPointPolicyCommand({ AccountId: ACCOUNT, ClientToken: "p1", Details: { Name: "orders", Policy: policy("first") } }));
      const events: string[] = [];
      const sid = async (): Promise<string | undefined> => {
        const got = await control.send(new GetMultiRegionAccessPointPolicyCommand({ AccountId: ACCOUNT, Name: "orders" }));
        const doc = JSON.parse(got.Policy?.Established?.Policy ?? "{}") as { Statement?: { Sid?: string }[] };
        return doc.Statement?.[0]?.Sid;
      };
      // A fault is consumed by the first request it matches: a zero delay lets the first read through.
      proxy.faults([
        { match: { operation: "GetMultiRegionAccessPointPolicy" }, kind: "delay", ms: 0 },
        {
          match: { operation: "GetMultiRegionAccessPointPolicy" },
          kind: "before",
          run: async () => {
            // the second Get is already recorded, not yet forwarded
            events.push(`run: ${proxy.calls.length} calls, forwarded ${String(proxy.calls.at(-1)?.forwarded)}`);
            await direct.send(new PutMultiRegionAccessPointPolicyCommand({ AccountId: ACCOUNT, ClientToken: "p2", Details: { Name: "orders", Policy: policy("second") } }));
            events.push("run done");
          },
        },
      ]);
      events.push(`read ${String(await sid())}`);
      events.push(`read ${String(await sid())}`);
      assert.deepEqual(events, ["read first", "run: 2 calls, forwarded false", "run done", "read second"]);
      assert.deepEqual(
        proxy.calls.map(({ fault, forwarded, status }) => ({ fault, forwarded, status })),
        [
          { fault: "delay", forwarded: true, status: 200 },
          { fault: "before", forwarded: true, status: 200 },
        ],
      );
    });
  });

  describe("intercept", () => {
    it("answers in place of the target, passes undefined on, and can be removed", async () => {
      const seen: string[] = [];
      const remove = proxy.intercept((req) => {
        seen.push(`${req.method} ${req.operation ?? "?"} ${req.headers["x-amz-account-id"] ?? "-"}`);
        if (req.operation !== "GetMultiRegionAccessPoint") return undefined;
        return { status: 200, body: `<GetMultiRegionAccessPointResult><AccessPoint><Name>intercepted</Name></AccessPoint></GetMultiRegionAccessPointResult>` };
      });
      try {
        const got = await control.send(new GetMultiRegionAccessPointCommand({ AccountId: ACCOUNT, Name: "orders" }));
        assert.equal(got.AccessPoint?.Name, "intercepted");
        const policyStatus = await control.send(new GetMultiRegionAccessPointPolicyCommand({ AccountId: ACCOUNT, Name: "orders" }));
        assert.ok(policyStatus.Policy?.Established?.Policy, "not intercepted: moto answered");
      } finally {
        remove();
      }
      const real = await control.send(new GetMultiRegionAccessPointCommand({ AccountId: ACCOUNT, Name: "orders" }));
      assert.equal(real.AccessPoint?.Name, "orders");
      assert.deepEqual(seen, [`GET GetMultiRegionAccessPoint ${ACCOUNT}`, `GET GetMultiRegionAccessPointPolicy ${ACCOUNT}`]);
      assert.deepEqual(
        proxy.calls.map(({ operation, forwarded, intercepted }) => ({ operation, forwarded, intercepted })),
        [
          { operation: "GetMultiRegionAccessPoint", forwarded: true, intercepted: true },
          { operation: "GetMultiRegionAccessPointPolicy", forwarded: true, intercepted: undefined },
          { operation: "GetMultiRegionAccessPoint", forwarded: true, intercepted: undefined },
        ],
      );
    });
  });

  describe("MRAP routes emulation", () => {
    let routes: MrapRoutesEmulator;
    let arn = "";
    const REGIONS = { "orders-use1": "us-east-1", "orders-euw1": "eu-west-1", "orders-apse2": "ap-southeast-2" };

    before(() => {
      routes = emulateMrapRoutes(proxy);
    });
    after(() => routes.detach());
    beforeEach(async () => {
      routes.clear();
      arn = await routes.seedFromMoto(direct, { accountId: ACCOUNT, name: "orders", regions: REGIONS, dials: { "orders-apse2": 0 } });
    });

    const get = (mrap = arn) => control.send(new GetMultiRegionAccessPointRoutesCommand({ AccountId: ACCOUNT, Mrap: mrap }));
    const submit = (RouteUpdates: { Bucket?: string; Region?: string; TrafficDialPercentage: number }[], mrap = arn) =>
      control.send(new SubmitMultiRegionAccessPointRoutesCommand({ AccountId: ACCOUNT, Mrap: mrap, RouteUpdates }));

    it("seeds from moto's alias and buckets, and the SDK reads the routes", async () => {
      const alias = (await direct.send(new GetMultiRegionAccessPointCommand({ AccountId: ACCOUNT, Name: "orders" }))).AccessPoint?.Alias ?? "";
      assert.equal(arn, `arn:aws:s3::${ACCOUNT}:accesspoint/${alias}`);
      const got = await get();
      assert.equal(got.Mrap, arn);
      assert.deepEqual(got.Routes, [
        { Bucket: "orders-use1", Region: "us-east-1", TrafficDialPercentage: 100 },
        { Bucket: "orders-euw1", Region: "eu-west-1", TrafficDialPercentage: 100 },
        { Bucket: "orders-apse2", Region: "ap-southeast-2", TrafficDialPercentage: 0 },
      ]);
      // {Mrap+} is a greedy label: each segment is percent-encoded (":" as %3A) and "/" is kept.
      const path = `/v20180820/mrap/instances/arn%3Aaws%3As3%3A%3A${ACCOUNT}%3Aaccesspoint/${alias}/routes`;
      assert.deepEqual(
        proxy.calls.map(({ method, path: p, operation, intercepted }) => ({ method, path: p, operation, intercepted })),
        [{ method: "GET", path, operation: "GetMultiRegionAccessPointRoutes", intercepted: true }],
      );
      assert.deepEqual(routes.calls, [{ operation: "GetMultiRegionAccessPointRoutes", mrap: arn, rawMrap: path.split("/").slice(4, -1).join("/"), accountId: ACCOUNT, status: 200 }]);
    });

    it("applies a partial update: Regions not named keep their dial; Submit's result is empty", async () => {
      const out = await submit([
        { Region: "us-east-1", TrafficDialPercentage: 0 },
        { Bucket: "orders-apse2", TrafficDialPercentage: 100 },
      ]);
      assert.deepEqual(Object.keys(out), ["$metadata"]);
      assert.equal(out.$metadata.httpStatusCode, 200);
      const expected = [
        { Bucket: "orders-use1", Region: "us-east-1", TrafficDialPercentage: 0 },
        { Bucket: "orders-euw1", Region: "eu-west-1", TrafficDialPercentage: 100 },
        { Bucket: "orders-apse2", Region: "ap-southeast-2", TrafficDialPercentage: 100 },
      ];
      assert.deepEqual(routes.routes(arn), expected);
      assert.deepEqual((await get()).Routes, expected);
      assert.deepEqual(routes.calls[0]?.updates, [
        { Region: "us-east-1", TrafficDialPercentage: 0 },
        { Bucket: "orders-apse2", TrafficDialPercentage: 100 },
      ]);
    });

    it("rejects all-passive with 400 InvalidRequest and keeps the routes", async () => {
      const before = routes.routes(arn);
      const error = await sdkError(submit([{ Region: "us-east-1", TrafficDialPercentage: 0 }, { Region: "eu-west-1", TrafficDialPercentage: 0 }]));
      assert.equal(error.name, "InvalidRequest");
      assert.equal(error.$metadata.httpStatusCode, 400);
      assert.deepEqual(routes.routes(arn), before);
      assert.deepEqual(routes.calls.map((c) => `${c.operation} ${c.status} ${c.error ?? ""}`), ["SubmitMultiRegionAccessPointRoutes 400 InvalidRequest"]);
    });

    it("answers 400 for an ARN naming no known MRAP, an empty-ish label, or a route the MRAP lacks", async () => {
      for (const mrap of [mrapArn(ACCOUNT, "nosuchalias.mrap"), "random-string"]) {
        const error = await sdkError(get(mrap));
        assert.equal(error.$metadata.httpStatusCode, 400, mrap);
        assert.equal(error.name, "InvalidRequest");
        assert.equal((await sdkError(submit([{ Region: "us-east-1", TrafficDialPercentage: 100 }], mrap))).$metadata.httpStatusCode, 400);
      }
      const mismatch = await sdkError(submit([{ Bucket: "orders-use1", Region: "eu-west-1", TrafficDialPercentage: 0 }]));
      assert.equal(mismatch.name, "InvalidRequest");
      assert.equal((await sdkError(submit([{ Region: "sa-east-1", TrafficDialPercentage: 0 }]))).$metadata.httpStatusCode, 400);
      assert.equal((await sdkError(submit([{ Region: "us-east-1", TrafficDialPercentage: 101 }]))).name, "InvalidRequest");
      assert.equal(routes.routes(mrapArn(ACCOUNT, "nosuchalias.mrap")), undefined);
    });

    it("answers 405 to a failover request on a one-Region MRAP", async () => {
      const solo = await routes.seedFromMoto(direct, { accountId: ACCOUNT, name: "solo", regions: REGIONS });
      assert.deepEqual((await get(solo)).Routes, [{ Bucket: "orders-use1", Region: "us-east-1", TrafficDialPercentage: 100 }]);
      const error = await sdkError(submit([{ Region: "us-east-1", TrafficDialPercentage: 100 }], solo));
      assert.equal(error.$metadata.httpStatusCode, 405);
      assert.equal(error.name, "MethodNotAllowed");
    });

    it("composes with queued faults: a throttled Submit never reaches the emulator; stale replays the previous Get", async () => {
      proxy.faults([{ match: { operation: "SubmitMultiRegionAccessPointRoutes" }, kind: "throttle", protocol: "xml" }]);
      assert.equal((await sdkError(submit([{ Region: "us-east-1", TrafficDialPercentage: 0 }]))).name, "SlowDown");
      assert.deepEqual(routes.calls, []);
      assert.equal(routes.routes(arn)?.[0]?.TrafficDialPercentage, 100);

      await get();
      await submit([{ Region: "us-east-1", TrafficDialPercentage: 0 }]);
      proxy.faults([{ match: { operation: "GetMultiRegionAccessPointRoutes" }, kind: "stale" }]);
      assert.equal((await get()).Routes?.[0]?.TrafficDialPercentage, 100, "not yet applied, as AWS allows for up to 2 minutes");
      assert.equal((await get()).Routes?.[0]?.TrafficDialPercentage, 0);
      assert.deepEqual(
        proxy.calls.map((c) => `${c.operation ?? "?"} ${c.fault ?? "-"} ${String(c.status)}`),
        [
          "SubmitMultiRegionAccessPointRoutes throttle 503",
          "GetMultiRegionAccessPointRoutes - 200",
          "SubmitMultiRegionAccessPointRoutes - 200",
          "GetMultiRegionAccessPointRoutes stale 200",
          "GetMultiRegionAccessPointRoutes - 200",
        ],
      );
    });
  });
});
