import assert from "node:assert/strict";
import { it } from "node:test";
import type { JsonValue } from "../../src/document/index.js";
import { mrapFacts } from "../../src/mrap/manifest-facts.js";
import type { LiveView, ManifestView } from "../../src/mrap/manifest-view.js";

const manifestValue = (fields: { [key: string]: JsonValue } = {}): JsonValue => ({
  AccountId: "111122223333",
  MultiRegionAccessPoint: { Name: "orders", Regions: [{ Bucket: "orders-use1", Region: "us-east-1" }, { Bucket: "orders-euw1" }], ...fields },
});
const view = (value: JsonValue, live?: LiveView): ManifestView => ({ target: { value }, bucketPolicies: new Map(), ...(live ? { live } : {}) });

it("reads the owner, name, alias and Regions the policy rules check against", () => {
  const facts = mrapFacts(view(manifestValue({ Alias: "mfzwi23gnjvgw.mrap" })));
  assert.equal(facts?.account, "111122223333");
  assert.equal(facts?.name, "orders");
  assert.equal(facts?.alias, "mfzwi23gnjvgw.mrap");
  assert.deepEqual(facts?.regions.map((r) => [r.bucket, r.region]), [
    ["orders-use1", "us-east-1"],
    ["orders-euw1", undefined],
  ]);
  assert.equal(mrapFacts(undefined), undefined);
});

it("drops an owner or alias that is not well formed", () => {
  const facts = mrapFacts(view({ AccountId: "1111", MultiRegionAccessPoint: { Alias: "Orders.mrap" } }));
  assert.equal(facts?.account, undefined);
  assert.equal(facts?.alias, undefined);
  assert.deepEqual(facts?.regions, []);
});

it("fills the alias and bucket Regions from live state, on copies of the shared entries", () => {
  const value = manifestValue();
  const offline = mrapFacts(view(value));
  const live: LiveView = { mrap: { alias: "live1234.mrap" }, buckets: new Map([[1, { region: "eu-west-1" }]]) };
  const facts = mrapFacts(view(value, live));
  assert.equal(facts?.alias, "live1234.mrap");
  assert.equal(facts?.regions[1]?.region, "eu-west-1");
  assert.equal(offline?.regions[1]?.region, undefined, "the offline view is not changed");
  const missing = mrapFacts(view(value, { mrap: null, buckets: new Map([[1, { missing: "NoSuchBucket" }]]) }));
  assert.equal(missing?.alias, undefined);
  assert.equal(missing?.regions[1]?.region, undefined);
});

it("reads again when the same manifest gets live state later", () => {
  const manifest: { target: { value: JsonValue }; bucketPolicies: Map<number, { value: JsonValue }>; live?: LiveView } = { target: { value: manifestValue() }, bucketPolicies: new Map() };
  assert.equal(mrapFacts(manifest)?.alias, undefined);
  manifest.live = { mrap: { alias: "later.mrap" }, buckets: new Map() };
  assert.equal(mrapFacts(manifest)?.alias, "later.mrap");
});
