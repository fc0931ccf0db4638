import rule from "../../../rules/mrap/policy-action-resource.js";
import { ruleTester } from "../../helpers/rule-tester.js";
import { manifest } from "../../helpers/manifests.js";
import type { JsonValue } from "../../../src/document/index.js";
import { readFileSync } from "node:fs";

const example = (name: string): JsonValue => JSON.parse(readFileSync(new URL(`../../../examples/policies/${name}`, import.meta.url), "utf8")) as JsonValue;

const MRAP = "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap";
const OBJECTS = `${MRAP}/object/*`;
const BUCKET = "arn:aws:s3:::orders-use1";
const AP = "arn:aws:s3:us-east-1:111122223333:accesspoint/reports";

const statement = (action: JsonValue, resource: JsonValue, effect = "Allow") => ({
  Effect: effect,
  Principal: { AWS: "arn:aws:iam::111122223333:role/app" },
  Action: action,
  Resource: resource,
});
/** A complete MRAP policy with these statements. */
const policy = (...statements: JsonValue[]): JsonValue => ({ Version: "2012-10-17", Statement: statements });
/** A delegation statement to the MRAP's account, on these resources. */
const delegation = (resource: JsonValue) => ({
  Effect: "Allow",
  Principal: { AWS: "*" },
  Action: "s3:*",
  Resource: resource,
  Condition: { StringEquals: { "s3:DataAccessPointAccount": "111122223333" } },
});
/** A manifest whose first Region's bucket (orders-use1) has this inline bucket policy. */
const withBucketPolicy = (bucketPolicy: JsonValue) =>
  manifest({ Regions: [{ Bucket: "orders-use1", Region: "us-east-1", BucketPolicy: bucketPolicy }, { Bucket: "orders-euw1", Region: "eu-west-1" }] });
const IN_BUCKET = "/MultiRegionAccessPoint/Regions/0/BucketPolicy";

