import rule from "../../../rules/mrap/account-id.js";
import { ruleTester } from "../../helpers/rule-tester.js";
import { manifest } from "../../helpers/manifests.js";

const owner = (AccountId: string) => manifest({}, { AccountId });
const bucketOwner = (BucketAccountId: string) =>
  manifest({ Regions: [{ Bucket: "orders-use1", Region: "us-east-1" }, { Bucket: "orders-euw1", Region: "eu-west-1", BucketAccountId }] });
const accessPointOwner = (AccountId: string) => manifest({}, { AccessPoints: [{ Name: "reports-ap", Region: "us-west-2", AccountId }] });

ruleTester(rule, {
  valid: [
    { name: "owner account of 12 digits", doc: owner("111122223333") },
    { name: "leading zeros are kept", doc: owner("011122223333") },
    { name: "cross-account bucket owner", doc: bucketOwner("444455556666") },
    { name: "access point account", doc: accessPointOwner("444455556666") },
    { name: "account of the wrong type is left to valid-schema", doc: manifest({}, { AccountId: 42 }) },
  ],
  invalid: [
    { name: "dashes", doc: owner("1111-2222-3333"), errors: [{ messageId: "dashes", pointer: "/AccountId", data: { fixed: "111122223333", field: "AccountId" } }] },
    { name: "spaces", doc: owner("1111 2222 3333"), errors: [{ messageId: "whitespace", pointer: "/AccountId", data: { fixed: "111122223333" } }] },
    { name: "eleven digits", doc: owner("11112222333"), errors: [{ messageId: "wrongLength", pointer: "/AccountId", data: { length: 11 } }] },
    { name: "thirteen digits", doc: owner("1111222233334"), errors: [{ messageId: "wrongLength", pointer: "/AccountId", data: { length: 13 } }] },
    { name: "empty", doc: owner(""), errors: [{ messageId: "empty", pointer: "/AccountId" }] },
    { name: "an ARN", doc: owner("arn:aws:iam::111122223333:root"), errors: [{ messageId: "arn", pointer: "/AccountId", data: { fixed: "111122223333" } }] },
    { name: "letters", doc: owner("my-account"), errors: [{ messageId: "notDigits", pointer: "/AccountId" }] },
    {
      name: "bucket account with dashes",
      doc: bucketOwner("4444-5555-6666"),
      errors: [{ messageId: "dashes", pointer: "/MultiRegionAccessPoint/Regions/1/BucketAccountId", data: { field: "BucketAccountId", fixed: "444455556666" } }],
    },
    {
      name: "access point account too short",
      doc: accessPointOwner("4444555566"),
      errors: [{ messageId: "wrongLength", pointer: "/AccessPoints/0/AccountId", data: { length: 10 } }],
    },
    {
      name: "every bad id is reported",
      doc: manifest(
        { Regions: [{ Bucket: "orders-use1", Region: "us-east-1", BucketAccountId: "x" }, { Bucket: "orders-euw1", Region: "eu-west-1", BucketAccountId: "1" }] },
        { AccountId: "1111-2222-3333" },
      ),
      errors: [
        { messageId: "dashes", pointer: "/AccountId" },
        { messageId: "notDigits", pointer: "/MultiRegionAccessPoint/Regions/0/BucketAccountId" },
        { messageId: "wrongLength", pointer: "/MultiRegionAccessPoint/Regions/1/BucketAccountId" },
      ],
    },
  ],
});
