import { defineRule } from "../../src/engine/rule-kit.js";
import { hasValueWildcard } from "../../src/iam/condition-values.js";
import { MRAP_DATA_ACTIONS } from "../../src/mrap/s3-actions.js";
import { policyModel, type StatementModel } from "../../src/iam/policy-model.js";

const MRAP_DATA_PLANE_ACTIONS = MRAP_DATA_ACTIONS.map((action) => `s3:${action.name}`);

/** `*` (or `*:*`) and `service:*`: every action, or every action of a service. */
function wildcardScope(action: string): string | undefined {
  // Every form ends in "*".
  if (!action.endsWith("*")) return undefined;
  if (/^\*+$/.test(action) || /^\*+:\*+$/.test(action)) return "action of every AWS service";
  const match = /^([^:*?]+):\*+$/.exec(action);
  return match ? `action of the "${match[1]!.toLowerCase()}" service` : undefined;
}

const DELEGATION_KEYS = new Set(["s3:dataaccesspointarn", "s3:dataaccesspointaccount"]);
const DELEGATION_OPERATORS = new Set(["StringEquals", "StringLike", "ArnEquals", "ArnLike"]);

/** A value naming one account: the account id itself, or an access point ARN whose account has no wildcard (§3.3). */
function fixedAccount(key: string, value: string | number | boolean): boolean {
  if (typeof value !== "string" || value === "") return false;
  if (key === "s3:dataaccesspointaccount") return !hasValueWildcard(value);
  const account = value.split(":")[4];
  return account !== undefined && account !== "" && !hasValueWildcard(account);
}

/**
 * The bucket policy that delegates access control to access points
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiRegionAccessPointPermissions.html): the grant applies
 * only
 * to requests through access points of the account its condition names, and AWS's own example uses
 * `Action: "*"` there. IfExists and set qualifiers do not count: they also match requests without the key.
 */
function isDelegation(statement: StatementModel): boolean {
  return statement.conditions.some((condition) => {
    const { operator } = condition;
    const key = condition.lowerKey;
    if (operator.ifExists || operator.qualifier !== undefined || !DELEGATION_OPERATORS.has(operator.base) || !DELEGATION_KEYS.has(key)) return false;
    return condition.values.length > 0 && condition.values.every((v) => fixedAccount(key, v.value));
  });
}

export default defineRule({
  id: "policy/no-wildcard-action",
  meta: {
    type: "suggestion",
    docs: { description: "Disallow Allow statements that grant every action, or every action of a service", recommended: true },
    severity: "warning",
    appliesTo: ["mrap-policy", "access-point-policy", "bucket-policy"],
    messages: {
      wildcardAction:
        'Action "{{action}}" allows every {{scope}}, including actions added to AWS later; list the actions this statement needs so the policy grants no more than intended.',
      wildcardActionMrap:
        'Action "{{action}}" allows every {{scope}}, but a Multi-Region Access Point only serves these data-plane actions: {{actions}}. List the ones this statement needs.',
      delegationWildcard:
        'Action "{{action}}" in this delegation statement allows every {{scope}} through the access points its condition names; this is the pattern AWS documents, and the access point policies still decide, but listing the actions those access points serve is narrower.',
    },
  },
  check(context) {
    for (const statement of policyModel(context.value).statements) {
      if (statement.effect !== "Allow" || !statement.action) continue;
      const delegation = context.kind === "bucket-policy" && isDelegation(statement);
      for (const { value: action, pointer } of statement.action) {
        const scope = wildcardScope(action);
        if (scope === undefined) continue;
        if (delegation) context.report({ messageId: "delegationWildcard", pointer, data: { action, scope }, severity: "info" });
        else if (context.kind === "mrap-policy") context.report({ messageId: "wildcardActionMrap", pointer, data: { action, scope, actions: MRAP_DATA_PLANE_ACTIONS.join(", ") } });
        else context.report({ messageId: "wildcardAction", pointer, data: { action, scope } });
      }
    }
  },
});
