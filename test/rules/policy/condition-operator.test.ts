import rule from "../../../rules/policy/condition-operator.js";
import type { JsonValue } from "../../../src/document/index.js";
import { ruleTester } from "../../helpers/rule-tester.js";

const withCondition = (condition: JsonValue): JsonValue => ({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::111122223333:role/orders-app" },
      Action: ["s3:GetObject", "s3:PutObject"],
      Resource: "arn:aws:s3:::orders-use1/*",
      Condition: condition,
    },
  ],
});

ruleTester(rule, {
  valid: [
    { name: "plain operators", doc: withCondition({ StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" }, Bool: { "aws:SecureTransport": "true" } }), kind: "bucket-policy" },
    { name: "IfExists forms", doc: withCondition({ IpAddressIfExists: { "aws:SourceIp": "203.0.113.0/24" }, StringNotEqualsIfExists: { "aws:SourceVpc": "vpc-1a2b3c4d" } }) },
    { name: "Null without IfExists", doc: withCondition({ Null: { "aws:TokenIssueTime": "true" } }), kind: "bucket-policy" },
    { name: "ForAnyValue on a multivalued key", doc: withCondition({ "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": ["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"] } }) },
    { name: "ForAllValues on a multivalued service key", doc: withCondition({ "ForAllValues:StringEquals": { "s3:RequestObjectTagKeys": ["Project", "Owner"] } }), kind: "bucket-policy" },
    { name: "set operator on an unknown key is left to condition-key", doc: withCondition({ "ForAllValues:StringEquals": { "s3:MadeUpKey": "x" } }), kind: "bucket-policy" },
  ],
  invalid: [
    {
      name: "typo gets a suggestion",
      doc: withCondition({ StringEqual: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } }),
      kind: "bucket-policy",
      errors: [{ messageId: "unknownOperatorDidYouMean", pointer: "/Statement/0/Condition/StringEqual", at: "key", data: { suggestion: "StringEquals" } }],
    },
    {
      name: "operator names are case-sensitive",
      doc: withCondition({ "ForAnyValue:stringequals": { "aws:TagKeys": ["Project"] } }),
      errors: [{ messageId: "wrongCase", pointer: "/Statement/0/Condition/ForAnyValue:stringequals", at: "key", data: { suggestion: "ForAnyValue:StringEquals" } }],
    },
    {
      name: "not an operator at all",
      doc: withCondition({ Whenever: { "aws:SecureTransport": "true" } }),
      errors: [{ messageId: "unknownOperator", pointer: "/Statement/0/Condition/Whenever", at: "key" }],
    },
    {
      name: "misspelled set qualifier",
      doc: withCondition({ "ForAnyValues:StringLike": { "aws:PrincipalOrgPaths": ["o-a1b2c3d4e5/*"] } }),
      kind: "bucket-policy",
      errors: [{ messageId: "unknownQualifier", pointer: "/Statement/0/Condition/ForAnyValues:StringLike", at: "key", data: { qualifier: "ForAnyValues", suggestion: "ForAnyValue" } }],
    },
    {
      name: "Null with IfExists",
      doc: withCondition({ NullIfExists: { "aws:TokenIssueTime": "false" } }),
      errors: [{ messageId: "nullWithIfExists", pointer: "/Statement/0/Condition/NullIfExists", at: "key", severity: "error" }],
    },
    {
      name: "Null with a set qualifier is info",
      doc: withCondition({ "ForAllValues:Null": { "aws:TagKeys": "false" } }),
      errors: [{ messageId: "nullWithQualifier", pointer: "/Statement/0/Condition/ForAllValues:Null", at: "key", severity: "info" }],
    },
    {
      name: "ForAllValues with a single-valued key is a security warning",
      doc: withCondition({ "ForAllValues:StringEquals": { "aws:SourceVpce": ["vpce-1a2b3c4d"], "aws:TagKeys": ["Project"] } }),
      kind: "bucket-policy",
      errors: [
        {
          messageId: "forAllValuesWithSingleValuedKey",
          pointer: "/Statement/0/Condition/ForAllValues:StringEquals/aws:SourceVpce",
          at: "key",
          severity: "warning",
          data: { key: "aws:SourceVpce", suggestion: "StringEquals" },
        },
      ],
    },
    {
      name: "ForAllValues with a single-valued S3 key",
      doc: withCondition({ "ForAllValues:StringEqualsIfExists": { "s3:DataAccessPointAccount": "111122223333" } }),
      kind: "bucket-policy",
      errors: [{ messageId: "forAllValuesWithSingleValuedKey", pointer: "/Statement/0/Condition/ForAllValues:StringEqualsIfExists/s3:DataAccessPointAccount", at: "key", data: { suggestion: "StringEqualsIfExists" } }],
    },
    {
      name: "ForAnyValue with a single-valued key is info",
      doc: withCondition({ "ForAnyValue:StringEquals": { "aws:PrincipalAccount": ["111122223333"] } }),
      errors: [{ messageId: "setOperatorWithSingleValuedKey", pointer: "/Statement/0/Condition/ForAnyValue:StringEquals/aws:PrincipalAccount", at: "key", severity: "info" }],
    },
  ],
});
