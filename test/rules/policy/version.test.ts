import rule from "../../../rules/policy/version.js";
import { ruleTester } from "../../helpers/rule-tester.js";
import { manifest } from "../../helpers/manifests.js";
import type { JsonValue } from "../../../src/document/index.js";

const statement = {
  Effect: "Allow",
  Principal: { AWS: "arn:aws:iam::111122223333:root" },
  Action: "s3:GetObject",
  Resource: "arn:aws:s3:::orders-use1/*",
};
const withVariable = { ...statement, Resource: "arn:aws:s3:::orders-use1/home/${aws:username}/*" };
const policy = (Version: JsonValue | undefined, statements: JsonValue[] = [statement]): JsonValue =>
  Version === undefined ? { Statement: statements } : { Version, Statement: statements };

ruleTester(rule, {
  valid: [
    { name: "2012-10-17", kind: "bucket-policy", doc: policy("2012-10-17") },
    { name: "2012-10-17 with a policy variable", kind: "bucket-policy", doc: policy("2012-10-17", [withVariable]) },
    { name: "MRAP policy with 2012-10-17", kind: "mrap-policy", doc: { Version: "2012-10-17", Statement: { ...statement, Resource: "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*" } } },
    { name: "inline policy in a manifest", kind: "manifest", doc: manifest({ Policy: policy("2012-10-17") }) },
  ],
  invalid: [
    { name: "Version missing", kind: "bucket-policy", doc: policy(undefined), errors: [{ messageId: "missing", pointer: "" }] },
    {
      name: "Version missing with a policy variable in a condition",
      kind: "access-point-policy",
      doc: policy(undefined, [{ ...statement, Resource: "arn:aws:s3:us-west-2:111122223333:accesspoint/reports-ap/object/*", Condition: { StringLike: { "s3:prefix": ["home/${aws:username}/*"] } } }]),
      errors: [{ messageId: "missingWithVariables", pointer: "", data: { variable: "${aws:username}", where: 'Statement[0].Condition.StringLike["s3:prefix"][0]' } }],
    },
    { name: "2008-10-17", kind: "bucket-policy", doc: policy("2008-10-17"), errors: [{ messageId: "old", pointer: "/Version" }] },
    {
      name: "2008-10-17 with a policy variable in a Resource",
      kind: "bucket-policy",
      doc: policy("2008-10-17", [statement, withVariable]),
      errors: [{ messageId: "oldWithVariables", pointer: "/Version", data: { variable: "${aws:username}", where: "Statement[1].Resource" } }],
    },
    { name: "today's date as the Version", kind: "bucket-policy", doc: policy("2024-05-01"), errors: [{ messageId: "unknown", pointer: "/Version", data: { version: "2024-05-01" } }] },
    {
      name: "Version missing in a policy inline in a manifest",
      kind: "manifest",
      doc: manifest({ Policy: policy(undefined) }),
      errors: [{ messageId: "missing", pointer: "/MultiRegionAccessPoint/Policy" }],
    },
  ],
});
