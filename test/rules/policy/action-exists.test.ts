import rule from "../../../rules/policy/action-exists.js";
import type { JsonValue } from "../../../src/document/index.js";
import { ruleTester } from "../../helpers/rule-tester.js";

const allow = (action: JsonValue): JsonValue => ({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:role/orders-app" }, Action: action, Resource: "arn:aws:s3:::orders-use1/*" }],
});

ruleTester(rule, {
  valid: [
    { name: "real actions", doc: allow(["s3:GetObject", "s3:PutObject", "s3:ListBucket"]), kind: "bucket-policy" },
    { name: "case differs from the canonical name", doc: allow(["s3:getobject", "S3:PUTOBJECT"]), kind: "bucket-policy" },
    { name: "star alone", doc: allow("*"), kind: "bucket-policy" },
    { name: "a wildcard that matches actions", doc: allow(["s3:Get*Tagging", "s3:List*", "s3:?etObject"]), kind: "bucket-policy" },
    { name: "service wildcard", doc: allow("s3:*"), kind: "access-point-policy" },
    {
      name: "NotAction with real actions in a Deny",
      doc: { Version: "2012-10-17", Statement: { Effect: "Deny", Principal: "*", NotAction: ["s3:GetObject", "s3:ListBucket"], Resource: "arn:aws:s3:::orders-use1/*" } },
      kind: "bucket-policy",
    },
    { name: "an action of another service", doc: allow("kms:Decrypt") },
  ],
  invalid: [
    {
      name: "typo gets a suggestion",
      doc: allow(["s3:GetObject", "s3:GetObjects"]),
      kind: "bucket-policy",
      errors: [{ messageId: "unknownActionDidYouMean", pointer: "/Statement/0/Action/1", data: { suggestion: "s3:GetObject", service: "s3" } }],
    },
    {
      name: "unknown action without a close match",
      doc: allow("s3:LaunchRockets"),
      kind: "bucket-policy",
      errors: [{ messageId: "unknownAction", pointer: "/Statement/0/Action", data: { action: "s3:LaunchRockets" } }],
    },
    {
      name: "unknown service prefix close to a real one",
      doc: allow(["s4:GetObject"]),
      errors: [{ messageId: "unknownServiceDidYouMean", pointer: "/Statement/0/Action/0", data: { service: "s4", suggestion: "s3:GetObject" } }],
    },
    {
      name: "unknown service prefix",
      doc: allow(["objectstorage:GetObject"]),
      errors: [{ messageId: "unknownService", pointer: "/Statement/0/Action/0", data: { service: "objectstorage" } }],
    },
    {
      name: "a wildcard that matches nothing",
      doc: allow(["s3:Get*Rocket"]),
      kind: "access-point-policy",
      errors: [{ messageId: "noMatch", pointer: "/Statement/0/Action/0" }],
    },
    {
      name: "no service prefix",
      doc: allow(["GetObject", "s3:", ":GetObject"]),
      errors: [
        { messageId: "invalidFormat", pointer: "/Statement/0/Action/0" },
        { messageId: "invalidFormat", pointer: "/Statement/0/Action/1" },
        { messageId: "invalidFormat", pointer: "/Statement/0/Action/2" },
      ],
    },
    {
      name: "wildcard in the service prefix is reported as info",
      doc: allow(["s*:GetObject"]),
      errors: [{ messageId: "wildcardInService", pointer: "/Statement/0/Action/0", severity: "info" }],
    },
    {
      name: "NotAction is checked too",
      doc: { Version: "2012-10-17", Statement: { Effect: "Deny", Principal: "*", NotAction: ["s3:GetObjct"], Resource: "arn:aws:s3:::orders-use1/*" } },
      kind: "bucket-policy",
      errors: [{ messageId: "unknownActionDidYouMean", pointer: "/Statement/NotAction/0", data: { suggestion: "s3:GetObject" } }],
    },
  ],
});
