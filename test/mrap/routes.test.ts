import assert from "node:assert/strict";
import { it } from "node:test";
import type { JsonValue } from "../../src/document/index.js";
import { regionsOf, type RegionEntry } from "../../src/mrap/manifest.js";
import { describeEntry, routeCovers, routeObjectsOf } from "../../src/mrap/routes.js";

const manifest: JsonValue = {
  MultiRegionAccessPoint: {
    Regions: [{ Bucket: "orders-use1", Region: "us-east-1" }, { Bucket: "orders-euw1" }],
    Routes: [{ Bucket: "orders-euw1", Region: 5 }, "not a route", { Region: "us-east-1" }],
  },
};

function entries(): [RegionEntry, RegionEntry] {
  const [first, second] = regionsOf(manifest) ?? [];
  assert.ok(first && second);
  return [first, second];
}

it("keeps only the routes that are objects, with which keys they name whatever their type", () => {
  const routes = routeObjectsOf(manifest);
  assert.deepEqual(
    routes?.map((r) => [r.index, r.bucket, r.region, r.namesBucket, r.namesRegion]),
    [
      [0, "orders-euw1", undefined, true, true],
      [2, undefined, "us-east-1", false, true],
    ],
  );
  assert.equal(routeObjectsOf({ MultiRegionAccessPoint: {} }), undefined);
});

it("matches a route to a Regions entry by bucket, else by the declared Region", () => {
  const [use1, euw1] = entries();
  const [byBucket, byRegion] = routeObjectsOf(manifest) ?? [];
  assert.ok(byBucket && byRegion);
  assert.equal(routeCovers(byBucket, euw1), true);
  assert.equal(routeCovers(byBucket, use1), false);
  assert.equal(routeCovers(byRegion, use1), true);
  assert.equal(routeCovers(byRegion, euw1), false, "an entry without a Region is not matched by Region");
});

it("describes an entry for messages", () => {
  const [use1, euw1] = entries();
  assert.equal(describeEntry(use1), "orders-use1 in us-east-1");
  assert.equal(describeEntry(euw1), "orders-euw1");
  assert.equal(describeEntry({ index: 3, pointer: "", bucket: undefined, region: undefined, bucketAccountId: undefined, hasPolicy: false }), "Regions[3]");
});
