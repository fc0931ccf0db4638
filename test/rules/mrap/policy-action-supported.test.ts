import rule from "../../../rules/mrap/policy-action-supported.js";
import { ruleTester } from "../../helpers/rule-tester.js";
import { manifest } from "../../helpers/manifests.js";
import type { JsonValue } from "../../../src/document/index.js";

const MRAP = "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap";

/** A complete MRAP policy: one statement with these actions. */
const policy = (action: JsonValue, effect = "Allow"): JsonValue => ({
  Version: "2012-10-17",
  Statement: [{ Effect: effect, Principal: { AWS: "arn:aws:iam::111122223333:role/app" }, Action: action, Resource: [MRAP, `${MRAP}/object/*`] }],
});
const at = (i: number) => `/Statement/0/Action/${i}`;

ruleTester(rule, {
  valid: [
    {
      name: "every documented data-plane action",
      doc: policy([
        "s3:AbortMultipartUpload",
        "s3:DeleteObject",
        "s3:DeleteObjectTagging",
        "s3:GetObject",
        "s3:GetObjectAcl",
        "s3:GetObjectLegalHold",
        "s3:GetObjectRetention",
        "s3:GetObjectTagging",
        "s3:ListBucket",
        "s3:ListBucketMultipartUploads",
        "s3:ListMultipartUploadParts",
        "s3:PutObject",
        "s3:PutObjectAcl",
        "s3:PutObjectLegalHold",
        "s3:PutObjectRetention",
        "s3:PutObjectTagging",
        "s3:RestoreObject",
      ]),
    },
    { name: "actions compare case-insensitively", doc: policy(["s3:getobject", "S3:ListBucket"]) },
    { name: "wildcards that match a supported action (breadth is policy/no-wildcard-action's)", doc: policy(["*", "s3:*", "s3:Get*", "s3:*ObjectTagging"]) },
    { name: "NotAction is not checked", doc: { Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: "*", NotAction: "s3:PutBucketPolicy", Resource: MRAP }] } },
    { name: "an action without a service prefix is policy/action-exists's", doc: policy("GetObject") },
    { name: "names that are no IAM action at all (typos) are policy/action-exists's", doc: policy(["s3:GetObjects", "s3:Foo*", "s4:GetObject"]) },
    { name: "additionalActions accepts more actions", doc: policy(["s3:GetObjectAttributes", "s3:GetObjectVersion"]), options: { additionalActions: ["s3:GetObjectAttributes", "s3:GetObjectVersion"] } },
    { name: "manifest with an inline policy", kind: "manifest", doc: manifest({ Policy: policy(["s3:GetObject", "s3:ListBucket"]) }) },
  ],
  invalid: [
    {
      name: "AWS docs example actions plus a control-plane action",
      doc: policy(["s3:ListBucket", "s3:GetObject", "s3:PutMultiRegionAccessPointPolicy"]),
      errors: [{ messageId: "controlPlane", pointer: at(2), data: { actions: "s3:PutMultiRegionAccessPointPolicy" } }],
    },
    {
      name: "management actions, including s3:ListAllMyBuckets and a pattern",
      doc: policy(["s3:GetMultiRegionAccessPointRoutes", "s3:ListAllMyBuckets", "s3:*MultiRegionAccessPointPolicy*"]),
      errors: [
        { messageId: "controlPlane", pointer: at(0) },
        { messageId: "controlPlane", pointer: at(1), data: { actions: "s3:ListAllMyBuckets" } },
        {
          messageId: "controlPlane",
          pointer: at(2),
          data: { actions: "s3:GetMultiRegionAccessPointPolicy, s3:GetMultiRegionAccessPointPolicyStatus, s3:PutMultiRegionAccessPointPolicy" },
        },
      ],
    },
    {
      name: "S3 Batch Operations",
      doc: policy(["s3:CreateJob", "s3:*Job"]),
      errors: [
        { messageId: "batchOperations", pointer: at(0), data: { actions: "s3:CreateJob" } },
        { messageId: "batchOperations", pointer: at(1), data: { actions: "s3:CreateJob, s3:DescribeJob" } },
      ],
    },
    {
      name: "version-specific actions are uncertain: a warning",
      doc: policy(["s3:GetObject", "s3:GetObjectVersion", "s3:*Version"]),
      errors: [
        { messageId: "versionAction", pointer: at(1), severity: "warning", data: { actions: "s3:GetObjectVersion", base: "s3:GetObject" } },
        { messageId: "versionAction", pointer: at(2), severity: "warning", data: { base: "s3:DeleteObject, s3:GetObject" } },
      ],
    },
    {
      name: "bucket configuration actions",
      doc: policy(["s3:PutBucketPolicy", "s3:GetBucketVersioning"]),
      errors: [
        { messageId: "unsupported", pointer: at(0), data: { action: "s3:PutBucketPolicy" } },
        { messageId: "unsupported", pointer: at(1) },
      ],
    },
    {
      name: "API operation names instead of IAM actions",
      doc: policy(["s3:ListObjectsV2", "s3:HeadObject", "s3:UploadPart"]),
      errors: [
        { messageId: "operationName", pointer: at(0), data: { operation: "ListObjectsV2", suggestion: "s3:ListBucket" } },
        { messageId: "operationName", pointer: at(1), data: { suggestion: "s3:GetObject" } },
        { messageId: "operationName", pointer: at(2), data: { suggestion: "s3:PutObject" } },
      ],
    },
    {
      name: "s3:CopyObject is not an IAM action (copies into an MRAP are s3:PutObject)",
      doc: policy(["s3:PutObject", "s3:CopyObject"]),
      errors: [{ messageId: "copyObject", pointer: at(1), data: { action: "s3:CopyObject" } }],
    },
    {
      name: "actions of other services, also in a Deny",
      doc: policy(["kms:Decrypt", "iam:PassRole"], "Deny"),
      errors: [
        { messageId: "otherService", pointer: at(0), data: { service: "kms" } },
        { messageId: "otherService", pointer: at(1), data: { service: "iam" } },
      ],
    },
    {
      name: "a pattern that matches no supported action",
      doc: policy(["s3:GetObject", "s3:PutBucket*"]),
      errors: [{ messageId: "patternMatchesNothing", pointer: at(1), data: { action: "s3:PutBucket*" } }],
    },
    {
      name: "manifest with a referenced policy file",
      kind: "manifest",
      doc: manifest({ Policy: "./mrap-policy.json" }),
      files: { "mrap-policy.json": policy(["s3:GetObject", "s3:SubmitMultiRegionAccessPointRoutes"]) },
      errors: [{ messageId: "controlPlane", file: "mrap-policy.json", pointer: at(1) }],
    },
  ],
});
