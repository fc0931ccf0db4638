import { defineRule } from "../../src/engine/rule-kit.js";
import { bucketRequest, delegationOf, evaluateGrant, isSameAccount, listText, uncertaintyOf } from "../../src/mrap/routed-grants.js";
import { closestAllow, statementLabel } from "../../src/iam/evaluate-access.js";

type MessageId = "notGranted" | "notGrantedSameAccount" | "denied" | "grantConditional" | "mayBeDenied";

/** Findings that differ only in the action are merged into one that lists the actions. */
interface Group {
  messageId: MessageId;
  pointer: string;
  actions: string[];
  data: Record<string, string>;
}

/** Findings the AWS docs leave uncertain, or that rest on what mrap-guard cannot evaluate, are warnings. */
const WARNINGS: ReadonlySet<MessageId> = new Set(["notGrantedSameAccount", "grantConditional", "mayBeDenied"]);

export default defineRule<MessageId>({
  id: "mrap/bucket-delegation",
  meta: {
    type: "problem",
    docs: { description: "Require every underlying bucket policy to allow what the Multi-Region Access Point policy allows", recommended: true },
    severity: "error",
    appliesTo: ["manifest"],
    messages: {
      notGranted:
        'The MRAP policy allows {{actions}} for {{principal}}, but the bucket policy of {{place}} does not: requests routed to {{routed}} are denied. Grant it in this bucket policy, or delegate access control to the MRAP with a statement that allows "*" when s3:DataAccessPointAccount is {{owner}} or s3:DataAccessPointArn is {{mrapArn}}.',
      notGrantedSameAccount:
        "The MRAP policy allows {{actions}} for {{principal}}, but the bucket policy of {{place}} does not. The bucket and the principal are in the MRAP owner's account {{owner}}, and the AWS documentation disagrees about such same-account requests: the current text says only the IAM policy must allow them, earlier text said the bucket policy must too. Requests routed to {{routed}} may be denied; grant it in this bucket policy, or delegate access control to the MRAP, to be safe either way.",
      denied:
        "The MRAP policy allows {{actions}} for {{principal}}, but {{statement}} of the bucket policy of {{place}} denies it: requests routed to {{routed}} are denied, since the more restrictive policy takes precedence.",
      grantConditional:
        "The MRAP policy allows {{actions}} for {{principal}}, but the bucket policy of {{place}} allows it only through {{statement}}, and {{reason}}: requests routed to {{routed}} are denied unless they meet it. Check that every request the MRAP allows does.",
      mayBeDenied:
        "In the bucket policy of {{place}}, {{statement}} may deny {{actions}}, which the MRAP policy allows: {{reason}}, so requests routed to {{routed}} may be denied. Check which requests through the MRAP it denies.",
    },
  },
  check(context) {
    const delegation = delegationOf(context.manifest);
    if (!delegation) return;
    for (const bucket of delegation.buckets) {
      const groups = new Map<string, Group>();
      const add = (messageId: MessageId, pointer: string, action: string, data: Record<string, string>) => {
        const id = [messageId, pointer, data["principal"] ?? "", data["reason"] ?? ""].join("\0");
        const group = groups.get(id);
        if (!group) groups.set(id, { messageId, pointer, actions: [action], data });
        else if (!group.actions.includes(action)) group.actions.push(action);
      };
      const base = {
        bucket: bucket.bucket,
        region: bucket.entry.region ?? "",
        place: bucket.place,
        routed: bucket.routed,
        owner: delegation.owner,
        mrapArn: delegation.arnText,
      };
      for (const grant of delegation.grants) {
        const evaluation = evaluateGrant(delegation, bucket, grant);
        const principal = grant.principalLabel;
        if (evaluation.decision === "denied") {
          const deny = evaluation.deciding[0]!.statement;
          add("denied", deny.pointer, grant.what, { ...base, principal, statement: statementLabel(deny) });
        } else if (evaluation.decision === "not-allowed") {
          // Point at the Allow that comes closest (the bucket's policy root when none does).
          const closest = closestAllow(bucket.policy, bucketRequest(delegation, bucket, grant));
          add(isSameAccount(delegation, bucket, grant) ? "notGrantedSameAccount" : "notGranted", closest?.pointer ?? "", grant.what, { ...base, principal });
        } else {
          if (!evaluation.deciding.some((m) => m.certain)) {
            const allow = evaluation.deciding[0]!;
            add("grantConditional", allow.statement.pointer, grant.what, { ...base, principal, statement: statementLabel(allow.statement), reason: uncertaintyOf(allow) });
          }
          for (const deny of evaluation.possibleDenies) {
            add("mayBeDenied", deny.statement.pointer, grant.what, { ...base, statement: statementLabel(deny.statement), reason: uncertaintyOf(deny) });
          }
        }
      }
      for (const group of groups.values()) {
        context.report({
          messageId: group.messageId,
          target: bucket.target,
          pointer: group.pointer,
          data: { ...group.data, actions: listText(group.actions) },
          ...(WARNINGS.has(group.messageId) ? { severity: "warning" as const } : {}),
        });
      }
    }
  },
});
