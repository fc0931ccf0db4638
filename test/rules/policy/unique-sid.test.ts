import rule from "../../../rules/policy/unique-sid.js";
import { ruleTester } from "../../helpers/rule-tester.js";
import { manifest } from "../../helpers/manifests.js";
import type { JsonValue } from "../../../src/document/index.js";

const statement = (Sid: string | undefined, Action = "s3:GetObject"): JsonValue => ({
  ...(Sid === undefined ? {} : { Sid }),
  Effect: "Allow",
  Principal: { AWS: "arn:aws:iam::111122223333:root" },
  Action,
  Resource: "arn:aws:s3:::orders-use1/*",
});
const policy = (...statements: JsonValue[]): JsonValue => ({ Version: "2012-10-17", Statement: statements });

ruleTester(rule, {
  valid: [
    { name: "distinct alphanumeric Sids", kind: "bucket-policy", doc: policy(statement("ReadOrders"), statement("WriteOrders", "s3:PutObject")) },
    { name: "statements without Sid", kind: "bucket-policy", doc: policy(statement(undefined), statement(undefined, "s3:PutObject")) },
    { name: "Sids differing only in case", kind: "bucket-policy", doc: policy(statement("Read"), statement("READ", "s3:PutObject")) },
    { name: "single statement object", kind: "mrap-policy", doc: { Version: "2012-10-17", Statement: statement("Statement1") } },
    { name: "Sid of the wrong type is left to valid-schema", kind: "bucket-policy", doc: policy({ Sid: 7, Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::orders-use1/*" }) },
  ],
  invalid: [
    {
      name: "the same Sid three times",
      kind: "bucket-policy",
      doc: policy(statement("ReadOrders"), statement("ReadOrders", "s3:PutObject"), statement("ReadOrders", "s3:DeleteObject")),
      errors: [
        { messageId: "duplicate", pointer: "/Statement/1/Sid", data: { sid: "ReadOrders", first: 0 } },
        { messageId: "duplicate", pointer: "/Statement/2/Sid", data: { sid: "ReadOrders", first: 0 } },
      ],
    },
    {
      name: "Sid with hyphens",
      kind: "bucket-policy",
      doc: policy(statement("read-orders")),
      errors: [{ messageId: "invalidCharacter", pointer: "/Statement/0/Sid", data: { character: '"-"', suggestion: "ReadOrders" } }],
    },
    {
      name: "Sid with a space, as in many S3 examples",
      kind: "access-point-policy",
      doc: policy(statement("Allow get object")),
      errors: [{ messageId: "invalidCharacter", pointer: "/Statement/0/Sid", data: { character: "a space", suggestion: "AllowGetObject" } }],
    },
    {
      name: "duplicate Sid that also has an underscore",
      kind: "bucket-policy",
      doc: policy(statement("read_orders"), statement("read_orders", "s3:PutObject")),
      errors: [
        { messageId: "invalidCharacter", pointer: "/Statement/0/Sid" },
        { messageId: "invalidCharacter", pointer: "/Statement/1/Sid" },
        { messageId: "duplicate", pointer: "/Statement/1/Sid", data: { first: 0 } },
      ],
    },
    { name: "empty Sid", kind: "bucket-policy", doc: policy(statement("")), errors: [{ messageId: "empty", pointer: "/Statement/0/Sid", severity: "info" }] },
    {
      name: "duplicate Sids in a policy inline in a manifest",
      kind: "manifest",
      doc: manifest({ Policy: policy(statement("A"), statement("A", "s3:PutObject")) }),
      errors: [{ messageId: "duplicate", pointer: "/MultiRegionAccessPoint/Policy/Statement/1/Sid" }],
    },
  ],
});
