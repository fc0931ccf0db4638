import rule from "../../../rules/policy/condition-key.js";
import type { JsonValue } from "../../../src/document/index.js";
import { ruleTester } from "../../helpers/rule-tester.js";

const withCondition = (condition: JsonValue, action: JsonValue = ["s3:GetObject", "s3:PutObject"]): JsonValue => ({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:role/orders-app" }, Action: action, Resource: "arn:aws:s3:::orders-use1/*", Condition: condition }],
});

ruleTester(rule, {
  valid: [
    { name: "global keys", doc: withCondition({ StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" }, Bool: { "aws:SecureTransport": "true" } }), kind: "bucket-policy" },
    {
      name: "S3 keys, including templated ones",
      doc: withCondition({ StringEquals: { "s3:DataAccessPointAccount": "111122223333", "s3:RequestObjectTag/Project": "orders", "s3:ExistingObjectTag/owner": "team" } }),
      kind: "bucket-policy",
    },
    { name: "tag keys keep their own case", doc: withCondition({ StringEquals: { "aws:PrincipalTag/team": "orders", "aws:ResourceTag/CostCenter": "42" } }) },
    { name: "a key of a service the statement uses", doc: withCondition({ StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } }, "kms:Decrypt"), kind: "bucket-policy" },
    { name: "a service key under Action *", doc: withCondition({ StringEquals: { "s3:DataAccessPointAccount": "111122223333" } }, "*"), kind: "bucket-policy" },
    { name: "cross-service key from the global page", doc: withCondition({ ArnEquals: { "lambda:SourceFunctionArn": "arn:aws:lambda:us-east-1:111122223333:function:orders" } }) },
  ],
  invalid: [
    {
      name: "miscased key is info with the canonical spelling",
      doc: withCondition({ StringEquals: { "s3:dataaccesspointarn": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap", "AWS:SourceIP": "x" } }),
      kind: "bucket-policy",
      errors: [
        { messageId: "miscasedKey", pointer: "/Statement/0/Condition/StringEquals/s3:dataaccesspointarn", at: "key", severity: "info", data: { canonical: "s3:DataAccessPointArn" } },
        { messageId: "miscasedKey", pointer: "/Statement/0/Condition/StringEquals/AWS:SourceIP", at: "key", severity: "info", data: { canonical: "aws:SourceIp" } },
      ],
    },
    {
      name: "typo in a global key",
      doc: withCondition({ StringEquals: { "aws:PrincipalOrgId2": "o-a1b2c3d4e5" } }),
      errors: [{ messageId: "unknownKeyDidYouMean", pointer: "/Statement/0/Condition/StringEquals/aws:PrincipalOrgId2", at: "key", data: { suggestion: "aws:PrincipalOrgID" } }],
    },
    {
      name: "typo in an S3 key",
      doc: withCondition({ StringEquals: { "s3:DataAccesPointAccount": "111122223333" } }),
      kind: "bucket-policy",
      errors: [{ messageId: "unknownKeyDidYouMean", pointer: "/Statement/0/Condition/StringEquals/s3:DataAccesPointAccount", at: "key", data: { suggestion: "s3:DataAccessPointAccount" } }],
    },
    {
      name: "unknown global key",
      doc: withCondition({ StringEquals: { "aws:FavouriteColour": "blue" } }),
      errors: [{ messageId: "unknownGlobalKey", pointer: "/Statement/0/Condition/StringEquals/aws:FavouriteColour", at: "key" }],
    },
    {
      name: "unknown S3 key",
      doc: withCondition({ StringEquals: { "s3:BucketColourScheme": "blue" } }),
      kind: "bucket-policy",
      errors: [{ messageId: "unknownKey", pointer: "/Statement/0/Condition/StringEquals/s3:BucketColourScheme", at: "key", data: { service: "s3" } }],
    },
    {
      name: "unknown prefix",
      doc: withCondition({ StringEquals: { "objectstore:Owner": "me" } }),
      errors: [{ messageId: "unknownKeyService", pointer: "/Statement/0/Condition/StringEquals/objectstore:Owner", at: "key", data: { service: "objectstore" } }],
    },
    {
      name: "key without a prefix",
      doc: withCondition({ IpAddress: { SourceIp: "203.0.113.0/24" }, StringEquals: { Colour: "blue" } }),
      errors: [
        { messageId: "unknownKeyDidYouMean", pointer: "/Statement/0/Condition/IpAddress/SourceIp", at: "key", data: { suggestion: "aws:SourceIp" } },
        { messageId: "missingPrefix", pointer: "/Statement/0/Condition/StringEquals/Colour", at: "key" },
      ],
    },
    {
      name: "templated key without its tag key",
      doc: withCondition({ StringEquals: { "aws:PrincipalTag": "orders", "s3:RequestObjectTag/": "x" } }),
      kind: "bucket-policy",
      errors: [
        { messageId: "missingTagKey", pointer: "/Statement/0/Condition/StringEquals/aws:PrincipalTag", at: "key", data: { template: "aws:PrincipalTag/" } },
        { messageId: "missingTagKey", pointer: "/Statement/0/Condition/StringEquals/s3:RequestObjectTag~1", at: "key", data: { template: "s3:RequestObjectTag/" } },
      ],
    },
    {
      name: "a key of a service the statement does not use",
      doc: withCondition({ StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } }),
      kind: "bucket-policy",
      errors: [{ messageId: "keyNotForStatementServices", pointer: "/Statement/0/Condition/StringEquals/kms:ViaService", at: "key", severity: "warning", data: { service: "kms", services: '"s3"' } }],
    },
  ],
});
