import { defineRule } from "../../src/engine/rule-kit.js";
import { ownerAccount, regionsOf } from "../../src/mrap/manifest.js";

const ACCOUNT_ID = /^\d{12}$/;

export default defineRule({
  id: "mrap/cross-account-bucket-policy",
  meta: {
    type: "suggestion",
    docs: { description: "Require a bucket policy for each bucket owned by another account", recommended: true },
    severity: "warning",
    appliesTo: ["manifest"],
    messages: {
      missingBucketPolicy:
        'Bucket "{{bucket}}" is owned by account {{bucketAccount}}, not by the MRAP owner {{owner}}, and no BucketPolicy is given. Its owner must grant this Multi-Region Access Point access in the bucket policy, or the MRAP cannot retrieve data from the bucket; add the BucketPolicy (inline or as a path) so the grant can be checked.',
      unreadablePolicy:
        'The bucket policy of "{{bucket}}" (account {{bucketAccount}}) cannot be read from account {{owner}}: GetBucketPolicy answered {{answer}}, and only the bucket owner\'s account may read a bucket policy. Give it in the manifest (BucketPolicy, inline or as a path) so the grant this Multi-Region Access Point needs can be checked.',
    },
  },
  check(context) {
    const owner = ownerAccount(context.value);
    // Malformed account ids are mrap/account-id's to report.
    if (owner === undefined || !ACCOUNT_ID.test(owner)) return;
    const live = context.manifest?.live;
    for (const entry of regionsOf(context.value) ?? []) {
      const { bucket, bucketAccountId } = entry;
      if (bucket === undefined || entry.hasPolicy) continue;
      // With --live, a policy AWS refused to this caller (GetBucketPolicy: 405 outside the owner's account).
      const refused = live?.unreadablePolicies?.get(entry.index);
      if (refused) {
        const reported = live?.mrap?.regions.find((region) => region.bucket === bucket)?.bucketAccountId;
        const bucketAccount = bucketAccountId ?? reported ?? "another account";
        const answer = `${refused.httpStatus !== undefined ? `HTTP ${refused.httpStatus} ` : ""}${refused.code}`;
        const pointer = bucketAccountId !== undefined ? `${entry.pointer}/BucketAccountId` : `${entry.pointer}/Bucket`;
        context.report({ messageId: "unreadablePolicy", pointer, data: { bucket, bucketAccount, owner, answer } });
        continue;
      }
      if (bucketAccountId === undefined || !ACCOUNT_ID.test(bucketAccountId) || bucketAccountId === owner) continue;
      // With --live, the policy read from AWS is the one the grant rules check.
      if (context.manifest?.bucketPolicies.has(entry.index)) continue;
      context.report({ messageId: "missingBucketPolicy", pointer: `${entry.pointer}/BucketAccountId`, data: { bucket, bucketAccount: bucketAccountId, owner } });
    }
  },
});
