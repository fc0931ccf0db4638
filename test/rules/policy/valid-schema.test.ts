import rule from "../../../rules/policy/valid-schema.js";
import { ruleTester } from "../../helpers/rule-tester.js";
import { manifest } from "../../helpers/manifests.js";
import type { JsonValue } from "../../../src/document/index.js";

type Statement = Record<string, JsonValue | undefined>;

const base: Statement = {
  Sid: "ReadOrders",
  Effect: "Allow",
  Principal: { AWS: "arn:aws:iam::111122223333:root" },
  Action: "s3:GetObject",
  Resource: "arn:aws:s3:::orders-use1/*",
};
const strip = (s: Statement) => Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as Record<string, JsonValue>;
/** A bucket policy with one statement; `statement` fields override (undefined removes). */
const bucketPolicy = (statement: Statement = {}) => ({ Version: "2012-10-17", Statement: [strip({ ...base, ...statement })] });
const S0 = "/Statement/0";

ruleTester(rule, {
  valid: [
    { name: "bucket policy with a statement list", kind: "bucket-policy", doc: bucketPolicy() },
    { name: "single statement object", kind: "bucket-policy", doc: { Version: "2012-10-17", Statement: strip(base) } },
    {
      name: "delegation to an MRAP: Principal * with condition values of each type",
      kind: "bucket-policy",
      doc: bucketPolicy({
        Principal: "*",
        Action: ["s3:GetObject", "s3:PutObject"],
        Resource: ["arn:aws:s3:::orders-use1", "arn:aws:s3:::orders-use1/*"],
        Condition: { StringEquals: { "s3:DataAccessPointAccount": "111122223333" }, NumericLessThan: { "s3:max-keys": 10 }, Bool: { "aws:SecureTransport": true } },
      }),
    },
    {
      name: "Deny with NotPrincipal, NotAction and NotResource",
      kind: "bucket-policy",
      doc: bucketPolicy({ Effect: "Deny", Principal: undefined, NotPrincipal: { Service: ["cloudfront.amazonaws.com"] }, Action: undefined, NotAction: "s3:GetObject", Resource: undefined, NotResource: "arn:aws:s3:::orders-use1/public/*" }),
    },
    { name: "statement without Principal (principal-required reports that)", kind: "bucket-policy", doc: bucketPolicy({ Principal: undefined }) },
    {
      name: "MRAP policy",
      kind: "mrap-policy",
      doc: { Version: "2012-10-17", Statement: [strip({ ...base, Resource: "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*" })] },
    },
    { name: "policy inline in a manifest", kind: "manifest", doc: manifest({ Policy: bucketPolicy() }) },
    { name: "policy as a JSON string in a manifest", kind: "manifest", doc: manifest({ Policy: JSON.stringify(bucketPolicy()) }) },
  ],
  invalid: [
    {
      name: "lowercase effect and action",
      kind: "bucket-policy",
      doc: bucketPolicy({ Effect: undefined, Action: undefined, effect: "Allow", action: "s3:GetObject" }),
      errors: [
        { messageId: "invalid", pointer: `${S0}/effect`, at: "key", data: { message: 'unknown property "effect" in Statement[0]; did you mean "Effect"?' } },
        { messageId: "invalid", pointer: `${S0}/action`, at: "key", data: { message: 'unknown property "action" in Statement[0]; did you mean "Action"?' } },
      ],
    },
    {
      name: "Effect allow in lowercase",
      kind: "bucket-policy",
      doc: bucketPolicy({ Effect: "allow" }),
      errors: [{ messageId: "invalid", pointer: `${S0}/Effect`, data: { message: 'Statement[0].Effect must be one of "Allow", "Deny"; did you mean "Allow"?' } }],
    },
    {
      name: "Statement is a string",
      kind: "bucket-policy",
      doc: { Version: "2012-10-17", Statement: "Allow everything" },
      errors: [{ messageId: "invalid", pointer: "/Statement", data: { message: "Statement must be an object or an array, not a string." } }],
    },
    {
      name: "Statement list holds a string",
      kind: "bucket-policy",
      doc: { Version: "2012-10-17", Statement: ["Allow everything"] },
      errors: [{ messageId: "invalid", pointer: "/Statement/0", data: { message: "Statement[0] must be an object, not a string." } }],
    },
    {
      name: 'Principal "AWS" as a string',
      kind: "bucket-policy",
      doc: bucketPolicy({ Principal: "AWS" }),
      errors: [{ messageId: "invalid", pointer: `${S0}/Principal`, data: { message: 'Statement[0].Principal must be "*"; name specific principals in an object such as {"AWS": "arn:aws:iam::111122223333:root"}.' } }],
    },
    {
      name: "Principal key in lowercase",
      kind: "bucket-policy",
      doc: bucketPolicy({ Principal: { aws: "arn:aws:iam::111122223333:root" } }),
      errors: [{ messageId: "invalid", pointer: `${S0}/Principal/aws`, at: "key", data: { message: 'unknown property "aws" in Statement[0].Principal; did you mean "AWS"?' } }],
    },
    {
      name: "both Action and NotAction",
      kind: "bucket-policy",
      doc: bucketPolicy({ NotAction: "s3:PutObject" }),
      errors: [{ messageId: "bothElements", pointer: `${S0}/NotAction`, at: "key", data: { element: "Action", other: "NotAction" } }],
    },
    {
      name: "both Principal and NotPrincipal",
      kind: "bucket-policy",
      doc: bucketPolicy({ Effect: "Deny", NotPrincipal: { AWS: "arn:aws:iam::111122223333:root" } }),
      errors: [{ messageId: "bothElements", pointer: `${S0}/NotPrincipal`, at: "key", data: { element: "Principal", other: "NotPrincipal" } }],
    },
    {
      name: "neither Resource nor NotResource",
      kind: "bucket-policy",
      doc: bucketPolicy({ Resource: undefined }),
      errors: [{ messageId: "missingElement", pointer: S0, data: { element: "Resource", other: "NotResource" } }],
    },
    {
      name: "single statement object without Resource",
      kind: "bucket-policy",
      doc: { Version: "2012-10-17", Statement: strip({ ...base, Resource: undefined }) },
      errors: [{ messageId: "missingElement", pointer: "/Statement", data: { element: "Resource", other: "NotResource" } }],
    },
    {
      name: "Condition value is an object",
      kind: "bucket-policy",
      doc: bucketPolicy({ Condition: { StringEquals: { "aws:SourceVpce": { id: "vpce-1a2b3c4d" } } } }),
      errors: [
        {
          messageId: "invalid",
          pointer: `${S0}/Condition/StringEquals/aws:SourceVpce`,
          data: { message: "Statement[0].Condition.StringEquals.aws:SourceVpce must be a string or a number or a boolean or an array, not an object." },
        },
      ],
    },
    {
      name: "Condition operator block is a string",
      kind: "bucket-policy",
      doc: bucketPolicy({ Condition: { StringEquals: "aws:SourceVpce" } }),
      errors: [{ messageId: "invalid", pointer: `${S0}/Condition/StringEquals`, data: { message: "Statement[0].Condition.StringEquals must be an object, not a string." } }],
    },
    {
      name: "no Statement",
      kind: "bucket-policy",
      doc: { Version: "2012-10-17" },
      errors: [{ messageId: "invalid", pointer: "", data: { message: 'the document is missing the required property "Statement".' } }],
    },
    {
      name: "in a manifest, findings point into the manifest",
      kind: "manifest",
      doc: manifest({ Policy: bucketPolicy({ Effect: "allow" }) }),
      errors: [{ messageId: "invalid", pointer: "/MultiRegionAccessPoint/Policy/Statement/0/Effect", data: { message: 'Statement[0].Effect must be one of "Allow", "Deny"; did you mean "Allow"?' } }],
    },
  ],
});
