import assert from "node:assert/strict";
import { it } from "node:test";
import { BPA_POINTER, BPA_SETTINGS, publicAccessBlockOf } from "../../src/mrap/public-access-block.js";

it("reads the MRAP's PublicAccessBlock object, absent when it is not an object", () => {
  const block = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: false };
  assert.equal(publicAccessBlockOf({ MultiRegionAccessPoint: { PublicAccessBlock: block } }), block);
  assert.equal(publicAccessBlockOf({ MultiRegionAccessPoint: { PublicAccessBlock: true } }), undefined);
  assert.equal(publicAccessBlockOf({ PublicAccessBlock: block }), undefined, "only the MRAP's own");
  assert.equal(BPA_POINTER, "/MultiRegionAccessPoint/PublicAccessBlock");
  assert.deepEqual([...BPA_SETTINGS].sort(), Object.keys(block).sort());
});
