import rule from "../../../rules/mrap/region-unknown.js";
import { ruleTester } from "../../helpers/rule-tester.js";
import { fakeLive } from "../../helpers/live.js";
import { manifest } from "../../helpers/manifests.js";

const live = fakeLive();

ruleTester(rule, {
  network: () => ({ live: live.service }),
  valid: [
    {
      name: "with --live, GetBucketLocation gave the Region",
      live: true,
      setup: live.set({ buckets: { "orders-use1": "us-east-1", "orders-euw1": "eu-west-1" } }),
      doc: manifest({ Regions: [{ Bucket: "orders-use1" }, { Bucket: "orders-euw1" }] }),
    },
    { name: "every bucket has a Region", doc: manifest() },
    { name: "an unsupported Region is supported-region's finding", doc: manifest({ Regions: [{ Bucket: "orders-use1", Region: "us-east1" }] }) },
    { name: "Region of the wrong type is left to valid-schema", doc: manifest({ Regions: [{ Bucket: "orders-use1", Region: 1 }] }) },
    { name: "an entry that is not an object is left to valid-schema", doc: manifest({ Regions: ["orders-use1"] }) },
    { name: "no Regions", doc: manifest({ Regions: [] }) },
  ],
  invalid: [
    {
      name: "with --live, a bucket AWS does not know still has no Region",
      live: true,
      setup: live.set({ buckets: { "orders-use1": "us-east-1" } }),
      doc: manifest({ Regions: [{ Bucket: "orders-use1" }, { Bucket: "orders-euw1" }] }),
      errors: [{ messageId: "regionUnknown", pointer: "/MultiRegionAccessPoint/Regions/1", data: { bucket: "orders-euw1" } }],
    },
    {
      name: "one bucket without Region",
      doc: manifest({ Regions: [{ Bucket: "orders-use1", Region: "us-east-1" }, { Bucket: "orders-euw1" }] }),
      errors: [{ messageId: "regionUnknown", pointer: "/MultiRegionAccessPoint/Regions/1", data: { index: 1, bucket: "orders-euw1" } }],
    },
    {
      name: "one finding per entry",
      doc: manifest({ Regions: [{ Bucket: "orders-use1" }, { Bucket: "orders-euw1" }] }),
      errors: [
        { messageId: "regionUnknown", pointer: "/MultiRegionAccessPoint/Regions/0", data: { bucket: "orders-use1" } },
        { messageId: "regionUnknown", pointer: "/MultiRegionAccessPoint/Regions/1", data: { bucket: "orders-euw1" } },
      ],
    },
    {
      name: "cross-account bucket without Region",
      doc: manifest({ Regions: [{ Bucket: "partner-data", BucketAccountId: "444455556666" }] }),
      errors: [{ messageId: "regionUnknown", pointer: "/MultiRegionAccessPoint/Regions/0", data: { index: 0 } }],
    },
    {
      name: "entry without Bucket either",
      doc: manifest({ Regions: [{ BucketAccountId: "444455556666" }] }),
      errors: [{ messageId: "regionUnknown", pointer: "/MultiRegionAccessPoint/Regions/0", data: { bucket: "(no name)" } }],
    },
  ],
});
