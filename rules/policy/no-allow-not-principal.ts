import { defineRule } from "../../src/engine/rule-kit.js";
import { policyModel } from "../../src/iam/policy-model.js";

export default defineRule({
  id: "policy/no-allow-not-principal",
  meta: {
    type: "problem",
    docs: { description: "Disallow NotPrincipal in statements that allow access", recommended: true },
    severity: "error",
    appliesTo: ["mrap-policy", "access-point-policy", "bucket-policy"],
    messages: {
      allowNotPrincipal:
        'Statement[{{index}}] uses "NotPrincipal" with "Effect": "Allow", which allows every principal except the ones listed, including anonymous users; IAM does not support NotPrincipal with Allow (Access Analyzer ALLOW_WITH_NOT_PRINCIPAL). Name who is allowed in "Principal" instead; to keep everyone else out, add a "Deny" statement with "Principal": "*" and an ArnNotEquals condition on aws:PrincipalArn that lists the principals who keep access.',
    },
  },
  check(context) {
    for (const statement of policyModel(context.value).statements) {
      if (statement.effect !== "Allow" || !statement.notPrincipal) continue;
      context.report({ messageId: "allowNotPrincipal", pointer: statement.notPrincipal.pointer, at: "key", data: { index: statement.index } });
    }
  },
});
