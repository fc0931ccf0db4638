import type { JsonValue } from "../../../src/document/index.js";
import rule from "../../../rules/mrap/bucket-missing.js";
import { fakeLive } from "../../helpers/live.js";
import { ruleTester } from "../../helpers/rule-tester.js";

const live = fakeLive();
const buckets = (map: Record<string, string>) => live.set({ buckets: map });
const manifest = (regions: JsonValue[]) => ({ AccountId: "111122223333", MultiRegionAccessPoint: { Name: "orders-global", Regions: regions } });

ruleTester(rule, {
  network: () => ({ live: live.service }),
  valid: [
    { name: "every bucket exists", live: true, setup: buckets({ "orders-use1": "us-east-1", "orders-euw1": "eu-west-1" }), doc: manifest([{ Bucket: "orders-use1" }, { Bucket: "orders-euw1", Region: "eu-west-1" }]) },
    { name: "without --live nothing is looked up", setup: buckets({}), doc: manifest([{ Bucket: "orders-use1" }]) },
  ],
  invalid: [
    {
      name: "a bucket that does not exist",
      live: true,
      setup: buckets({ "orders-use1": "us-east-1" }),
      doc: manifest([{ Bucket: "orders-use1" }, { Bucket: "orders-euw1" }]),
      errors: [{ messageId: "missing", pointer: "/MultiRegionAccessPoint/Regions/1/Bucket", data: { bucket: "orders-euw1" } }],
    },
    {
      name: "a Region hint that is wrong",
      live: true,
      setup: buckets({ "orders-use1": "us-east-2" }),
      doc: manifest([{ Bucket: "orders-use1", Region: "us-east-1" }]),
      errors: [{ messageId: "regionMismatch", pointer: "/MultiRegionAccessPoint/Regions/0/Region", data: { live: "us-east-2", manifest: "us-east-1" } }],
    },
  ],
});
