import rule from "../../../rules/policy/no-wildcard-action.js";
import type { JsonValue } from "../../../src/document/index.js";
import { ruleTester } from "../../helpers/rule-tester.js";

type Obj = { [key: string]: JsonValue };

const policy = (...statements: Obj[]): JsonValue => ({ Version: "2012-10-17", Statement: statements });
const role = { AWS: "arn:aws:iam::111122223333:role/orders-app" };
const mrapObjects = "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*";
const bucket = ["arn:aws:s3:::orders-use1", "arn:aws:s3:::orders-use1/*"];
const delegation = (condition: Obj, action: JsonValue = "*"): Obj => ({ Effect: "Allow", Principal: { AWS: "*" }, Action: action, Resource: bucket, Condition: condition });

ruleTester(rule, {
  valid: [
    { name: "listed actions", doc: policy({ Effect: "Allow", Principal: role, Action: ["s3:GetObject", "s3:PutObject"], Resource: mrapObjects }) },
    { name: "a narrower wildcard", doc: policy({ Effect: "Allow", Principal: role, Action: "s3:Get*", Resource: mrapObjects }) },
    { name: "star in a Deny", doc: policy({ Effect: "Deny", Principal: "*", Action: "*", Resource: bucket, Condition: { Bool: { "aws:SecureTransport": "false" } } }), kind: "bucket-policy" },
    { name: "NotAction is not an Action wildcard", doc: policy({ Effect: "Allow", Principal: role, NotAction: "s3:DeleteObject", Resource: bucket }), kind: "bucket-policy" },
  ],
  invalid: [
    {
      name: "star in a bucket policy",
      doc: policy({ Effect: "Allow", Principal: role, Action: "*", Resource: bucket }),
      kind: "bucket-policy",
      errors: [{ messageId: "wildcardAction", pointer: "/Statement/0/Action", data: { action: "*" } }],
    },
    {
      name: "service wildcard in an access point policy",
      doc: policy({ Effect: "Allow", Principal: role, Action: ["s3:GetObject", "s3:*"], Resource: "arn:aws:s3:us-east-1:111122223333:accesspoint/reports-ap/object/*" }),
      kind: "access-point-policy",
      errors: [{ messageId: "wildcardAction", pointer: "/Statement/0/Action/1", data: { scope: 'action of the "s3" service' } }],
    },
    {
      name: "MRAP policy gets the data-plane actions",
      doc: policy({ Effect: "Allow", Principal: role, Action: "s3:*", Resource: mrapObjects }),
      errors: [{ messageId: "wildcardActionMrap", pointer: "/Statement/0/Action" }],
    },
    {
      name: "AWS's delegation bucket policy is reported as info",
      doc: policy(delegation({ StringEquals: { "s3:DataAccessPointArn": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap" } })),
      kind: "bucket-policy",
      errors: [{ messageId: "delegationWildcard", pointer: "/Statement/0/Action", severity: "info" }],
    },
    {
      name: "delegation by account with s3:*",
      doc: policy(delegation({ StringEquals: { "s3:DataAccessPointAccount": "444455556666" } }, ["s3:*"])),
      kind: "bucket-policy",
      errors: [{ messageId: "delegationWildcard", pointer: "/Statement/0/Action/0", severity: "info" }],
    },
    {
      name: "IfExists delegation is not a delegation",
      doc: policy(delegation({ StringEqualsIfExists: { "s3:DataAccessPointAccount": "444455556666" } })),
      kind: "bucket-policy",
      errors: [{ messageId: "wildcardAction", pointer: "/Statement/0/Action" }],
    },
    {
      name: "delegation to any account is not a delegation",
      doc: policy(delegation({ StringLike: { "s3:DataAccessPointArn": "arn:aws:s3:us-east-1:*:accesspoint/*" } })),
      kind: "bucket-policy",
      errors: [{ messageId: "wildcardAction", pointer: "/Statement/0/Action" }],
    },
  ],
});
