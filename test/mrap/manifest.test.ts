import assert from "node:assert/strict";
import { it } from "node:test";
import type { JsonValue } from "../../src/document/index.js";
import { accessPointsOf, mrapOf, ownerAccount, regionsOf, routesOf } from "../../src/mrap/manifest.js";

const manifest: JsonValue = {
  AccountId: "111122223333",
  MultiRegionAccessPoint: {
    Name: "orders",
    Regions: [
      { Bucket: "orders-use1", Region: "us-east-1", BucketPolicy: "policies/use1.json" },
      { Bucket: 7, BucketAccountId: "444455556666" },
    ],
    Routes: [{ Bucket: "orders-use1", TrafficDialPercentage: 100 }, { Region: "eu-west-1", TrafficDialPercentage: "0" }],
  },
  AccessPoints: [{ Name: "ap", Region: "us-east-1", Bucket: "orders-use1" }],
};

it("reads Regions entries with their pointers; fields of the wrong type read as absent", () => {
  assert.deepEqual(regionsOf(manifest), [
    { index: 0, pointer: "/MultiRegionAccessPoint/Regions/0", bucket: "orders-use1", region: "us-east-1", bucketAccountId: undefined, hasPolicy: true },
    { index: 1, pointer: "/MultiRegionAccessPoint/Regions/1", bucket: undefined, region: undefined, bucketAccountId: "444455556666", hasPolicy: false },
  ]);
  assert.equal(regionsOf({ MultiRegionAccessPoint: { Regions: {} } }), undefined);
  assert.equal(regionsOf("text"), undefined);
});

it("reads routes and their traffic dials", () => {
  assert.deepEqual(
    routesOf(manifest)?.map((r) => [r.pointer, r.bucket, r.region, r.dial]),
    [
      ["/MultiRegionAccessPoint/Routes/0", "orders-use1", undefined, 100],
      ["/MultiRegionAccessPoint/Routes/1", undefined, "eu-west-1", undefined],
    ],
  );
});

it("shares one view per manifest value", () => {
  assert.equal(regionsOf(manifest), regionsOf(manifest));
  assert.notEqual(regionsOf(manifest), regionsOf(structuredClone(manifest)));
});

it("reads the owner account, the MRAP object and the access points", () => {
  assert.equal(ownerAccount(manifest), "111122223333");
  assert.equal(ownerAccount({ AccountId: 111122223333 }), undefined);
  assert.equal(mrapOf(manifest)?.["Name"], "orders");
  assert.equal(mrapOf({ MultiRegionAccessPoint: [] }), undefined);
  assert.deepEqual(accessPointsOf(manifest), [{ index: 0, pointer: "/AccessPoints/0", name: "ap", region: "us-east-1", bucket: "orders-use1", accountId: undefined }]);
  assert.deepEqual(accessPointsOf({}), []);
});
