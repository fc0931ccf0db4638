import rule from "../../../rules/mrap/one-bucket-per-region.js";
import type { JsonValue } from "../../../src/document/index.js";
import { ruleTester } from "../../helpers/rule-tester.js";
import { manifest } from "../../helpers/manifests.js";

const regions = (...entries: [string, string?][]) =>
  manifest({ Regions: entries.map(([Bucket, Region]): JsonValue => (Region === undefined ? { Bucket } : { Bucket, Region })) });

ruleTester(rule, {
  valid: [
    { name: "two Regions", doc: manifest() },
    { name: "entries without Region are skipped", doc: regions(["orders-use1"], ["orders-use1b"], ["orders-euw1", "eu-west-1"]) },
    { name: "the same bucket twice is duplicate-bucket's finding", doc: regions(["orders-use1", "us-east-1"], ["orders-use1", "us-east-1"]) },
    { name: "wrong-typed Regions are left to valid-schema", doc: manifest({ Regions: [{ Bucket: "a-b-c", Region: 1 }, { Bucket: "d-e-f", Region: 1 }] }) },
  ],
  invalid: [
    {
      name: "two buckets in us-east-1",
      doc: regions(["orders-use1", "us-east-1"], ["orders-use1b", "us-east-1"]),
      errors: [
        {
          messageId: "sameRegion",
          pointer: "/MultiRegionAccessPoint/Regions/1/Region",
          data: { region: "us-east-1", bucket: "orders-use1b", firstBucket: "orders-use1", firstIndex: 0 },
        },
      ],
    },
    {
      name: "not adjacent",
      doc: regions(["orders-euw1", "eu-west-1"], ["orders-use1", "us-east-1"], ["orders-euw1b", "eu-west-1"]),
      errors: [{ messageId: "sameRegion", pointer: "/MultiRegionAccessPoint/Regions/2/Region", data: { firstBucket: "orders-euw1", firstIndex: 0 } }],
    },
    {
      name: "three in one Region names the first each time",
      doc: regions(["a-use1", "us-east-1"], ["b-use1", "us-east-1"], ["c-use1", "us-east-1"]),
      errors: [
        { messageId: "sameRegion", pointer: "/MultiRegionAccessPoint/Regions/1/Region", data: { firstBucket: "a-use1" } },
        { messageId: "sameRegion", pointer: "/MultiRegionAccessPoint/Regions/2/Region", data: { firstBucket: "a-use1", bucket: "c-use1" } },
      ],
    },
    {
      name: "two pairs",
      doc: regions(["a-use1", "us-east-1"], ["a-euw1", "eu-west-1"], ["b-use1", "us-east-1"], ["b-euw1", "eu-west-1"]),
      errors: [
        { messageId: "sameRegion", pointer: "/MultiRegionAccessPoint/Regions/2/Region", data: { region: "us-east-1" } },
        { messageId: "sameRegion", pointer: "/MultiRegionAccessPoint/Regions/3/Region", data: { region: "eu-west-1" } },
      ],
    },
  ],
});
