import { defineRule } from "../../src/engine/rule-kit.js";
import { hasMiscasedKey, rawStatements } from "../../src/iam/statement-grammar.js";
import { POLICY_NAMES } from "../../src/mrap/policy-names.js";

export default defineRule({
  id: "policy/principal-required",
  meta: {
    type: "problem",
    docs: { description: "Require a Principal or NotPrincipal in every statement of a resource policy", recommended: true },
    severity: "error",
    appliesTo: ["mrap-policy", "access-point-policy", "bucket-policy"],
    messages: {
      missing:
        'Statement[{{index}}] has neither "Principal" nor "NotPrincipal"; a statement in a {{policy}} (a resource-based policy) must say whom it applies to (Access Analyzer MISSING_PRINCIPAL). Add "Principal", for example {"AWS": "arn:aws:iam::111122223333:root"}, or move the statement into an IAM identity policy.',
    },
  },
  check(context) {
    for (const statement of rawStatements(context.value)) {
      const s = statement.value;
      if ("Principal" in s || "NotPrincipal" in s) continue;
      // A miscased "principal" is reported by policy/valid-schema as an unknown key with a did-you-mean.
      if (hasMiscasedKey(s, "Principal", "NotPrincipal")) continue;
      context.report({ messageId: "missing", pointer: statement.pointer, data: { index: statement.index, policy: POLICY_NAMES[context.kind] } });
    }
  },
});
