import rule from "../../../rules/policy/empty-element.js";
import { ruleTester } from "../../helpers/rule-tester.js";
import type { JsonValue } from "../../../src/document/index.js";

type Statement = Record<string, JsonValue | undefined>;
const base: Statement = { Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::orders-use1/*" };
const policy = (fields: Statement): JsonValue => ({
  Version: "2012-10-17",
  Statement: [Object.fromEntries(Object.entries({ ...base, ...fields }).filter(([, v]) => v !== undefined)) as JsonValue],
});
const S = "/Statement/0";

ruleTester(rule, {
  valid: [
    { name: "no empty elements", kind: "bucket-policy", doc: policy({ Condition: { StringEquals: { "s3:DataAccessPointAccount": "111122223333" } } }) },
    { name: "Principal *", kind: "bucket-policy", doc: policy({ Principal: "*", Condition: { Bool: { "aws:SecureTransport": "true" } } }) },
    { name: "empty NotAction is not judged", kind: "bucket-policy", doc: policy({ Effect: "Deny", Action: undefined, NotAction: [] }) },
    { name: "Principal with an unknown key is left to valid-schema", kind: "bucket-policy", doc: policy({ Principal: { Aws: [] } }) },
    { name: "condition values of the wrong shape are left to valid-schema", kind: "mrap-policy", doc: policy({ Resource: "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*", Condition: { StringEquals: "x" } }) },
  ],
  invalid: [
    { name: "empty Action", kind: "bucket-policy", doc: policy({ Action: [] }), errors: [{ messageId: "emptyAction", pointer: `${S}/Action` }] },
    { name: "empty Resource", kind: "bucket-policy", doc: policy({ Resource: [] }), errors: [{ messageId: "emptyResource", pointer: `${S}/Resource` }] },
    { name: "empty Principal object", kind: "bucket-policy", doc: policy({ Principal: {} }), errors: [{ messageId: "emptyPrincipal", pointer: `${S}/Principal` }] },
    { name: "Principal with only empty lists", kind: "bucket-policy", doc: policy({ Principal: { AWS: [], Service: [] } }), errors: [{ messageId: "emptyPrincipal", pointer: `${S}/Principal` }] },
    {
      name: "one empty list beside a real principal",
      kind: "access-point-policy",
      doc: policy({ Principal: { AWS: "111122223333", Service: [] }, Resource: "arn:aws:s3:us-west-2:111122223333:accesspoint/reports-ap/object/*" }),
      errors: [{ messageId: "emptyPrincipalList", pointer: `${S}/Principal/Service`, data: { type: "Service" } }],
    },
    { name: "empty Condition", kind: "bucket-policy", doc: policy({ Condition: {} }), errors: [{ messageId: "emptyCondition", pointer: `${S}/Condition` }] },
    {
      name: "empty operator block",
      kind: "bucket-policy",
      doc: policy({ Condition: { StringEquals: {}, Bool: { "aws:SecureTransport": "true" } } }),
      errors: [{ messageId: "emptyOperator", pointer: `${S}/Condition/StringEquals`, data: { operator: "StringEquals" } }],
    },
    {
      name: "empty value lists under each kind of operator",
      kind: "bucket-policy",
      doc: policy({
        Condition: {
          StringEquals: { "s3:DataAccessPointAccount": [] },
          "ForAllValues:StringEquals": { "aws:TagKeys": [] },
          "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": [] },
          StringEqualsIfExists: { "aws:SourceVpce": [] },
        },
      }),
      errors: [
        { messageId: "emptyValues", pointer: `${S}/Condition/StringEquals/s3:DataAccessPointAccount`, data: { key: "s3:DataAccessPointAccount", operator: "StringEquals" } },
        { messageId: "emptyValuesForAllValues", pointer: `${S}/Condition/ForAllValues:StringEquals/aws:TagKeys`, data: { key: "aws:TagKeys" } },
        { messageId: "emptyValuesForAnyValue", pointer: `${S}/Condition/ForAnyValue:StringLike/aws:PrincipalOrgPaths` },
        { messageId: "emptyValuesIfExists", pointer: `${S}/Condition/StringEqualsIfExists/aws:SourceVpce` },
      ],
    },
  ],
});
