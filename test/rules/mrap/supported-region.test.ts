import assert from "node:assert/strict";
import { it } from "node:test";
import rule from "../../../rules/mrap/supported-region.js";
import { MRAP_DEFAULT_REGIONS, MRAP_OPT_IN_REGIONS } from "../../../src/mrap/regions.js";
import { ruleTester } from "../../helpers/rule-tester.js";
import { manifest } from "../../helpers/manifests.js";

const inRegion = (Region: string) => manifest({ Regions: [{ Bucket: "orders-use1", Region: "us-east-1" }, { Bucket: "orders-other", Region }] });
const at = "/MultiRegionAccessPoint/Regions/1/Region";

ruleTester(rule, {
  valid: [
    { name: "us-east-1 and eu-west-1", doc: manifest() },
    { name: "sa-east-1", doc: inRegion("sa-east-1") },
    { name: "ap-northeast-3", doc: inRegion("ap-northeast-3") },
    { name: "no Region is region-unknown's finding", doc: manifest({ Regions: [{ Bucket: "orders-use1" }] }) },
    { name: "Region of the wrong type is left to valid-schema", doc: manifest({ Regions: [{ Bucket: "orders-use1", Region: 1 }] }) },
    ...MRAP_DEFAULT_REGIONS.map((region) => ({ name: `default Region ${region}`, doc: inRegion(region) })),
  ],
  invalid: [
    { name: "opt-in Region", doc: inRegion("af-south-1"), errors: [{ messageId: "optInRegion", pointer: at, data: { region: "af-south-1" }, severity: "warning" }] },
    { name: "opt-in Region il-central-1", doc: inRegion("il-central-1"), errors: [{ messageId: "optInRegion", pointer: at, severity: "warning" }] },
    { name: "missing hyphen", doc: inRegion("us-east1"), errors: [{ messageId: "didYouMean", pointer: at, data: { region: "us-east1", suggestion: "us-east-1" }, severity: "error" }] },
    { name: "uppercase", doc: inRegion("EU-WEST-1"), errors: [{ messageId: "didYouMean", pointer: at, data: { suggestion: "eu-west-1" } }] },
    { name: "swapped letters", doc: inRegion("eu-wset-1"), errors: [{ messageId: "didYouMean", pointer: at, data: { suggestion: "eu-west-1" } }] },
    { name: "a Region name instead of the code", doc: inRegion("Frankfurt"), errors: [{ messageId: "notARegion", pointer: at }] },
    {
      name: "a number in the same area is another Region, not a typo",
      doc: inRegion("ap-southeast-7"),
      errors: [{ messageId: "unsupportedRegion", pointer: at, data: { region: "ap-southeast-7" } }],
    },
    { name: "a Region code MRAPs do not list", doc: inRegion("us-gov-west-1"), errors: [{ messageId: "unsupportedRegion", pointer: at }] },
    {
      name: "every entry is checked",
      doc: manifest({ Regions: [{ Bucket: "a-b-c", Region: "us-east1" }, { Bucket: "d-e-f", Region: "me-south-1" }] }),
      errors: [
        { messageId: "didYouMean", pointer: "/MultiRegionAccessPoint/Regions/0/Region" },
        { messageId: "optInRegion", pointer: "/MultiRegionAccessPoint/Regions/1/Region" },
      ],
    },
    ...MRAP_OPT_IN_REGIONS.map((region) => ({
      name: `every opt-in Region is a warning: ${region}`,
      doc: inRegion(region),
      errors: [{ messageId: "optInRegion", pointer: at, data: { region }, severity: "warning" as const }],
    })),
  ],
});

it("mrap/supported-region: 17 default and 12 opt-in Regions (aws-facts.md §2.3)", () => {
  assert.equal(MRAP_DEFAULT_REGIONS.length, 17);
  assert.equal(MRAP_OPT_IN_REGIONS.length, 12);
  assert.equal(new Set([...MRAP_DEFAULT_REGIONS, ...MRAP_OPT_IN_REGIONS]).size, 29);
});
