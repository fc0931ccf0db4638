import rule from "../../../rules/mrap/delegation-account.js";
import { ruleTester } from "../../helpers/rule-tester.js";
import { manifest } from "../../helpers/manifests.js";
import type { JsonValue } from "../../../src/document/index.js";

const OWNER = "111122223333";
const BUCKET_OWNER = "444455556666";
const ALIAS = "mfzwi23gnjvgw.mrap";
const MRAP = `arn:aws:s3::${OWNER}:accesspoint/${ALIAS}`;

/** A delegation bucket policy for orders-euw1 with the given DataAccessPoint condition. */
const delegation = (condition: JsonValue, extra: JsonValue[] = []) => ({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: ["s3:*"],
      Resource: ["arn:aws:s3:::orders-euw1", "arn:aws:s3:::orders-euw1/*"],
      Condition: condition,
    },
    ...extra,
  ],
});
const account = (value: JsonValue) => delegation({ StringEquals: { "s3:DataAccessPointAccount": value } });
const arn = (value: JsonValue, operator = "StringEquals") => delegation({ [operator]: { "s3:DataAccessPointArn": value } });
/** A two-Region manifest whose second bucket is owned by another account and has `policy`. */
const crossAccount = (policy: JsonValue, mrap: Record<string, JsonValue | undefined> = {}) =>
  manifest({
    Alias: ALIAS,
    Regions: [
      { Bucket: "orders-use1", Region: "us-east-1" },
      { Bucket: "orders-euw1", Region: "eu-west-1", BucketAccountId: BUCKET_OWNER, BucketPolicy: policy },
    ],
    ...mrap,
  });

const IN = "/MultiRegionAccessPoint/Regions/1/BucketPolicy/Statement/0/Condition";

ruleTester(rule, {
  valid: [
    { name: "cross-account bucket delegates to the MRAP owner by account (§4.2)", kind: "manifest", doc: crossAccount(account(OWNER)) },
    { name: "delegation by the MRAP ARN (§4.2 Example 1)", kind: "manifest", doc: crossAccount(arn(MRAP)) },
    { name: "delegation to every MRAP of the owner by ARN pattern", kind: "manifest", doc: crossAccount(arn(`arn:aws:s3::${OWNER}:accesspoint/*`, "StringLike")) },
    { name: "the owner among several delegated accounts (§4.2: list each)", kind: "manifest", doc: crossAccount(account([BUCKET_OWNER, OWNER])) },
    { name: "alias unknown: only the account is checked", kind: "manifest", doc: crossAccount(arn(`arn:aws:s3::${OWNER}:accesspoint/other.mrap`), { Alias: undefined }) },
    { name: "standalone bucket policy: no manifest to compare with", kind: "bucket-policy", doc: account(BUCKET_OWNER) },
    { name: "wildcard account is left to mrap/delegation-scope", kind: "manifest", doc: crossAccount(account("*")) },
    { name: "manifest without a valid AccountId", kind: "manifest", doc: manifest({ Regions: [{ Bucket: "orders-euw1", BucketPolicy: account(BUCKET_OWNER) }] }, { AccountId: "1111" }) },
  ],
  invalid: [
    {
      name: "cross-account bucket delegates to its own account",
      kind: "manifest",
      doc: crossAccount(account(BUCKET_OWNER)),
      errors: [
        {
          messageId: "bucketAccount",
          pointer: `${IN}/StringEquals/s3:DataAccessPointAccount`,
          data: { bucket: "orders-euw1", key: "s3:DataAccessPointAccount", value: BUCKET_OWNER, account: BUCKET_OWNER, owner: OWNER },
        },
      ],
    },
    {
      name: "delegates to a third account",
      kind: "manifest",
      doc: crossAccount(account("777788889999")),
      errors: [{ messageId: "otherAccount", pointer: `${IN}/StringEquals/s3:DataAccessPointAccount`, data: { account: "777788889999", owner: OWNER } }],
    },
    {
      name: "MRAP ARN of the bucket owner's account",
      kind: "manifest",
      doc: crossAccount(arn(`arn:aws:s3::${BUCKET_OWNER}:accesspoint/${ALIAS}`)),
      errors: [{ messageId: "bucketAccount", pointer: `${IN}/StringEquals/s3:DataAccessPointArn`, data: { key: "s3:DataAccessPointArn", account: BUCKET_OWNER } }],
    },
    {
      name: "stale alias after the MRAP was recreated",
      kind: "manifest",
      doc: crossAccount(arn(`arn:aws:s3::${OWNER}:accesspoint/oldalias1234.mrap`)),
      errors: [{ messageId: "otherAccessPoint", pointer: `${IN}/StringEquals/s3:DataAccessPointArn`, data: { expected: MRAP } }],
    },
    {
      name: "a single-Region access point of the owner is not the MRAP",
      kind: "manifest",
      doc: crossAccount(arn(`arn:aws:s3:eu-west-1:${OWNER}:accesspoint/*`, "StringLike")),
      errors: [{ messageId: "otherAccessPoint", pointer: `${IN}/StringLike/s3:DataAccessPointArn` }],
    },
    {
      name: "every wrong value is reported when none reaches the MRAP",
      kind: "manifest",
      doc: crossAccount(account([BUCKET_OWNER, "777788889999"])),
      errors: [
        { messageId: "bucketAccount", pointer: `${IN}/StringEquals/s3:DataAccessPointAccount/0` },
        { messageId: "otherAccount", pointer: `${IN}/StringEquals/s3:DataAccessPointAccount/1` },
      ],
    },
    {
      name: "policy file a manifest references",
      kind: "manifest",
      doc: crossAccount("./policies/orders-euw1.json"),
      files: { "policies/orders-euw1.json": account(BUCKET_OWNER) },
      errors: [{ messageId: "bucketAccount", file: "policies/orders-euw1.json", pointer: "/Statement/0/Condition/StringEquals/s3:DataAccessPointAccount" }],
    },
  ],
});
