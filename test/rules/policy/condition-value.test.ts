import rule from "../../../rules/policy/condition-value.js";
import type { JsonValue } from "../../../src/document/index.js";
import { ruleTester } from "../../helpers/rule-tester.js";

const withCondition = (condition: JsonValue): JsonValue => ({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::111122223333:role/orders-app" },
      Action: ["s3:GetObject", "s3:ListBucket"],
      Resource: ["arn:aws:s3:::orders-use1", "arn:aws:s3:::orders-use1/*"],
      Condition: condition,
    },
  ],
});
const C = "/Statement/0/Condition";

ruleTester(rule, {
  valid: [
    {
      name: "values of every family",
      doc: withCondition({
        IpAddress: { "aws:SourceIp": ["203.0.113.0/24", "2001:DB8:1234:5678::/64", "198.51.100.7", "::ffff:203.0.113.9"] },
        NumericLessThanEquals: { "s3:max-keys": "10", "s3:TlsVersion": 1.2 },
        DateGreaterThan: { "aws:CurrentTime": "2026-01-31T12:00:00Z", "aws:TokenIssueTime": "2026-01-31" },
        DateLessThan: { "aws:EpochTime": "1767225600" },
        Bool: { "aws:SecureTransport": "true", "aws:ViaAWSService": false },
        Null: { "s3:x-amz-server-side-encryption": "false" },
        ArnLike: { "aws:PrincipalArn": "arn:aws:iam::111122223333:role/orders-*" },
        BinaryEquals: { "s3:x-amz-content-sha256": "QmluYXJ5VmFsdWVJbkJhc2U2NA==" },
      }),
      kind: "bucket-policy",
    },
    {
      name: "ARN keys may be compared as strings, and aws:EpochTime as a number",
      doc: withCondition({ StringEquals: { "s3:DataAccessPointArn": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap" }, NumericGreaterThan: { "aws:EpochTime": 1767225600 } }),
      kind: "bucket-policy",
    },
    {
      name: "wildcards with Like operators, escapes and policy variables in String operators",
      doc: withCondition({
        StringLike: { "s3:prefix": ["home/${aws:username}/*", "public/*"] },
        StringEquals: { "s3:prefix": "literal-${*}-star", "aws:PrincipalTag/team": "${aws:username}" },
      }),
    },
    { name: "unknown operators and keys are other rules' business", doc: withCondition({ StringEqual: { "aws:SourceIp": "*" }, Bool: { "aws:MadeUp": "true" } }) },
  ],
  invalid: [
    {
      name: "not an IP range",
      doc: withCondition({ IpAddress: { "aws:SourceIp": ["203.0.113.0/24", "203.0.113.256", "10.0.0.0/33", "2001:db8:::1", "office"] } }),
      kind: "bucket-policy",
      errors: [
        { messageId: "invalidIp", pointer: `${C}/IpAddress/aws:SourceIp/1`, data: { value: "203.0.113.256" } },
        { messageId: "invalidIp", pointer: `${C}/IpAddress/aws:SourceIp/2` },
        { messageId: "invalidIp", pointer: `${C}/IpAddress/aws:SourceIp/3` },
        { messageId: "invalidIp", pointer: `${C}/IpAddress/aws:SourceIp/4` },
      ],
    },
    {
      name: "not a number",
      doc: withCondition({ NumericLessThan: { "s3:max-keys": "ten" } }),
      errors: [{ messageId: "invalidNumber", pointer: `${C}/NumericLessThan/s3:max-keys` }],
    },
    {
      name: "not a date",
      doc: withCondition({ DateGreaterThan: { "aws:CurrentTime": ["2026-02-30", "31/01/2026", "2026-01-31T12:00:00"] } }),
      kind: "bucket-policy",
      errors: [
        { messageId: "invalidDate", pointer: `${C}/DateGreaterThan/aws:CurrentTime/0` },
        { messageId: "invalidDate", pointer: `${C}/DateGreaterThan/aws:CurrentTime/1` },
        { messageId: "invalidDate", pointer: `${C}/DateGreaterThan/aws:CurrentTime/2` },
      ],
    },
    {
      name: "not a Boolean",
      doc: withCondition({ Bool: { "aws:SecureTransport": "yes" }, Null: { "aws:TokenIssueTime": "absent" } }),
      errors: [
        { messageId: "invalidBool", pointer: `${C}/Bool/aws:SecureTransport`, data: { operator: "Bool" } },
        { messageId: "invalidBool", pointer: `${C}/Null/aws:TokenIssueTime`, data: { operator: "Null" } },
      ],
    },
    {
      name: "not an ARN",
      doc: withCondition({ ArnEquals: { "aws:SourceArn": "orders-use1" } }),
      errors: [{ messageId: "invalidArn", pointer: `${C}/ArnEquals/aws:SourceArn` }],
    },
    {
      name: "not base64",
      doc: withCondition({ BinaryEquals: { "s3:x-amz-content-sha256": "not base64!" } }),
      errors: [{ messageId: "invalidBinary", pointer: `${C}/BinaryEquals/s3:x-amz-content-sha256` }],
    },
    {
      name: "wildcard under StringEquals",
      doc: withCondition({ StringEquals: { "s3:DataAccessPointArn": "arn:aws:s3:us-east-1:111122223333:accesspoint/*" }, "ForAnyValue:StringNotEqualsIfExists": { "aws:PrincipalOrgPaths": ["o-a1b2c3d4e5/*"] } }),
      kind: "bucket-policy",
      errors: [
        { messageId: "wildcardWithoutLike", pointer: `${C}/StringEquals/s3:DataAccessPointArn`, data: { suggestion: "StringLike" }, severity: "error" },
        { messageId: "wildcardWithoutLike", pointer: `${C}/ForAnyValue:StringNotEqualsIfExists/aws:PrincipalOrgPaths/0`, data: { suggestion: "ForAnyValue:StringNotLikeIfExists" } },
      ],
    },
    {
      name: "wildcard under ArnEquals is a warning",
      doc: withCondition({ ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::111122223333:role/*" } }),
      errors: [{ messageId: "wildcardWithoutLikeArn", pointer: `${C}/ArnEquals/aws:PrincipalArn`, data: { suggestion: "ArnLike" }, severity: "warning" }],
    },
    {
      name: "policy variable under a Numeric operator",
      doc: withCondition({ NumericLessThan: { "s3:max-keys": "${aws:PrincipalTag/limit}" } }),
      errors: [{ messageId: "policyVariableNotAllowed", pointer: `${C}/NumericLessThan/s3:max-keys` }],
    },
    {
      name: "key type does not fit the operator",
      doc: withCondition({ StringEquals: { "aws:SecureTransport": "true", "aws:SourceIp": "203.0.113.9" }, NumericEquals: { "aws:PrincipalAccount": "111122223333" } }),
      kind: "bucket-policy",
      errors: [
        { messageId: "typeMismatch", pointer: `${C}/StringEquals/aws:SecureTransport`, at: "key", severity: "warning", data: { type: "Bool", expected: "Bool" } },
        { messageId: "typeMismatch", pointer: `${C}/StringEquals/aws:SourceIp`, at: "key", severity: "warning", data: { expected: "IpAddress" } },
        { messageId: "typeMismatch", pointer: `${C}/NumericEquals/aws:PrincipalAccount`, at: "key", data: { expected: "StringEquals" } },
      ],
    },
  ],
});
