import rule from "../../../rules/mrap/delegation-scope.js";
import { ruleTester } from "../../helpers/rule-tester.js";
import { manifest } from "../../helpers/manifests.js";
import type { JsonValue } from "../../../src/document/index.js";

type Statement = { [key: string]: JsonValue | undefined };

const MRAP = "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap";
const strip = (s: Statement) => Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as { [key: string]: JsonValue };
/** §4.2 "Update your underlying Amazon S3 bucket policy": delegation by account. */
const byAccount: Statement = {
  Effect: "Allow",
  Principal: { AWS: "*" },
  Action: ["s3:*"],
  Resource: ["arn:aws:s3:::orders-use1", "arn:aws:s3:::orders-use1/*"],
  Condition: { StringEquals: { "s3:DataAccessPointAccount": "111122223333" } },
};
const policy = (...statements: Statement[]) => ({ Version: "2012-10-17", Statement: statements.map((s) => strip({ ...byAccount, ...s })) });
/** A manifest whose first Regions entry (bucket orders-use1) has `bucketPolicy`. */
const withPolicy = (bucketPolicy: JsonValue) =>
  manifest({ Regions: [{ Bucket: "orders-use1", Region: "us-east-1", BucketPolicy: bucketPolicy }, { Bucket: "orders-euw1", Region: "eu-west-1" }] });

const S0 = "/Statement/0";
const IN = "/MultiRegionAccessPoint/Regions/0/BucketPolicy";

ruleTester(rule, {
  valid: [
    { name: "§4.2 delegation by account", kind: "bucket-policy", doc: policy({}) },
    {
      name: "§4.2 Example 1: delegation by MRAP ARN",
      kind: "bucket-policy",
      doc: policy({ Action: "*", Condition: { StringEquals: { "s3:DataAccessPointArn": MRAP } } }),
    },
    {
      name: "access point ARN with a wildcard name and a fixed account (§3.3)",
      kind: "bucket-policy",
      doc: policy({ Condition: { StringLike: { "s3:DataAccessPointArn": "arn:aws:s3:us-west-2:123456789012:accesspoint/*" } } }),
    },
    { name: "delegation inline for its own bucket", kind: "manifest", doc: withPolicy(policy({ Resource: ["arn:aws:s3:::orders-use1", "arn:aws:s3:::orders-use1/reports/*"] })) },
    { name: "not a delegation: named principal", kind: "bucket-policy", doc: policy({ Principal: { AWS: "444455556666" }, Condition: { StringLike: { "s3:DataAccessPointAccount": "*" } } }) },
    { name: "not a delegation: Deny", kind: "bucket-policy", doc: policy({ Effect: "Deny", Resource: "arn:aws:s3:::111122223333/*", Condition: { StringNotEquals: { "s3:DataAccessPointAccount": "111122223333" } } }) },
    { name: "a bucket named like an account id in its own manifest entry", kind: "manifest", doc: manifest({ Regions: [{ Bucket: "111122223333", BucketPolicy: policy({ Resource: "arn:aws:s3:::111122223333/*" }) }] }) },
  ],
  invalid: [
    {
      name: "wildcard account",
      kind: "bucket-policy",
      doc: policy({ Condition: { StringLike: { "s3:DataAccessPointAccount": "*" } } }),
      errors: [{ messageId: "wildcardAccount", pointer: `${S0}/Condition/StringLike/s3:DataAccessPointAccount`, data: { statement: "#0", value: "*", problem: "contains a wildcard" } }],
    },
    {
      name: "policy variable as the account",
      kind: "bucket-policy",
      doc: policy({ Sid: "Delegate", Condition: { StringEquals: { "s3:DataAccessPointAccount": ["111122223333", "${aws:PrincipalAccount}"] } } }),
      errors: [{ messageId: "wildcardAccount", pointer: `${S0}/Condition/StringEquals/s3:DataAccessPointAccount/1`, data: { statement: '"Delegate"', problem: "contains a policy variable" } }],
    },
    {
      name: "access point ARN with a wildcard account",
      kind: "bucket-policy",
      doc: policy({ Condition: { ArnLike: { "s3:DataAccessPointArn": "arn:aws:s3::*:accesspoint/mfzwi23gnjvgw.mrap" } } }),
      errors: [{ messageId: "wildcardArn", pointer: `${S0}/Condition/ArnLike/s3:DataAccessPointArn`, data: { problem: "has a wildcard and no fixed 12-digit account" } }],
    },
    {
      name: "IfExists lets direct requests in",
      kind: "bucket-policy",
      doc: policy({ Condition: { StringEqualsIfExists: { "s3:DataAccessPointAccount": "111122223333" } } }),
      errors: [{ messageId: "operatorNotLimiting", pointer: `${S0}/Condition/StringEqualsIfExists`, at: "key", data: { operator: "StringEqualsIfExists", key: "s3:DataAccessPointAccount" } }],
    },
    {
      name: "Null tests only that some access point was used",
      kind: "bucket-policy",
      doc: policy({ Condition: { Null: { "s3:DataAccessPointArn": "false" } } }),
      errors: [{ messageId: "operatorNotLimiting", pointer: `${S0}/Condition/Null`, at: "key", data: { key: "s3:DataAccessPointArn" } }],
    },
    {
      name: "account id used as the bucket name (standalone policy)",
      kind: "bucket-policy",
      doc: policy({ Resource: ["arn:aws:s3:::111122223333", "arn:aws:s3:::111122223333/*"] }),
      errors: [
        { messageId: "accountAsBucket", pointer: `${S0}/Resource/0`, data: { name: "111122223333", expected: "arn:aws:s3:::BUCKET" } },
        { messageId: "accountAsBucket", pointer: `${S0}/Resource/1`, data: { expected: "arn:aws:s3:::BUCKET/*" } },
      ],
    },
    {
      name: "account id as the bucket and another bucket, inline in a manifest",
      kind: "manifest",
      doc: withPolicy(policy({ Resource: ["arn:aws:s3:::orders-use1", "arn:aws:s3:::111122223333/*", "arn:aws:s3:::orders-euw1/*"] })),
      errors: [
        { messageId: "accountAsBucket", pointer: `${IN}${S0}/Resource/1`, data: { expected: "arn:aws:s3:::orders-use1/*" } },
        { messageId: "otherResource", pointer: `${IN}${S0}/Resource/2`, data: { bucket: "orders-use1", expected: "arn:aws:s3:::orders-use1" } },
      ],
    },
    {
      name: "wildcard resource in a policy file a manifest references",
      kind: "manifest",
      doc: withPolicy("./policies/orders-use1.json"),
      files: { "policies/orders-use1.json": policy({ Resource: ["arn:aws:s3:::orders-*", "*"] }) },
      errors: [
        { messageId: "otherResource", file: "policies/orders-use1.json", pointer: `${S0}/Resource/0`, data: { resource: "arn:aws:s3:::orders-*" } },
        { messageId: "otherResource", file: "policies/orders-use1.json", pointer: `${S0}/Resource/1`, data: { resource: "*" } },
      ],
    },
  ],
});
