import rule from "../../../rules/policy/redundant.js";
import { ruleTester } from "../../helpers/rule-tester.js";
import type { JsonValue } from "../../../src/document/index.js";

type Statement = Record<string, JsonValue | undefined>;
const B = "arn:aws:s3:::orders-use1";
const base: Statement = { Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "s3:GetObject", Resource: `${B}/*` };
const statement = (fields: Statement = {}): JsonValue => Object.fromEntries(Object.entries({ ...base, ...fields }).filter(([, v]) => v !== undefined)) as JsonValue;
const policy = (...statements: JsonValue[]): JsonValue => ({ Version: "2012-10-17", Statement: statements });
/** The delegation bucket policy of the MRAP user guide (aws-facts.md §4.2), with a real bucket and MRAP ARN. */
const delegation: Statement = {
  Principal: { AWS: "*" },
  Action: "*",
  Resource: [B, `${B}/*`],
  Condition: { StringEquals: { "s3:DataAccessPointArn": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap" } },
};

ruleTester(rule, {
  valid: [
    { name: "distinct actions and resources", kind: "bucket-policy", doc: policy(statement({ Action: ["s3:GetObject", "s3:GetObjectTagging", "s3:PutObject"], Resource: [B, `${B}/*`] })) },
    { name: "the delegation example: the bucket and its objects are different resources", kind: "bucket-policy", doc: policy(statement(delegation)) },
    { name: "a wildcard that does not cover the other action", kind: "bucket-policy", doc: policy(statement({ Action: ["s3:Get*", "s3:PutObject", "s3:ListBucket"] })) },
    {
      name: "statements with different principals, conditions or effects",
      kind: "bucket-policy",
      doc: policy(
        statement(),
        statement({ Principal: { AWS: "arn:aws:iam::444455556666:root" } }),
        statement({ Condition: { Bool: { "aws:SecureTransport": "true" } } }),
        statement({ Effect: "Deny", Principal: "*" }),
        statement({ Effect: "Deny", Principal: { AWS: "*" } }),
      ),
    },
    {
      name: "policy variables are not judged as wildcards",
      kind: "bucket-policy",
      doc: policy(statement({ Resource: [`${B}/home/\${aws:username}/*`, `${B}/home/\${aws:userid}/*`, `${B}/home/\${*}`] })),
    },
    {
      name: "Action and NotAction statements are not compared",
      kind: "bucket-policy",
      doc: policy(statement({ Effect: "Deny", Action: "s3:DeleteObject" }), statement({ Effect: "Deny", Action: undefined, NotAction: "s3:GetObject" })),
    },
    {
      name: "a statement that is not well formed is not compared",
      kind: "bucket-policy",
      doc: policy(statement({ Action: "s3:*" }), statement({ Action: "s3:GetObject", Condition: "none" })),
    },
    {
      name: "the narrower statement covers less, not the other way round",
      kind: "mrap-policy",
      doc: policy(
        statement({ Action: "s3:GetObject", Resource: "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*" }),
        statement({ Action: ["s3:GetObject", "s3:PutObject"], Resource: "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/reports/*" }),
      ),
    },
  ],
  invalid: [
    {
      name: "s3:* plus s3:GetObject",
      kind: "bucket-policy",
      doc: policy(statement({ Action: ["s3:*", "s3:GetObject", "S3:ListBucket"] })),
      errors: [
        { messageId: "redundantAction", pointer: "/Statement/0/Action/1", data: { element: "Action", value: "s3:GetObject", by: "s3:*" } },
        { messageId: "redundantAction", pointer: "/Statement/0/Action/2", data: { value: "S3:ListBucket", by: "s3:*" } },
      ],
    },
    {
      name: "an action and its wildcard in NotAction",
      kind: "bucket-policy",
      doc: policy(statement({ Effect: "Deny", Principal: "*", Action: undefined, NotAction: ["s3:DeleteObject", "s3:Delete*"] })),
      errors: [{ messageId: "redundantAction", pointer: "/Statement/0/NotAction/0", data: { element: "NotAction", by: "s3:Delete*" } }],
    },
    {
      name: "the same action in another case",
      kind: "bucket-policy",
      doc: policy(statement({ Action: ["s3:GetObject", "s3:getobject"] })),
      errors: [{ messageId: "duplicateAction", pointer: "/Statement/0/Action/1", data: { value: "s3:getobject", first: "s3:GetObject" } }],
    },
    {
      name: "a prefix covered by the bucket's wildcard",
      kind: "bucket-policy",
      doc: policy(statement({ Resource: [`${B}/reports/*`, B, `${B}/*`] })),
      errors: [{ messageId: "redundantResource", pointer: "/Statement/0/Resource/0", data: { value: `${B}/reports/*`, by: `${B}/*` } }],
    },
    {
      name: "the same resource twice",
      kind: "access-point-policy",
      doc: policy(statement({ Resource: ["arn:aws:s3:us-west-2:111122223333:accesspoint/reports-ap/object/*", "arn:aws:s3:us-west-2:111122223333:accesspoint/reports-ap/object/*"] })),
      errors: [{ messageId: "duplicateResource", pointer: "/Statement/0/Resource/1" }],
    },
    {
      name: "a repeated statement with another Sid and order",
      kind: "bucket-policy",
      doc: policy(statement({ Sid: "Read", Action: ["s3:GetObject", "s3:ListBucket"], Resource: [B, `${B}/*`] }), statement({ Sid: "ReadAgain", Action: ["s3:ListBucket", "s3:GetObject"], Resource: [`${B}/*`, B] })),
      errors: [{ messageId: "duplicateStatement", pointer: "/Statement/1", data: { index: 1, first: 0 } }],
    },
    {
      name: "an extra grant already covered by the delegation statement",
      kind: "bucket-policy",
      doc: policy(statement({ ...delegation, Action: "s3:GetObject", Resource: `${B}/*` }), statement(delegation)),
      errors: [{ messageId: "redundantStatement", pointer: "/Statement/0", data: { index: 0, by: 1 } }],
    },
    {
      name: "two statements that cover each other: only the later one is reported",
      kind: "bucket-policy",
      doc: policy(statement({ Action: "s3:*" }), statement({ Action: ["s3:*", "s3:GetObject"] })),
      errors: [
        { messageId: "redundantAction", pointer: "/Statement/1/Action/1" },
        { messageId: "redundantStatement", pointer: "/Statement/1", data: { by: 0 } },
      ],
    },
  ],
});
