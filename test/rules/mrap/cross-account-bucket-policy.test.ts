import rule from "../../../rules/mrap/cross-account-bucket-policy.js";
import { ruleTester } from "../../helpers/rule-tester.js";
import { manifest } from "../../helpers/manifests.js";
import type { JsonValue } from "../../../src/document/index.js";

const OTHER = "444455556666";
const delegation = {
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: "s3:GetObject",
      Resource: "arn:aws:s3:::orders-euw1/*",
      Condition: { StringEquals: { "s3:DataAccessPointAccount": "111122223333" } },
    },
  ],
};
const regions = (second: Record<string, JsonValue>) =>
  manifest({ Regions: [{ Bucket: "orders-use1", Region: "us-east-1" }, { Bucket: "orders-euw1", Region: "eu-west-1", ...second }] });
const at = (index: number) => `/MultiRegionAccessPoint/Regions/${index}/BucketAccountId`;

ruleTester(rule, {
  valid: [
    { name: "no BucketAccountId", doc: manifest() },
    { name: "BucketAccountId equals the owner", doc: regions({ BucketAccountId: "111122223333" }) },
    { name: "cross-account bucket with an inline policy", doc: regions({ BucketAccountId: OTHER, BucketPolicy: delegation }) },
    { name: "cross-account bucket with a JSON-string policy", doc: regions({ BucketAccountId: OTHER, BucketPolicy: JSON.stringify(delegation) }) },
    { name: "cross-account bucket with a policy file", doc: regions({ BucketAccountId: OTHER, BucketPolicy: "./orders-euw1.bucket.json" }), files: { "orders-euw1.bucket.json": delegation } },
    { name: "malformed BucketAccountId is left to account-id", doc: regions({ BucketAccountId: "4444" }) },
    { name: "malformed owner AccountId is left to account-id", doc: manifest({ Regions: [{ Bucket: "orders-euw1", BucketAccountId: OTHER }] }, { AccountId: "1111-2222-3333" }) },
  ],
  invalid: [
    {
      name: "cross-account bucket without a policy",
      doc: regions({ BucketAccountId: OTHER }),
      errors: [{ messageId: "missingBucketPolicy", pointer: at(1), data: { bucket: "orders-euw1", bucketAccount: OTHER, owner: "111122223333" } }],
    },
    {
      name: "cross-account bucket without a declared Region",
      doc: manifest({ Regions: [{ Bucket: "orders-use1" }, { Bucket: "orders-euw1", BucketAccountId: OTHER }] }),
      errors: [{ messageId: "missingBucketPolicy", pointer: at(1) }],
    },
    {
      name: "two buckets from two other accounts",
      doc: manifest({
        Regions: [
          { Bucket: "orders-use1", BucketAccountId: "777788889999" },
          { Bucket: "orders-euw1", BucketAccountId: OTHER, BucketPolicy: delegation },
          { Bucket: "orders-apne1", BucketAccountId: OTHER },
        ],
      }),
      errors: [
        { messageId: "missingBucketPolicy", pointer: at(0), data: { bucket: "orders-use1", bucketAccount: "777788889999" } },
        { messageId: "missingBucketPolicy", pointer: at(2), data: { bucket: "orders-apne1" } },
      ],
    },
  ],
});
