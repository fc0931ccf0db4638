import rule from "../../../rules/mrap/block-public-access-explicit.js";
import { ruleTester } from "../../helpers/rule-tester.js";
import { manifest } from "../../helpers/manifests.js";

const allTrue = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

ruleTester(rule, {
  valid: [
    { name: "all four settings stated", doc: manifest({ PublicAccessBlock: allTrue }) },
    { name: "all four stated, one false (block-public-access reports that)", doc: manifest({ PublicAccessBlock: { ...allTrue, BlockPublicPolicy: false } }) },
    { name: "access points only, no MRAP", doc: { AccountId: "111122223333", AccessPoints: [{ Name: "reports-ap" }] } },
    { name: "wrong-typed PublicAccessBlock is left to valid-schema", doc: manifest({ PublicAccessBlock: "all" }) },
    { name: "wrong-typed setting still counts as stated", doc: manifest({ PublicAccessBlock: { ...allTrue, IgnorePublicAcls: "yes" } }) },
  ],
  invalid: [
    { name: "PublicAccessBlock omitted", doc: manifest(), errors: [{ messageId: "omitted", pointer: "/MultiRegionAccessPoint", at: "key" }] },
    {
      name: "PublicAccessBlock omitted on a one-Region MRAP",
      doc: manifest({ Regions: [{ Bucket: "orders-use1" }] }),
      errors: [{ messageId: "omitted", pointer: "/MultiRegionAccessPoint", at: "key" }],
    },
    {
      name: "one setting missing",
      doc: manifest({ PublicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true } }),
      errors: [{ messageId: "partial", pointer: "/MultiRegionAccessPoint/PublicAccessBlock", at: "key", data: { missing: "RestrictPublicBuckets" } }],
    },
    {
      name: "two settings missing, listed in order",
      doc: manifest({ PublicAccessBlock: { BlockPublicAcls: true, BlockPublicPolicy: true } }),
      errors: [{ messageId: "partial", pointer: "/MultiRegionAccessPoint/PublicAccessBlock", at: "key", data: { missing: "IgnorePublicAcls, RestrictPublicBuckets" } }],
    },
    {
      name: "empty PublicAccessBlock",
      doc: manifest({ PublicAccessBlock: {} }),
      errors: [{ messageId: "partial", pointer: "/MultiRegionAccessPoint/PublicAccessBlock", at: "key", data: { missing: "BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets" } }],
    },
  ],
});
