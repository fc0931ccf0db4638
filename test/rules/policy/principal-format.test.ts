import rule from "../../../rules/policy/principal-format.js";
import { ruleTester } from "../../helpers/rule-tester.js";
import type { JsonValue } from "../../../src/document/index.js";

const MRAP = "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap";
/** A policy with one statement whose Principal is `principal`. */
const policy = (principal: JsonValue, resource = "arn:aws:s3:::orders-use1/*"): JsonValue => ({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: principal, Action: "s3:GetObject", Resource: resource }],
});
const aws = (value: string | string[]) => policy({ AWS: value });
const P = "/Statement/0/Principal";

ruleTester(rule, {
  valid: [
    {
      name: "every documented AWS principal form",
      kind: "bucket-policy",
      doc: aws([
        "*",
        "111122223333",
        "arn:aws:iam::111122223333:root",
        "arn:aws:iam::111122223333:user/JohnDoe",
        "arn:aws:iam::111122223333:user/division/team/JohnDoe",
        "arn:aws:iam::111122223333:role/reader",
        "arn:aws:sts::111122223333:assumed-role/reader/session-1",
        "arn:aws:sts::111122223333:federated-user/JohnDoe",
        "arn:aws-cn:iam::111122223333:root",
        "arn:aws-us-gov:iam::111122223333:role/reader",
      ]),
    },
    { name: "Principal * (the string form)", kind: "bucket-policy", doc: policy("*") },
    {
      name: "the CloudFormation MRAP policy example: a service principal",
      kind: "mrap-policy",
      doc: policy({ Service: "cloudwatch.amazonaws.com" }, `${MRAP}/object/*`),
    },
    { name: "the corrected MRAP policy example: user/JohnDoe", kind: "mrap-policy", doc: aws("arn:aws:iam::123456789012:user/JohnDoe") },
    { name: "service principals with more labels", kind: "bucket-policy", doc: policy({ Service: ["logging.s3.amazonaws.com", "delivery.logs.amazonaws.com", "ec2.amazonaws.com.cn"] }) },
    { name: "canonical user ID", kind: "bucket-policy", doc: policy({ CanonicalUser: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be" }) },
    { name: "NotPrincipal with Deny is checked the same way", kind: "bucket-policy", doc: { Version: "2012-10-17", Statement: { Effect: "Deny", NotPrincipal: { AWS: "111122223333" }, Action: "s3:*", Resource: "arn:aws:s3:::orders-use1/*" } } },
    { name: "Principal of the wrong shape is left to valid-schema", kind: "bucket-policy", doc: policy("arn:aws:iam::111122223333:root") },
  ],
  invalid: [
    {
      name: "the MRAP policy example's typo: arn:aws:iam::111122223333:JohnDoe",
      kind: "mrap-policy",
      doc: aws("arn:aws:iam::111122223333:JohnDoe"),
      errors: [{ messageId: "missingResourceType", pointer: `${P}/AWS`, data: { name: "JohnDoe", suggestion: "arn:aws:iam::111122223333:user/JohnDoe" } }],
    },
    {
      name: "wildcards in AWS principals",
      kind: "bucket-policy",
      doc: aws(["arn:aws:iam::111122223333:user/*", "arn:aws:iam::*:root", "arn:aws:iam::111122223333:role/app-?"]),
      errors: [
        { messageId: "unsupportedWildcard", pointer: `${P}/AWS/0`, data: { type: "AWS" } },
        { messageId: "unsupportedWildcard", pointer: `${P}/AWS/1` },
        { messageId: "unsupportedWildcard", pointer: `${P}/AWS/2` },
      ],
    },
    {
      name: "malformed account ids",
      kind: "bucket-policy",
      doc: aws(["1111-2222-3333", "11112222333"]),
      errors: [
        { messageId: "invalidAccountId", pointer: `${P}/AWS/0` },
        { messageId: "invalidAccountId", pointer: `${P}/AWS/1` },
      ],
    },
    {
      name: "a deleted role shows as its unique ID",
      kind: "bucket-policy",
      doc: aws("AROAJ2UCCR6DPCEXAMPLE"),
      errors: [{ messageId: "deletedPrincipal", pointer: `${P}/AWS`, severity: "warning" }],
    },
    {
      name: "not an ARN, wrong service, wrong partition, too few parts",
      kind: "bucket-policy",
      doc: aws(["JohnDoe", "arn:aws:s3:::orders-use1", "arn:amazon:iam::111122223333:root", "arn:aws:iam::111122223333"]),
      errors: [
        { messageId: "invalidAwsPrincipal", pointer: `${P}/AWS/0`, data: { reason: "it is not an ARN (an ARN starts with arn:)" } },
        { messageId: "invalidAwsPrincipal", pointer: `${P}/AWS/1` },
        { messageId: "invalidAwsPrincipal", pointer: `${P}/AWS/2` },
        { messageId: "invalidAwsPrincipal", pointer: `${P}/AWS/3` },
      ],
    },
    { name: "a user group", kind: "bucket-policy", doc: aws("arn:aws:iam::111122223333:group/Admins"), errors: [{ messageId: "groupPrincipal", pointer: `${P}/AWS` }] },
    {
      name: "unknown resource types",
      kind: "bucket-policy",
      doc: aws(["arn:aws:iam::111122223333:users/JohnDoe", "arn:aws:iam::111122223333:instance-profile/web"]),
      errors: [
        { messageId: "invalidResourceType", pointer: `${P}/AWS/0`, data: { resourceType: "users" } },
        { messageId: "invalidResourceType", pointer: `${P}/AWS/1`, data: { resourceType: "instance-profile" } },
      ],
    },
    {
      name: "IAM and STS swapped",
      kind: "bucket-policy",
      doc: aws(["arn:aws:iam::111122223333:assumed-role/reader/s1", "arn:aws:sts::111122223333:role/reader", "arn:aws:sts::111122223333:root"]),
      errors: [
        { messageId: "wrongService", pointer: `${P}/AWS/0`, data: { suggestion: "arn:aws:sts::111122223333:assumed-role/reader/s1" } },
        { messageId: "wrongService", pointer: `${P}/AWS/1`, data: { suggestion: "arn:aws:iam::111122223333:role/reader" } },
        { messageId: "wrongService", pointer: `${P}/AWS/2`, data: { suggestion: "arn:aws:iam::111122223333:root" } },
      ],
    },
    {
      name: "a Region in a principal ARN",
      kind: "bucket-policy",
      doc: aws("arn:aws:iam:us-east-1:111122223333:role/reader"),
      errors: [{ messageId: "arnRegion", pointer: `${P}/AWS`, data: { region: "us-east-1", suggestion: "arn:aws:iam::111122223333:role/reader" } }],
    },
    {
      name: "a bad account inside an ARN",
      kind: "bucket-policy",
      doc: aws(["arn:aws:iam::11112222333:root", "arn:aws:iam:::user/JohnDoe"]),
      errors: [
        { messageId: "invalidArnAccount", pointer: `${P}/AWS/0`, data: { account: "11112222333" } },
        { messageId: "invalidArnAccount", pointer: `${P}/AWS/1`, data: { account: "" } },
      ],
    },
    {
      name: "incomplete ARNs",
      kind: "bucket-policy",
      doc: aws(["arn:aws:iam::111122223333:user/", "arn:aws:iam::111122223333:role", "arn:aws:sts::111122223333:assumed-role/reader", "arn:aws:iam::111122223333:"]),
      errors: [
        { messageId: "incompleteArn", pointer: `${P}/AWS/0`, data: { part: "user name" } },
        { messageId: "incompleteArn", pointer: `${P}/AWS/1`, data: { part: "role name" } },
        { messageId: "incompleteArn", pointer: `${P}/AWS/2`, data: { form: "arn:aws:sts::111122223333:assumed-role/ROLE/SESSION" } },
        { messageId: "incompleteArn", pointer: `${P}/AWS/3` },
      ],
    },
    {
      name: "accounts and ARNs under Service",
      kind: "bucket-policy",
      doc: policy({ Service: ["111122223333", "arn:aws:iam::111122223333:root"] }),
      errors: [
        { messageId: "awsPrincipalAsService", pointer: `${P}/Service/0`, data: { what: "an account id" } },
        { messageId: "awsPrincipalAsService", pointer: `${P}/Service/1`, data: { what: "an ARN" } },
      ],
    },
    {
      name: "service principals without the domain or with a URL",
      kind: "access-point-policy",
      doc: policy({ Service: ["CloudFront", "https://logging.s3.amazonaws.com/", "*.amazonaws.com"] }, "arn:aws:s3:us-west-2:111122223333:accesspoint/reports-ap/object/*"),
      errors: [
        { messageId: "invalidServicePrincipal", pointer: `${P}/Service/0`, data: { suggestion: "cloudfront.amazonaws.com" } },
        { messageId: "invalidServicePrincipal", pointer: `${P}/Service/1`, data: { suggestion: "logging.s3.amazonaws.com" } },
        { messageId: "unsupportedWildcard", pointer: `${P}/Service/2`, data: { type: "Service" } },
      ],
    },
    {
      name: "SAML and web identity providers in resource policies",
      kind: "bucket-policy",
      doc: policy({ Federated: ["arn:aws:iam::111122223333:saml-provider/corp", "cognito-identity.amazonaws.com"] }),
      errors: [
        { messageId: "federatedPrincipal", pointer: `${P}/Federated/0`, data: { policy: "bucket policy" } },
        { messageId: "federatedPrincipal", pointer: `${P}/Federated/1` },
      ],
    },
    {
      name: "Federated in an MRAP policy",
      kind: "mrap-policy",
      doc: policy({ Federated: "accounts.google.com" }, `${MRAP}/object/*`),
      errors: [{ messageId: "federatedPrincipal", pointer: `${P}/Federated`, data: { policy: "Multi-Region Access Point policy" } }],
    },
    {
      name: "canonical user ID that is too short",
      kind: "bucket-policy",
      doc: policy({ CanonicalUser: "79a59df900b949e55d96a1e698fbacedfd6e09d9" }),
      errors: [{ messageId: "invalidCanonicalUser", pointer: `${P}/CanonicalUser` }],
    },
  ],
});
