import { defineRule, type FindingData } from "../../src/engine/rule-kit.js";
import { UNCERTAIN_BUCKET_NAME_PROBLEMS, bucketNameProblem, type BucketNameProblem } from "../../src/mrap/bucket-names.js";
import { accessPointsOf, regionsOf } from "../../src/mrap/manifest.js";

/**
 * Problems that are about what an MRAP supports rather than about the name, so not reported for
 * `AccessPoints[].Bucket`: directory buckets have access points of their own
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-points-directory-buckets-restrictions-limitations-naming-rules.html),
 * and the account regional namespace warning is about whether an MRAP accepts such a bucket.
 */
const MRAP_ONLY: ReadonlySet<BucketNameProblem["id"]> = new Set(["directoryBucket", "accountRegionalNamespace"]);

/** An access point's Bucket takes a bucket name, so an Outposts ARN there is reported as any other ARN. */
function forAccessPoint(problem: BucketNameProblem): BucketNameProblem | undefined {
  if (MRAP_ONLY.has(problem.id)) return undefined;
  return problem.id === "outposts" ? { id: "arn" } : problem;
}

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
    const entries = [
      ...(regionsOf(context.value) ?? []).map((entry) => ({ bucket: entry.bucket, pointer: entry.pointer, accessPoint: false })),
      ...accessPointsOf(context.value).map((entry) => ({ bucket: entry.bucket, pointer: entry.pointer, accessPoint: true })),
    ];
    for (const entry of entries) {
      if (entry.bucket === undefined) continue;
      const found = bucketNameProblem(entry.bucket);
      const problem = found && entry.accessPoint ? forAccessPoint(found) : found;
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
