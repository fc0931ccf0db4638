import rule from "../../../rules/policy/principal-required.js";
import { ruleTester } from "../../helpers/rule-tester.js";
import { manifest } from "../../helpers/manifests.js";
import type { JsonValue } from "../../../src/document/index.js";

type Statement = Record<string, JsonValue | undefined>;
const base: Statement = { Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::orders-use1/*" };
const statement = (fields: Statement = {}): JsonValue => Object.fromEntries(Object.entries({ ...base, ...fields }).filter(([, v]) => v !== undefined)) as JsonValue;
const policy = (...statements: JsonValue[]): JsonValue => ({ Version: "2012-10-17", Statement: statements });

ruleTester(rule, {
  valid: [
    { name: "Principal in every statement", kind: "bucket-policy", doc: policy(statement(), statement({ Principal: "*", Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": false } } })) },
    { name: "NotPrincipal with Deny", kind: "bucket-policy", doc: policy(statement({ Effect: "Deny", Principal: undefined, NotPrincipal: { AWS: "arn:aws:iam::111122223333:root" } })) },
    { name: "Principal of the wrong shape is left to valid-schema", kind: "bucket-policy", doc: policy(statement({ Principal: "AWS" })) },
    { name: "miscased principal is left to valid-schema", kind: "bucket-policy", doc: policy(statement({ Principal: undefined, principal: { AWS: "111122223333" } })) },
    { name: "MRAP policy statement as an object", kind: "mrap-policy", doc: { Version: "2012-10-17", Statement: statement({ Resource: "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*" }) } },
  ],
  invalid: [
    {
      name: "identity-policy statement pasted into a bucket policy",
      kind: "bucket-policy",
      doc: policy(statement(), statement({ Principal: undefined, Action: "s3:PutObject" })),
      errors: [{ messageId: "missing", pointer: "/Statement/1", data: { index: 1, policy: "bucket policy" } }],
    },
    {
      name: "single statement object without Principal in an MRAP policy",
      kind: "mrap-policy",
      doc: { Version: "2012-10-17", Statement: statement({ Principal: undefined, Resource: "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*" }) },
      errors: [{ messageId: "missing", pointer: "/Statement", data: { index: 0, policy: "Multi-Region Access Point policy" } }],
    },
    {
      name: "two statements without Principal in an access point policy",
      kind: "access-point-policy",
      doc: policy(statement({ Principal: undefined }), statement({ Principal: undefined, Effect: "Deny" })),
      errors: [
        { messageId: "missing", pointer: "/Statement/0", data: { policy: "access point policy" } },
        { messageId: "missing", pointer: "/Statement/1" },
      ],
    },
    {
      name: "bucket policy in a manifest without Principal",
      kind: "manifest",
      doc: manifest({ Regions: [{ Bucket: "orders-use1", Region: "us-east-1", BucketPolicy: policy(statement({ Principal: undefined })) }] }),
      errors: [{ messageId: "missing", pointer: "/MultiRegionAccessPoint/Regions/0/BucketPolicy/Statement/0" }],
    },
  ],
});
