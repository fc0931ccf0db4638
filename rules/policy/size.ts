import { defineRule } from "../../src/engine/rule-kit.js";
import { isObject } from "../../src/iam/json-fields.js";

/**
 * "Bucket policies are limited to 20 KB in size", and access point policies likewise:
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-iam-policies.html
 */
const LIMIT = 20 * 1024;

export default defineRule({
  id: "policy/size",
  meta: {
    type: "problem",
    docs: { description: "Disallow policies larger than the 20 KB that S3 accepts", recommended: true },
    severity: "error",
    appliesTo: ["mrap-policy", "access-point-policy", "bucket-policy"],
    messages: {
      tooLarge:
        "The policy is {{size}} bytes even without whitespace, more than the 20 KB ({{limit}} bytes) S3 allows for {{policy}}, so S3 will reject it. Make it smaller: merge statements that share Effect, Principal and Condition, and remove repeated or redundant actions and resources.",
      mrapTooLarge:
        "The policy is {{size}} bytes even without whitespace, more than 20 KB ({{limit}} bytes). AWS documents no size limit for Multi-Region Access Point policies, but bucket and access point policies are limited to 20 KB, so this one may be rejected. Make it smaller: merge statements that share Effect, Principal and Condition, and remove repeated or redundant actions and resources.",
    },
  },
  check(context) {
    if (!isObject(context.value)) return;
    // The policy as compact JSON: the smallest text that carries it, so a finding here cannot be an
    // artefact of indentation (AWS does not document whether whitespace counts).
    // A whole JSON file is never smaller than its whitespace-free form, so a small file needs no measuring.
    const whole = context.target.doc.format === "json" && context.target.value === context.target.doc.value;
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    if (whole && (context.target.doc.text.length * 3 <= LIMIT || Buffer.byteLength(context.target.doc.text, "utf8") <= LIMIT)) return;
    const size = Buffer.byteLength(JSON.stringify(context.value), "utf8");
    if (size <= LIMIT) return;
    if (context.kind === "mrap-policy") context.report({ messageId: "mrapTooLarge", data: { size, limit: LIMIT }, severity: "warning" });
    else context.report({ messageId: "tooLarge", data: { size, limit: LIMIT, policy: context.kind === "bucket-policy" ? "a bucket policy" : "an access point policy" } });
  },
});
