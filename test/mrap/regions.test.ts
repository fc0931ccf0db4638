import assert from "node:assert/strict";
import { it } from "node:test";
import { isDefaultMrapRegion, isOptInMrapRegion, looksLikeRegionCode, MAX_MRAP_REGIONS, MRAP_REGIONS } from "../../src/mrap/regions.js";

it("tells default from opt-in MRAP Regions, and neither for others", () => {
  assert.equal(isDefaultMrapRegion("us-east-1"), true);
  assert.equal(isOptInMrapRegion("us-east-1"), false);
  const optIn = MRAP_REGIONS.find(isOptInMrapRegion);
  assert.ok(optIn);
  assert.equal(isDefaultMrapRegion(optIn), false);
  assert.equal(isDefaultMrapRegion("us-gov-west-1"), false);
  assert.equal(isOptInMrapRegion("us-gov-west-1"), false);
  assert.equal(new Set(MRAP_REGIONS).size, MRAP_REGIONS.length);
  assert.equal(MAX_MRAP_REGIONS, 17);
});

it("recognises the shape of a Region code", () => {
  for (const code of ["us-east-1", "ap-southeast-4", "us-gov-west-1"]) assert.equal(looksLikeRegionCode(code), true, code);
  for (const text of ["US-EAST-1", "us-east", "useast1", "us-east-1a", "orders-use1"]) assert.equal(looksLikeRegionCode(text), false, text);
});
