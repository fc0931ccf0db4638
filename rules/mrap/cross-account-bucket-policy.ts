import { defineRule } from "../../src/engine/define-rule.js";
import { ownerAccount, regionsOf } from "../utils/manifest.js";

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
    },
  },
  check(context) {
    const owner = ownerAccount(context.value);
    // Malformed account ids are mrap/account-id's to report.
    if (owner === undefined || !ACCOUNT_ID.test(owner)) return;
    for (const entry of regionsOf(context.value) ?? []) {
      const { bucket, bucketAccountId } = entry;
      if (bucket === undefined || bucketAccountId === undefined || !ACCOUNT_ID.test(bucketAccountId)) continue;
      if (bucketAccountId === owner || entry.hasPolicy) continue;
      context.report({ messageId: "missingBucketPolicy", pointer: `${entry.pointer}/BucketAccountId`, data: { bucket, bucketAccount: bucketAccountId, owner } });
    }
  },
});
