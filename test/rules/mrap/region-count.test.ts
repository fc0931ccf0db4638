import rule from "../../../rules/mrap/region-count.js";
import { MRAP_REGIONS } from "../../../src/mrap/regions.js";
import { ruleTester } from "../../helpers/rule-tester.js";
import { manifest } from "../../helpers/manifests.js";

const withRegions = (count: number) =>
  manifest({ Regions: MRAP_REGIONS.slice(0, count).map((Region, i) => ({ Bucket: `orders-${i}`, Region })) });
const at = "/MultiRegionAccessPoint/Regions";

ruleTester(rule, {
  valid: [
    { name: "one Region", doc: withRegions(1) },
    { name: "two Regions", doc: manifest() },
    { name: "seventeen Regions", doc: withRegions(17) },
    { name: "Regions of the wrong type is left to valid-schema", doc: manifest({ Regions: "us-east-1" }) },
  ],
  invalid: [
    { name: "no Regions", doc: manifest({ Regions: [] }), errors: [{ messageId: "noRegions", pointer: at }] },
    { name: "eighteen Regions", doc: withRegions(18), errors: [{ messageId: "tooManyRegions", pointer: at, data: { count: 18, max: 17, excess: 1 } }] },
    { name: "all 29 Regions", doc: withRegions(29), errors: [{ messageId: "tooManyRegions", pointer: at, data: { count: 29, excess: 12 } }] },
  ],
});
