import rule from "../../../rules/policy/no-allow-not-principal.js";
import { ruleTester } from "../../helpers/rule-tester.js";
import type { JsonValue } from "../../../src/document/index.js";

type Statement = Record<string, JsonValue | undefined>;
const base: Statement = { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::orders-use1/*" };
const statement = (fields: Statement): JsonValue => Object.fromEntries(Object.entries({ ...base, ...fields }).filter(([, v]) => v !== undefined)) as JsonValue;
const policy = (...statements: JsonValue[]): JsonValue => ({ Version: "2012-10-17", Statement: statements });
const NOT_ME = { AWS: "arn:aws:iam::444455556666:root" };

ruleTester(rule, {
  valid: [
    { name: "Allow with Principal", kind: "bucket-policy", doc: policy(statement({ Principal: { AWS: "arn:aws:iam::111122223333:root" } })) },
    { name: "Deny with NotPrincipal", kind: "bucket-policy", doc: policy(statement({ Effect: "Deny", NotPrincipal: NOT_ME })) },
    {
      name: "the recommended form: Deny with aws:PrincipalArn",
      kind: "bucket-policy",
      doc: policy(statement({ Effect: "Deny", Principal: "*", Condition: { ArnNotEquals: { "aws:PrincipalArn": "arn:aws:iam::444455556666:role/reader" } } })),
    },
    { name: "lowercase allow is left to valid-schema", kind: "bucket-policy", doc: policy(statement({ Effect: "allow", NotPrincipal: NOT_ME })) },
  ],
  invalid: [
    {
      name: "Allow with NotPrincipal",
      kind: "bucket-policy",
      doc: policy(statement({ Principal: { AWS: "arn:aws:iam::111122223333:root" } }), statement({ NotPrincipal: NOT_ME })),
      errors: [{ messageId: "allowNotPrincipal", pointer: "/Statement/1/NotPrincipal", at: "key", data: { index: 1 } }],
    },
    {
      name: "Allow with NotPrincipal * in an MRAP policy",
      kind: "mrap-policy",
      doc: { Version: "2012-10-17", Statement: statement({ NotPrincipal: "*", Resource: "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*" }) },
      errors: [{ messageId: "allowNotPrincipal", pointer: "/Statement/NotPrincipal", at: "key", data: { index: 0 } }],
    },
    {
      name: "Allow with a service NotPrincipal in an access point policy",
      kind: "access-point-policy",
      doc: policy(statement({ NotPrincipal: { Service: "cloudfront.amazonaws.com" }, Resource: "arn:aws:s3:us-west-2:111122223333:accesspoint/reports-ap/object/*" })),
      errors: [{ messageId: "allowNotPrincipal", pointer: "/Statement/0/NotPrincipal", at: "key" }],
    },
  ],
});
