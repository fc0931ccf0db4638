import rule from "../../../rules/policy/size.js";
import { ruleTester } from "../../helpers/rule-tester.js";
import { manifest } from "../../helpers/manifests.js";
import type { JsonValue } from "../../../src/document/index.js";

const LIMIT = 20 * 1024;

/** A policy with `count` object-prefix resources under `arn` (one statement), as compact JSON of `size` bytes. */
function policy(arn: string, count: number): JsonValue {
  const resources = Array.from({ length: count }, (_, i) => `${arn}/prefix-${String(i).padStart(5, "0")}/*`);
  return { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "s3:GetObject", Resource: resources }] };
}
/** The largest policy of this shape that stays within `bytes` when written compactly, and the smallest above it. */
function around(arn: string, bytes: number): { under: JsonValue; over: JsonValue } {
  let count = 1;
  while (JSON.stringify(policy(arn, count + 1)).length <= bytes) count++;
  return { under: policy(arn, count), over: policy(arn, count + 1) };
}
const sizeOf = (value: JsonValue) => JSON.stringify(value).length;

const bucket = around("arn:aws:s3:::orders-use1", LIMIT);
const accessPoint = around("arn:aws:s3:us-west-2:111122223333:accesspoint/reports-ap/object", LIMIT);
const mrap = around("arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object", LIMIT);

ruleTester(rule, {
  valid: [
    { name: "a small policy", kind: "bucket-policy", doc: policy("arn:aws:s3:::orders-use1", 2) },
    // Written with indentation this file is well over 20 KB; without whitespace it is just within it.
    { name: "bucket policy at the limit without whitespace", kind: "bucket-policy", doc: bucket.under },
    { name: "access point policy at the limit", kind: "access-point-policy", doc: accessPoint.under },
    { name: "MRAP policy at the limit", kind: "mrap-policy", doc: mrap.under },
  ],
  invalid: [
    {
      name: "bucket policy one resource over 20 KB",
      kind: "bucket-policy",
      doc: bucket.over,
      errors: [{ messageId: "tooLarge", pointer: "", data: { size: sizeOf(bucket.over), limit: LIMIT, policy: "a bucket policy" } }],
    },
    {
      name: "access point policy over 20 KB",
      kind: "access-point-policy",
      doc: accessPoint.over,
      errors: [{ messageId: "tooLarge", pointer: "", data: { policy: "an access point policy" } }],
    },
    {
      name: "MRAP policy over 20 KB is a warning (no documented limit)",
      kind: "mrap-policy",
      doc: mrap.over,
      errors: [{ messageId: "mrapTooLarge", pointer: "", data: { size: sizeOf(mrap.over) }, severity: "warning" }],
    },
    {
      name: "MRAP policy as a JSON string in a manifest",
      kind: "manifest",
      doc: manifest({ Policy: JSON.stringify(mrap.over) }),
      // The tester compares the underlined text with the value unescaped, which a JSON string of JSON cannot match.
      formats: ["yaml"],
      errors: [{ messageId: "mrapTooLarge", pointer: "/MultiRegionAccessPoint/Policy", severity: "warning" }],
    },
    {
      name: "bucket policy inline in a manifest",
      kind: "manifest",
      doc: manifest({ Regions: [{ Bucket: "orders-use1", Region: "us-east-1", BucketPolicy: bucket.over }] }),
      errors: [{ messageId: "tooLarge", pointer: "/MultiRegionAccessPoint/Regions/0/BucketPolicy" }],
    },
  ],
});
