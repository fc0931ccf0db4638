import rule from "../../../rules/mrap/policy-action-resource.js";
import { ruleTester } from "../../helpers/rule-tester.js";
import { manifest } from "../../helpers/manifests.js";
import type { JsonValue } from "../../../src/document/index.js";

const MRAP = "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap";
const OBJECTS = `${MRAP}/object/*`;

const statement = (action: JsonValue, resource: JsonValue, effect = "Allow") => ({
  Effect: effect,
  Principal: { AWS: "arn:aws:iam::111122223333:role/app" },
  Action: action,
  Resource: resource,
});
/** A complete MRAP policy with these statements. */
const policy = (...statements: JsonValue[]): JsonValue => ({ Version: "2012-10-17", Statement: statements });

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
    {
      name: "manifest: inline policy, the statement is reported in the manifest",
      kind: "manifest",
      doc: manifest({ Policy: policy(statement("s3:ListBucket", "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/*")) }),
      errors: [{ messageId: "grantsNothingBucketActions", pointer: "/MultiRegionAccessPoint/Policy/Statement/0", data: { suggestion: MRAP } }],
    },
  ],
});
