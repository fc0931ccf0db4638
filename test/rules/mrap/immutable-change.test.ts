import type { JsonValue } from "../../../src/document/index.js";
import rule from "../../../rules/mrap/immutable-change.js";
import { fakeLive } from "../../helpers/live.js";
import { ruleTester } from "../../helpers/rule-tester.js";

const live = fakeLive();
const ACCOUNT = "111122223333";
const liveMrap = (extra: Record<string, JsonValue> = {}) => ({
  name: "orders-global",
  alias: "mfzwi23gnjvgw.mrap",
  status: "READY",
  publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
  regions: [
    { bucket: "orders-use1", region: "us-east-1", bucketAccountId: ACCOUNT },
    { bucket: "orders-euw1", region: "eu-west-1", bucketAccountId: ACCOUNT },
  ],
  ...extra,
});
const world = (extra: Record<string, JsonValue> = {}) => live.set({ mrap: liveMrap(extra), buckets: { "orders-use1": "us-east-1", "orders-euw1": "eu-west-1", "orders-apse2": "ap-southeast-2" } });
const manifest = (mrap: Record<string, JsonValue> = {}) => ({ AccountId: ACCOUNT, MultiRegionAccessPoint: { Name: "orders-global", Regions: [{ Bucket: "orders-use1" }, { Bucket: "orders-euw1" }], ...mrap } });

ruleTester(rule, {
  network: () => ({ live: live.service }),
  valid: [
    { name: "the same buckets and defaults", live: true, setup: world(), doc: manifest() },
    { name: "the same buckets in another order, explicit settings", live: true, setup: world(), doc: manifest({ Regions: [{ Bucket: "orders-euw1" }, { Bucket: "orders-use1", BucketAccountId: ACCOUNT }], PublicAccessBlock: { BlockPublicAcls: true, BlockPublicPolicy: true } }) },
    { name: "the MRAP does not exist yet", live: true, setup: live.set({ buckets: {} }), doc: manifest() },
    { name: "the live alias", live: true, setup: world(), doc: manifest({ Alias: "mfzwi23gnjvgw.mrap" }) },
    { name: "without --live nothing is compared", setup: world(), doc: manifest({ Regions: [{ Bucket: "other" }] }) },
  ],
  invalid: [
    {
      name: "a bucket added",
      live: true,
      setup: world(),
      doc: manifest({ Regions: [{ Bucket: "orders-use1" }, { Bucket: "orders-euw1" }, { Bucket: "orders-apse2" }] }),
      errors: [{ messageId: "bucketAdded", pointer: "/MultiRegionAccessPoint/Regions/2/Bucket", data: { bucket: "orders-apse2" } }],
    },
    {
      name: "a bucket removed",
      live: true,
      setup: world(),
      doc: manifest({ Regions: [{ Bucket: "orders-use1" }] }),
      errors: [{ messageId: "bucketRemoved", pointer: "/MultiRegionAccessPoint/Regions", data: { bucket: "orders-euw1" } }],
    },
    {
      name: "a bucket of another account",
      live: true,
      setup: world(),
      doc: manifest({ Regions: [{ Bucket: "orders-use1", BucketAccountId: "444455556666" }, { Bucket: "orders-euw1" }] }),
      errors: [{ messageId: "bucketAccount", pointer: "/MultiRegionAccessPoint/Regions/0/BucketAccountId", data: { live: ACCOUNT, manifest: "444455556666" } }],
    },
    {
      name: "a Block Public Access setting turned off",
      live: true,
      setup: world(),
      doc: manifest({ PublicAccessBlock: { BlockPublicPolicy: false } }),
      errors: [{ messageId: "publicAccessBlock", pointer: "/MultiRegionAccessPoint/PublicAccessBlock/BlockPublicPolicy", data: { setting: "BlockPublicPolicy", manifest: "false", live: "true" } }],
    },
    {
      name: "an omitted setting means true, but the live one is false",
      live: true,
      setup: world({ publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: false } }),
      doc: manifest(),
      errors: [{ messageId: "publicAccessBlock", pointer: "/MultiRegionAccessPoint/Name", data: { setting: "RestrictPublicBuckets", manifest: "true", live: "false" } }],
    },
    {
      name: "an alias that is not the live one",
      live: true,
      setup: world(),
      doc: manifest({ Alias: "abcdefghijklm.mrap" }),
      errors: [{ messageId: "alias", pointer: "/MultiRegionAccessPoint/Alias", data: { live: "mfzwi23gnjvgw.mrap" } }],
    },
  ],
});
