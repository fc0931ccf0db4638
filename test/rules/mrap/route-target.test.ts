import rule from "../../../rules/mrap/route-target.js";
import { ruleTester } from "../../helpers/rule-tester.js";
import { manifest } from "../../helpers/manifests.js";
import type { JsonValue } from "../../../src/document/index.js";

const routes = (...list: Record<string, JsonValue>[]) => manifest({ Routes: list.map((route) => ({ TrafficDialPercentage: 100, ...route })) });
const route = (index: number, field?: string) => `/MultiRegionAccessPoint/Routes/${index}${field ? `/${field}` : ""}`;
const undeclared: JsonValue[] = [{ Bucket: "orders-use1", Region: "us-east-1" }, { Bucket: "orders-euw1" }];

ruleTester(rule, {
  valid: [
    { name: "routes by Region", doc: routes({ Region: "us-east-1" }, { Region: "eu-west-1", TrafficDialPercentage: 0 }) },
    { name: "routes by Bucket", doc: routes({ Bucket: "orders-use1" }, { Bucket: "orders-euw1", TrafficDialPercentage: 0 }) },
    { name: "Bucket and Region that agree", doc: routes({ Bucket: "orders-euw1", Region: "eu-west-1" }) },
    { name: "no Routes", doc: manifest() },
    {
      name: "Region not checked while some bucket's Region is undeclared",
      doc: manifest({ Regions: undeclared, Routes: [{ Region: "ap-northeast-1", TrafficDialPercentage: 100 }] }),
    },
    {
      name: "Bucket with a Region the manifest does not declare for it",
      doc: manifest({ Regions: undeclared, Routes: [{ Bucket: "orders-euw1", Region: "eu-west-1", TrafficDialPercentage: 100 }] }),
    },
    { name: "wrong-typed Bucket counts as naming a target (valid-schema reports the type)", doc: routes({ Bucket: 42 }) },
    { name: "a route that is not an object is left to valid-schema", doc: manifest({ Routes: ["us-east-1"] }) },
  ],
  invalid: [
    { name: "neither Bucket nor Region", doc: routes({}), errors: [{ messageId: "missingTarget", pointer: route(0) }] },
    {
      name: "bucket not in the MRAP",
      doc: routes({ Bucket: "orders-use1" }, { Bucket: "orders-usw2", TrafficDialPercentage: 0 }),
      errors: [{ messageId: "unknownBucket", pointer: route(1, "Bucket"), data: { bucket: "orders-usw2", buckets: "orders-use1, orders-euw1" } }],
    },
    {
      name: "unknown bucket is reported once, not also its Region",
      doc: routes({ Bucket: "orders-usw2", Region: "us-west-2" }),
      errors: [{ messageId: "unknownBucket", pointer: route(0, "Bucket"), data: { bucket: "orders-usw2" } }],
    },
    {
      name: "Region not in the MRAP",
      doc: routes({ Region: "us-east-1" }, { Region: "ap-northeast-1", TrafficDialPercentage: 0 }),
      errors: [{ messageId: "unknownRegion", pointer: route(1, "Region"), data: { region: "ap-northeast-1", regions: "us-east-1, eu-west-1" } }],
    },
    {
      name: "Bucket and Region disagree",
      doc: routes({ Bucket: "orders-euw1", Region: "us-east-1" }),
      errors: [{ messageId: "regionMismatch", pointer: route(0, "Region"), data: { bucket: "orders-euw1", region: "us-east-1", bucketRegion: "eu-west-1" } }],
    },
    {
      name: "Bucket known, Region unknown: reported as a mismatch",
      doc: routes({ Bucket: "orders-use1", Region: "us-west-2" }),
      errors: [{ messageId: "regionMismatch", pointer: route(0, "Region"), data: { bucketRegion: "us-east-1" } }],
    },
    {
      name: "several routes, several problems",
      doc: routes({ Region: "eu-west-1" }, { TrafficDialPercentage: 0 }, { Bucket: "orders-usw2", TrafficDialPercentage: 0 }),
      errors: [
        { messageId: "missingTarget", pointer: route(1) },
        { messageId: "unknownBucket", pointer: route(2, "Bucket") },
      ],
    },
  ],
});