ruleTester(rule, {
  valid: [
    { name: "object and listing actions with both forms", doc: policy(statement(["s3:GetObject", "s3:ListBucket"], [MRAP, OBJECTS])) },
    { name: "separate statements per level", doc: policy(statement("s3:ListBucket", MRAP), statement(["s3:GetObject", "s3:PutObject"], OBJECTS)) },
    { name: "Resource * matches both", doc: policy(statement(["s3:GetObject", "s3:ListBucket"], "*")) },
    { name: "accesspoint/* and ALIAS* reach both forms", doc: policy(statement(["s3:GetObject", "s3:ListBucket"], "arn:aws:s3::111122223333:accesspoint/*"), statement(["s3:GetObject", "s3:ListBucket"], `${MRAP}*`)) },
    { name: "a wildcard action is satisfied by any of its actions", doc: policy(statement("s3:List*", OBJECTS), statement("s3:*", MRAP)) },
    { name: "NotAction and NotResource statements are skipped", doc: policy({ Effect: "Deny", Principal: "*", NotAction: "s3:ListBucket", Resource: MRAP }, { Effect: "Deny", Principal: "*", Action: "s3:GetObject", NotResource: OBJECTS }) },
    { name: "bucket ARNs and control-plane actions are other rules' concern", doc: policy(statement("s3:GetObject", "arn:aws:s3:::orders-use1/*"), statement("s3:PutMultiRegionAccessPointPolicy", OBJECTS)) },
    { name: "the // artifact is mrap/policy-resource-arn's to report", doc: policy(statement("s3:GetObject", `${MRAP}//-01`)) },
    // Bucket policies.
    { name: "bucket: the example delegation policies (both ARNs)", kind: "bucket-policy", doc: example("orders-use1.bucket.json") },
    { name: "bucket: the second example delegation policy", kind: "bucket-policy", doc: example("orders-euw1.bucket.json") },
    { name: "bucket: GetObject and ListBucket with both ARNs", kind: "bucket-policy", doc: policy(statement(["s3:GetObject", "s3:ListBucket"], [BUCKET, `${BUCKET}/*`])) },
    {
      name: "bucket: bucket-level actions on the bucket, object actions on keys",
      kind: "bucket-policy",
      doc: policy(statement(["s3:GetBucketLocation", "s3:GetBucketPolicy", "s3:ListBucketVersions"], BUCKET), statement(["s3:GetObjectVersion", "s3:PutObjectTagging"], `${BUCKET}/reports/*`)),
    },
    { name: "bucket: wildcard actions served by one of their actions", kind: "bucket-policy", doc: policy(statement("s3:Get*", BUCKET), statement("s3:List*", `${BUCKET}/*`)) },
    { name: "bucket: actions without a bucket or object resource are left alone", kind: "bucket-policy", doc: policy(statement(["s3:GetObject", "s3:ListAllMyBuckets"], `${BUCKET}/*`)) },
    { name: "bucket: a bucket-name wildcard reaches both forms", kind: "bucket-policy", doc: policy(statement(["s3:GetObject", "s3:ListBucket"], "arn:aws:s3:::orders-use*")) },
    { name: "bucket: one bucket named throughout, standalone", kind: "bucket-policy", doc: policy(statement("s3:ListBucket", BUCKET), statement("s3:GetObject", `${BUCKET}/*`), delegation([BUCKET, `${BUCKET}/*`])) },
    {
      name: "bucket: a wildcard bucket name is not compared, standalone",
      kind: "bucket-policy",
      doc: policy(statement("s3:GetObject", `${BUCKET}/*`), statement("s3:GetObject", "arn:aws:s3:::orders-*/*")),
    },
    {
      name: "bucket: an account id as bucket name in a delegation statement is mrap/delegation-scope's",
      kind: "bucket-policy",
      doc: policy(statement("s3:GetObject", `${BUCKET}/*`), delegation(["arn:aws:s3:::111122223333", "arn:aws:s3:::111122223333/*"])),
    },
    {
      name: "bucket: manifest, the bucket's own ARNs and a wildcard that matches it",
      kind: "manifest",
      doc: withBucketPolicy(policy(statement(["s3:GetObject", "s3:ListBucket"], [BUCKET, `${BUCKET}/*`]), statement("s3:GetObject", "arn:aws:s3:::orders-*/*"))),
    },
    {
      name: "bucket: manifest, another bucket in a delegation statement is mrap/delegation-scope's",
      kind: "manifest",
      doc: withBucketPolicy(policy(delegation(["arn:aws:s3:::orders-euw1", "arn:aws:s3:::orders-euw1/*"]))),
    },
    // Access point policies.
    { name: "access point: GetObject and ListBucket with both ARNs", kind: "access-point-policy", doc: policy(statement(["s3:GetObject", "s3:ListBucket"], [AP, `${AP}/object/*`])) },
    { name: "access point: a bucket ARN is mrap/access-point-resource-arn's", kind: "access-point-policy", doc: policy(statement("s3:GetObject", BUCKET)) },
  ],
  invalid: [
    {
      name: "s3:GetObject on only the bare ARN of the docs example zzzzzzzzzzzzz.mrap",
      doc: policy(statement(["s3:GetObject"], "arn:aws:s3::123456789012:accesspoint/zzzzzzzzzzzzz.mrap")),
      errors: [
        {
          messageId: "grantsNothingObjectActions",
          pointer: "/Statement/0",
          data: { verb: "grants", actions: "s3:GetObject", suggestion: "arn:aws:s3::123456789012:accesspoint/zzzzzzzzzzzzz.mrap/object/*" },
        },
      ],
    },
    {
      name: "listing granted on object ARNs only, in a Deny",
      doc: policy(statement(["s3:ListBucket", "s3:ListBucketMultipartUploads"], [OBJECTS, `${MRAP}/object/logs/*`], "Deny")),
      errors: [{ messageId: "grantsNothingBucketActions", pointer: "/Statement/0", data: { verb: "denies", suggestion: MRAP } }],
    },
    {
      name: "a single statement object (not an array)",
      doc: { Version: "2012-10-17", Statement: statement("s3:PutObject", "arn:aws:s3::111122223333:accesspoint/MultiRegionAccessPoint_alias") },
      errors: [{ messageId: "grantsNothingObjectActions", pointer: "/Statement" }],
    },
    {
      name: "object actions with only the bare ARN beside a served listing action",
      doc: policy(statement(["s3:ListBucket", "s3:GetObject", "s3:PutObjectTagging"], MRAP)),
      errors: [
        { messageId: "objectActionNeedsObjectResource", pointer: "/Statement/0/Action/1", data: { action: "s3:GetObject", suggestion: OBJECTS } },
        { messageId: "objectActionNeedsObjectResource", pointer: "/Statement/0/Action/2", data: { action: "s3:PutObjectTagging" } },
      ],
    },
    {
      name: "listing actions with only object ARNs beside served object actions",
      doc: policy(statement(["s3:GetObject", "s3:ListBucket"], [`${MRAP}/object/reports/*`])),
      errors: [{ messageId: "bucketActionNeedsMrapResource", pointer: "/Statement/0/Action/1", data: { action: "s3:ListBucket", suggestion: MRAP } }],
    },
    // Bucket policies.
    {
      name: "bucket: GetObject on the bucket ARN only grants nothing",
      kind: "bucket-policy",
      doc: policy(statement("s3:GetObject", BUCKET)),
      errors: [{ messageId: "grantsNothingObjectActions", pointer: "/Statement/0", data: { verb: "grants", actions: "s3:GetObject", suggestion: `${BUCKET}/*`, thing: "the bucket" } }],
    },
    {
      name: "bucket: ListBucket on objects only, in a Deny",
      kind: "bucket-policy",
      doc: policy(statement(["s3:ListBucket", "s3:GetBucketAcl"], `${BUCKET}/logs/*`, "Deny")),
      errors: [{ messageId: "grantsNothingBucketActions", pointer: "/Statement/0", data: { verb: "denies", suggestion: BUCKET } }],
    },
    {
      name: "bucket: object actions beside a served listing action on the bucket ARN",
      kind: "bucket-policy",
      doc: policy(statement(["s3:ListBucket", "s3:GetObject", "s3:DeleteObjectVersion"], BUCKET)),
      errors: [
        { messageId: "objectActionNeedsObjectResource", pointer: "/Statement/0/Action/1", data: { action: "s3:GetObject", suggestion: `${BUCKET}/*` } },
        { messageId: "objectActionNeedsObjectResource", pointer: "/Statement/0/Action/2", data: { action: "s3:DeleteObjectVersion" } },
      ],
    },
    {
      name: "bucket: a bucket-level action beside served object actions on keys",
      kind: "bucket-policy",
      doc: policy(statement(["s3:GetObject", "s3:PutBucketVersioning"], `${BUCKET}/*`)),
      errors: [{ messageId: "bucketActionNeedsMrapResource", pointer: "/Statement/0/Action/1", data: { action: "s3:PutBucketVersioning", suggestion: BUCKET } }],
    },
    {
      name: "bucket: manifest, a statement on another bucket",
      kind: "manifest",
      doc: withBucketPolicy(policy(statement(["s3:GetObject", "s3:ListBucket"], [BUCKET, `${BUCKET}/*`]), statement("s3:GetObject", "arn:aws:s3:::orders-euw1/*"))),
      errors: [
        {
          messageId: "otherBucket",
          pointer: `${IN_BUCKET}/Statement/1/Resource`,
          data: { resource: "arn:aws:s3:::orders-euw1/*", name: "orders-euw1", bucket: "orders-use1", expected: BUCKET },
        },
      ],
    },
    {
      name: "bucket: manifest, another bucket beside the own one, and the pairing of what is left",
      kind: "manifest",
      doc: withBucketPolicy(policy(statement(["s3:GetObject"], ["arn:aws:s3:::orders-euw1/*", BUCKET]))),
      errors: [
        { messageId: "otherBucket", pointer: `${IN_BUCKET}/Statement/0/Resource/0`, data: { name: "orders-euw1" } },
        { messageId: "grantsNothingObjectActions", pointer: `${IN_BUCKET}/Statement/0`, data: { resources: BUCKET } },
      ],
    },
    {
      name: "bucket: standalone, the odd bucket out",
      kind: "bucket-policy",
      doc: policy(statement("s3:ListBucket", BUCKET), statement("s3:GetObject", [`${BUCKET}/*`, "arn:aws:s3:::orders-euw1/*"])),
      errors: [{ messageId: "mixedBuckets", pointer: "/Statement/1/Resource/1", data: { name: "orders-euw1", bucket: "orders-use1" } }],
    },
    {
      name: "bucket: standalone, a tie is decided by the first bucket named",
      kind: "bucket-policy",
      doc: policy(statement("s3:GetObject", "arn:aws:s3:::orders-euw1/*"), statement("s3:GetObject", `${BUCKET}/*`)),
      errors: [{ messageId: "mixedBuckets", pointer: "/Statement/1/Resource", data: { name: "orders-use1", bucket: "orders-euw1" } }],
    },
    // Access point policies.
    {
      name: "access point: GetObject on the bare access point ARN",
      kind: "access-point-policy",
      doc: policy(statement("s3:GetObject", AP)),
      errors: [{ messageId: "grantsNothingObjectActions", pointer: "/Statement/0", data: { suggestion: `${AP}/object/*`, thing: "the access point" } }],
    },
    {
      name: "access point: ListBucket on objects beside GetObject",
      kind: "access-point-policy",
      doc: policy(statement(["s3:GetObject", "s3:ListBucket"], `${AP}/object/*`)),
      errors: [{ messageId: "bucketActionNeedsMrapResource", pointer: "/Statement/0/Action/1", data: { suggestion: AP } }],
    },
    {
      name: "manifest: inline policy, the statement is reported in the manifest",
      kind: "manifest",
      doc: manifest({ Policy: policy(statement("s3:ListBucket", "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/*")) }),
      errors: [{ messageId: "grantsNothingBucketActions", pointer: "/MultiRegionAccessPoint/Policy/Statement/0", data: { suggestion: MRAP } }],
    },
  ],
});
