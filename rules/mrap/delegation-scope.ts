import { defineRule, type RuleContext } from "../../src/engine/rule-kit.js";
import { s3Resource } from "../../src/mrap/s3-arn.js";
import { DATA_ACCESS_POINT_ARN, delegationsOf, type DelegationCondition } from "../../src/mrap/delegating-statements.js";
import { mrapFacts } from "../../src/mrap/manifest-facts.js";
import { policyModel } from "../../src/iam/policy-model.js";
import { accessPointArnProblem, statementLabel } from "../../src/iam/public-statement.js";
import { hasPolicyVariable, hasWildcard } from "../../src/iam/wildcard.js";

const ACCOUNT_ID = /^\d{12}$/;

type MessageId = "wildcardAccount" | "wildcardArn" | "operatorNotLimiting" | "accountAsBucket" | "otherResource";
type Context = RuleContext<MessageId, Record<string, never>>;

export default defineRule<MessageId>({
  id: "mrap/delegation-scope",
  meta: {
    type: "problem",
    docs: { description: "Require bucket delegation statements to name a fixed access point owner and only their own bucket", recommended: true },
    severity: "error",
    appliesTo: ["bucket-policy"],
    messages: {
      wildcardAccount:
        'Delegation statement {{statement}} delegates to s3:DataAccessPointAccount "{{value}}", which {{problem}}: access points of any account could use the bucket, and S3 counts the policy as public. Use the fixed 12-digit id of the account that owns the Multi-Region Access Point.',
      wildcardArn:
        'Delegation statement {{statement}} delegates to s3:DataAccessPointArn "{{value}}", which {{problem}}: access points of other accounts could use the bucket, and S3 counts the policy as public. Use the Multi-Region Access Point ARN (arn:aws:s3::ACCOUNT:accesspoint/ALIAS.mrap).',
      operatorNotLimiting:
        "Delegation statement {{statement}} tests {{key}} with {{operator}}, which {{why}}, so the statement is open to anyone and S3 counts the policy as public. Use StringEquals with the fixed value.",
      accountAsBucket:
        'Resource "{{resource}}" in delegation statement {{statement}} names bucket "{{name}}", which is an account id: bucket ARNs have no account field. Use the bucket name, as in {{expected}}.',
      otherResource:
        'Resource "{{resource}}" in delegation statement {{statement}} is not bucket "{{bucket}}", whose policy this is; grant on {{expected}} and {{expected}}/*.',
    },
  },
  check(context) {
    const bucket = bucketName(context);
    for (const delegation of delegationsOf(policyModel(context.value).statements)) {
      const statement = statementLabel(delegation.statement);
      for (const dc of delegation.conditions) checkCondition(dc, statement, (report) => context.report(report));
      for (const resource of delegation.statement.resource ?? []) {
        const parsed = s3Resource(resource.value);
        const partition = parsed?.arn.partition || "aws";
        const isBucket = parsed?.kind === "bucket";
        const name = isBucket ? parsed.name : undefined;
        if (bucket !== undefined && name === bucket) continue;
        if (name !== undefined && ACCOUNT_ID.test(name)) {
          const expected = `arn:${partition}:s3:::${bucket ?? "BUCKET"}${parsed?.object === undefined ? "" : "/*"}`;
          context.report({ messageId: "accountAsBucket", pointer: resource.pointer, data: { resource: resource.value, statement, name, expected } });
        } else if (bucket !== undefined) {
          context.report({ messageId: "otherResource", pointer: resource.pointer, data: { resource: resource.value, statement, bucket, expected: `arn:${partition}:s3:::${bucket}` } });
        }
      }
    }
  },
});

function checkCondition(dc: DelegationCondition, statement: string, report: Context["report"]): void {
  const { operator } = dc.condition;
  const why = operatorProblem(dc, operator.base, operator.ifExists, operator.set);
  if (why) {
    report({ messageId: "operatorNotLimiting", pointer: dc.condition.operatorPointer, at: "key", data: { statement, key: dc.key, operator: operator.text, why } });
    return;
  }
  for (const { value, pointer } of dc.values) {
    if (dc.key === DATA_ACCESS_POINT_ARN) {
      const problem = accessPointArnProblem(value);
      if (problem) report({ messageId: "wildcardArn", pointer, data: { statement, value, problem } });
    } else if (hasPolicyVariable(value) || hasWildcard(value)) {
      report({ messageId: "wildcardAccount", pointer, data: { statement, value, problem: hasPolicyVariable(value) ? "contains a policy variable" : "contains a wildcard" } });
    }
  }
}

function operatorProblem(dc: DelegationCondition, base: string, ifExists: boolean, set: string | undefined): string | undefined {
  if (base === "Null") return "only tests whether the request came through some access point, of any account";
  if (ifExists) return "is also satisfied when the request has no such key (a request made to the bucket directly rather than through an access point)";
  if (set === "ForAllValues") return "can be overly permissive with a single-valued key (ForAllValues)";
  const operators = dc.key === DATA_ACCESS_POINT_ARN ? /^(StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike)$/ : /^(StringEquals|StringEqualsIgnoreCase|StringLike)$/;
  if (!operators.test(base)) return "does not compare the key with fixed values";
  return undefined;
}

/** The bucket this policy belongs to, when it is the BucketPolicy of a manifest's Regions entry. */
function bucketName(context: Context): string | undefined {
  const role = context.target.role;
  if (role?.type !== "bucket") return undefined;
  return mrapFacts(context.manifest)?.regions[role.index]?.bucket;
}
