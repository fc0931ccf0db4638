import { defineRule } from "../../src/engine/define-rule.js";
import type { FindingData } from "../../src/engine/types.js";
import { UNCERTAIN_BUCKET_NAME_PROBLEMS, bucketNameProblem } from "../utils/bucket-names.js";
import { regionsOf } from "../utils/manifest.js";

export default defineRule({
  id: "mrap/bucket-name",
  meta: {
    type: "problem",
    docs: { description: "Require bucket names that are valid general purpose buckets an MRAP can use", recommended: true },
    severity: "error",
    appliesTo: ["manifest"],
    messages: {
      outposts: 'Bucket "{{bucket}}" is an S3 on Outposts bucket; Multi-Region Access Points do not support S3 on Outposts buckets. Use a general purpose bucket in an AWS Region.',
      bucketArn: 'Bucket "{{bucket}}" is an ARN; Bucket takes the bucket name alone: "{{name}}".',
      arn: 'Bucket "{{bucket}}" is an ARN; Bucket takes the name of a general purpose bucket, such as "orders-use1".',
      directoryBucket: 'Bucket "{{bucket}}" ends in "--x-s3", so it is a directory bucket; Multi-Region Access Points do not support directory buckets. Use a general purpose bucket.',
      reservedSuffix: 'Bucket "{{bucket}}" ends in "{{suffix}}", which {{reason}}.',
      tooShort: 'Bucket "{{bucket}}" is {{length}} characters; a bucket name needs 3 to 63.',
      tooLong: 'Bucket "{{bucket}}" is {{length}} characters; a bucket name can have at most 63.',
      uppercase: 'Bucket "{{bucket}}" contains uppercase letters; bucket names use lowercase letters, digits, periods and hyphens only.',
      invalidCharacter: 'Bucket "{{bucket}}" contains "{{character}}"; bucket names use lowercase letters, digits, periods and hyphens only.',
      edgeCharacter: 'Bucket "{{bucket}}" {{where}} with "{{character}}"; a bucket name must begin and end with a letter or digit.',
      adjacentPeriods: 'Bucket "{{bucket}}" contains two adjacent periods; bucket names cannot have "..".',
      ipAddress: 'Bucket "{{bucket}}" is formatted as an IP address, which bucket names cannot be.',
      reservedPrefix: 'Bucket "{{bucket}}" begins with "{{prefix}}", a prefix that S3 reserves; no general purpose bucket name can start with it.',
      accountRegionalNamespace:
        'Bucket "{{bucket}}" is named like an account regional namespace bucket (account {{account}}, Region {{region}}); AWS does not document whether Multi-Region Access Points accept these buckets, so check before relying on it.',
      anSuffix:
        'Bucket "{{bucket}}" ends in "-an", which S3 reserves for buckets in an account regional namespace ("<prefix>-<12-digit account>-<region>-an"), but the name does not have that form; check the bucket name.',
    },
  },
  check(context) {
    for (const entry of regionsOf(context.value) ?? []) {
      if (entry.bucket === undefined) continue;
      const problem = bucketNameProblem(entry.bucket);
      if (!problem) continue;
      const { id, ...rest } = problem;
      const data: FindingData = { bucket: entry.bucket, ...rest };
      context.report({
        messageId: id,
        pointer: `${entry.pointer}/Bucket`,
        data,
        ...(UNCERTAIN_BUCKET_NAME_PROBLEMS.has(id) ? { severity: "warning" as const } : {}),
      });
    }
  },
});
