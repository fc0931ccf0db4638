import { defineRule, type Target } from "../../src/engine/rule-kit.js";
import { delegationOf, evaluateGrant, listText, type UnderlyingBucket } from "../../src/mrap/routed-grants.js";

/** What a bucket policy does with a request the MRAP policy allows, from least to most access. */
type Verdict = "blocked" | "conditional" | "allowed";
const RANK: Record<Verdict, number> = { blocked: 0, conditional: 1, allowed: 2 };
const HERE: Record<Verdict, string> = {
  blocked: "is not allowed here",
  conditional: "is allowed here only under conditions mrap-guard cannot evaluate",
  allowed: "is allowed here",
};
const THERE: Record<Verdict, string> = { blocked: "is not allowed", conditional: "is allowed under conditions", allowed: "is allowed" };

/** At most this many differences are spelled out in one message. */
const SHOWN = 5;

export default defineRule({
  id: "mrap/bucket-consistency",
  meta: {
    type: "suggestion",
    docs: { description: "Require the underlying buckets of a Multi-Region Access Point to grant the same access", recommended: true },
    severity: "warning",
    appliesTo: ["manifest"],
    messages: {
      differentAccess:
        "The bucket policy of {{place}} grants less than the other underlying buckets: {{differences}}. The MRAP routes each request to the closest bucket, so whether a request succeeds depends on the Region it is routed to; give every underlying bucket the same grants, for example by delegating access control to the MRAP in each of them.",
    },
  },
  check(context) {
    const delegation = delegationOf(context.manifest);
    if (!delegation || delegation.buckets.length < 2) return;
    const differences = new Map<UnderlyingBucket<Target>, string[]>();
    for (const grant of delegation.grants) {
      const verdicts = delegation.buckets.map((bucket) => {
        const evaluation = evaluateGrant(delegation, bucket, grant);
        const verdict: Verdict = evaluation.decision !== "allowed" ? "blocked" : evaluation.certain ? "allowed" : "conditional";
        return { bucket, verdict };
      });
      const most = verdicts.reduce<Verdict>((top, v) => (RANK[v.verdict] > RANK[top] ? v.verdict : top), "blocked");
      const granting = verdicts.filter((v) => v.verdict === most).map((v) => v.bucket.place);
      for (const { bucket, verdict } of verdicts) {
        if (verdict === most) continue;
        const list = differences.get(bucket) ?? [];
        list.push(`${grant.what} for ${grant.principalLabel} ${HERE[verdict]} but ${THERE[most]} in ${listText(granting)}`);
        differences.set(bucket, list);
      }
    }
    for (const [bucket, list] of differences) {
      const shown = list.slice(0, SHOWN);
      if (list.length > SHOWN) shown.push(`${list.length - SHOWN} more`);
      context.report({
        messageId: "differentAccess",
        target: bucket.target,
        data: { bucket: bucket.bucket, region: bucket.entry.region ?? "", place: bucket.place, differences: shown.join("; "), count: list.length },
      });
    }
  },
});
