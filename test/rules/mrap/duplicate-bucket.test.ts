import rule from "../../../rules/mrap/duplicate-bucket.js";
import { ruleTester } from "../../helpers/rule-tester.js";
import { manifest } from "../../helpers/manifests.js";

const buckets = (...names: string[]) => manifest({ Regions: names.map((Bucket) => ({ Bucket })) });

ruleTester(rule, {
  valid: [
    { name: "two different buckets", doc: manifest() },
    { name: "one bucket", doc: buckets("orders-use1") },
    { name: "names differing only in case are bucket-name's concern", doc: buckets("orders-use1", "Orders-use1") },
    { name: "wrong-typed buckets are left to valid-schema", doc: manifest({ Regions: [{ Bucket: 1 }, { Bucket: 1 }] }) },
  ],
  invalid: [
    {
      name: "same bucket twice",
      doc: buckets("orders-use1", "orders-use1"),
      errors: [{ messageId: "duplicateBucket", pointer: "/MultiRegionAccessPoint/Regions/1/Bucket", data: { bucket: "orders-use1", firstIndex: 0 } }],
    },
    {
      name: "same bucket with different Regions",
      doc: manifest({ Regions: [{ Bucket: "orders-use1", Region: "us-east-1" }, { Bucket: "orders-euw1", Region: "eu-west-1" }, { Bucket: "orders-use1", Region: "us-west-2" }] }),
      errors: [{ messageId: "duplicateBucket", pointer: "/MultiRegionAccessPoint/Regions/2/Bucket", data: { firstIndex: 0 } }],
    },
    {
      name: "three times names the first each time",
      doc: buckets("orders-euw1", "orders-use1", "orders-use1", "orders-use1"),
      errors: [
        { messageId: "duplicateBucket", pointer: "/MultiRegionAccessPoint/Regions/2/Bucket", data: { firstIndex: 1 } },
        { messageId: "duplicateBucket", pointer: "/MultiRegionAccessPoint/Regions/3/Bucket", data: { firstIndex: 1 } },
      ],
    },
    {
      name: "same bucket under different owner accounts",
      doc: manifest({ Regions: [{ Bucket: "orders-use1", BucketAccountId: "111122223333" }, { Bucket: "orders-use1", BucketAccountId: "444455556666" }] }),
      errors: [{ messageId: "duplicateBucket", pointer: "/MultiRegionAccessPoint/Regions/1/Bucket" }],
    },
  ],
});
