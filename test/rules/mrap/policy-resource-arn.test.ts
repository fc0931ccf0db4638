import rule from "../../../rules/mrap/policy-resource-arn.js";
import { ruleTester } from "../../helpers/rule-tester.js";
import { manifest } from "../../helpers/manifests.js";
import type { JsonValue } from "../../../src/document/index.js";

const ALIAS = "mfzwi23gnjvgw.mrap";
const MRAP = `arn:aws:s3::111122223333:accesspoint/${ALIAS}`;

/** A complete MRAP policy: one statement with these resources. */
const policy = (resource: JsonValue, action: string | string[] = ["s3:GetObject", "s3:ListBucket"]): JsonValue => ({
  Version: "2012-10-17",
  Statement: [{ Sid: "Read", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:role/reader" }, Action: action, Resource: resource }],
});
const at = (i: number) => `/Statement/0/Resource/${i}`;
const inManifest = (i?: number) => `/MultiRegionAccessPoint/Policy/Statement/0/Resource${i === undefined ? "" : `/${i}`}`;

ruleTester(rule, {
  valid: [
    { name: "bare MRAP ARN and object ARN", doc: policy([MRAP, `${MRAP}/object/*`]) },
    { name: "Resource * alone", doc: policy("*") },
    { name: "aws-cn partition", doc: policy([`arn:aws-cn:s3::111122223333:accesspoint/${ALIAS}`, `arn:aws-cn:s3::111122223333:accesspoint/${ALIAS}/object/*`]) },
    { name: "aws-us-gov partition", doc: policy(`arn:aws-us-gov:s3::111122223333:accesspoint/${ALIAS}`) },
    { name: "wildcards and a policy variable in the object key", doc: policy([`${MRAP}/object/reports/*.csv`, `${MRAP}/object/home/\${aws:username}/*`, `${MRAP}/object/a?c`]) },
    { name: "every MRAP of the account (documented accesspoint/*)", doc: policy("arn:aws:s3::111122223333:accesspoint/*") },
    { name: "a wildcard right after the alias can still reach /object/", doc: policy(`${MRAP}/*`) },
    { name: "wildcards that still cover MRAP ARNs (resource part, Region)", doc: policy(["arn:aws:s3::111122223333:*", `arn:aws:s3:*:111122223333:accesspoint/${ALIAS}`]) },
    { name: "NotResource with an MRAP object ARN", doc: { Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*", NotResource: `${MRAP}/object/public/*` }] } },
    {
      name: "manifest: owner account and a well-formed alias while Alias is unknown",
      kind: "manifest",
      doc: manifest({ Policy: policy([MRAP, `${MRAP}/object/*`]) }),
    },
    {
      name: "manifest with a known Alias: the name in the ARN is mrap/policy-alias-match's to report",
      kind: "manifest",
      doc: manifest({ Alias: ALIAS, Policy: policy("arn:aws:s3::111122223333:accesspoint/orders-global") }),
    },
    { name: "Resource of the wrong type is left to policy/valid-schema", doc: policy([42]) },
  ],
  invalid: [
    {
      name: "AWS docs placeholder MultiRegionAccessPoint_alias (bare and object ARNs)",
      doc: policy(["arn:aws:s3::111122223333:accesspoint/MultiRegionAccessPoint_alias", "arn:aws:s3::111122223333:accesspoint/MultiRegionAccessPoint_alias/object/*"]),
      errors: [
        { messageId: "placeholderAlias", pointer: at(0), data: { alias: "MultiRegionAccessPoint_alias" } },
        { messageId: "placeholderAlias", pointer: at(1), data: { alias: "MultiRegionAccessPoint_alias" } },
      ],
    },
    {
      name: "AWS docs placeholder zzzzzzzzzzzzz.mrap is a warning (it is well-formed)",
      doc: policy("arn:aws:s3::123456789012:accesspoint/zzzzzzzzzzzzz.mrap", "s3:ListBucket"),
      errors: [{ messageId: "placeholderAlias", pointer: "/Statement/0/Resource", severity: "warning", data: { alias: "zzzzzzzzzzzzz.mrap" } }],
    },
    {
      name: "the // rendering artifact from the AWS Requests page",
      doc: policy([MRAP, `${MRAP}//-01`]),
      errors: [{ messageId: "doubleSlash", pointer: at(1), data: { suggestion: `${MRAP}/object/-01` } }],
    },
    {
      name: "a bucket-style key path without /object/",
      doc: policy([MRAP, `${MRAP}/photos/*`, `${MRAP}/object/`]),
      errors: [
        { messageId: "objectPath", pointer: at(1), data: { tail: "/photos/*", suggestion: `${MRAP}/object/photos/*` } },
        { messageId: "objectPath", pointer: at(2), data: { tail: "/object/", suggestion: `${MRAP}/object/*` } },
      ],
    },
    {
      name: "a Regional access point ARN",
      doc: policy([`arn:aws:s3:us-east-1:111122223333:accesspoint/${ALIAS}`, MRAP]),
      errors: [{ messageId: "regionalArn", pointer: at(0), data: { region: "us-east-1", suggestion: MRAP } }],
    },
    {
      name: "bucket ARNs",
      doc: policy(["arn:aws:s3:::orders-use1", "arn:aws:s3:::orders-use1/*"]),
      errors: [
        { messageId: "bucketArn", pointer: at(0), data: { bucket: "orders-use1", partition: "aws" } },
        { messageId: "bucketArn", pointer: at(1), data: { bucket: "orders-use1" } },
      ],
    },
    {
      name: "the MRAP name where the alias belongs, without a manifest",
      doc: policy("arn:aws:s3::111122223333:accesspoint/orders-global"),
      errors: [{ messageId: "missingMrapSuffix", pointer: "/Statement/0/Resource", data: { alias: "orders-global" } }],
    },
    {
      name: "manifest: the ARN uses the manifest's Name while the alias is unknown",
      kind: "manifest",
      doc: manifest({ Policy: policy(["arn:aws:s3::111122223333:accesspoint/orders-global", "arn:aws:s3::111122223333:accesspoint/orders-global/object/*"]) }),
      errors: [
        { messageId: "nameAsAlias", pointer: inManifest(0), data: { alias: "orders-global" } },
        { messageId: "nameAsAlias", pointer: inManifest(1), data: { alias: "orders-global" } },
      ],
    },
    {
      name: "manifest: another account than the owner",
      kind: "manifest",
      doc: manifest({ Policy: policy(`arn:aws:s3::444455556666:accesspoint/${ALIAS}/object/*`, "s3:GetObject") }),
      errors: [{ messageId: "wrongAccount", pointer: inManifest(), data: { account: "444455556666", owner: "111122223333", suggestion: `${MRAP}/object/*` } }],
    },
    {
      name: "manifest with a referenced policy file: an account pattern that cannot be the owner",
      kind: "manifest",
      doc: manifest({ Policy: "./policies/orders-global.mrap.json" }),
      files: { "policies/orders-global.mrap.json": policy(`arn:aws:s3::4444*:accesspoint/${ALIAS}`, "s3:ListBucket") },
      errors: [{ messageId: "wrongAccount", file: "policies/orders-global.mrap.json", pointer: "/Statement/0/Resource", data: { account: "4444*" } }],
    },
    {
      name: "no account (three colons, as in a bucket ARN)",
      doc: policy(`arn:aws:s3:::accesspoint/${ALIAS}`, "s3:ListBucket"),
      errors: [{ messageId: "badAccount", pointer: "/Statement/0/Resource", data: { account: "" } }],
    },
    {
      name: "a malformed alias",
      doc: policy(["arn:aws:s3::111122223333:accesspoint/1fzwi23gnjvgw.mrap", "arn:aws:s3::111122223333:accesspoint/"]),
      errors: [
        { messageId: "malformedAlias", pointer: at(0), data: { alias: "1fzwi23gnjvgw.mrap" } },
        { messageId: "malformedAlias", pointer: at(1), data: { alias: "" } },
      ],
    },
    {
      name: "not an ARN (an alias alone)",
      doc: policy(`${ALIAS}/object/*`, "s3:GetObject"),
      errors: [{ messageId: "notArn", pointer: "/Statement/0/Resource" }],
    },
    {
      name: "an ARN of another service",
      doc: policy(["arn:aws:iam::111122223333:role/reader", `arn:aws:s3-object-lambda:us-east-1:111122223333:accesspoint/${ALIAS}`]),
      errors: [
        { messageId: "notS3", pointer: at(0), data: { service: "iam" } },
        { messageId: "notS3", pointer: at(1), data: { service: "s3-object-lambda" } },
      ],
    },
    {
      name: "another kind of S3 ARN",
      doc: policy("arn:aws:s3:us-west-2:111122223333:async-request/mrap/create/abc", "s3:GetObject"),
      errors: [{ messageId: "notMrapResource", pointer: "/Statement/0/Resource", data: { type: "async-request" } }],
    },
    {
      name: "an unknown partition",
      doc: policy(`arn:amazon:s3::111122223333:accesspoint/${ALIAS}`, "s3:ListBucket"),
      errors: [{ messageId: "badPartition", pointer: "/Statement/0/Resource", data: { partition: "amazon" } }],
    },
  ],
});
