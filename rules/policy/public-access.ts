import { defineRule } from "../../src/engine/rule-kit.js";
import { policyModel } from "../../src/iam/policy-model.js";
import { evaluatePublic, statementLabel, suggestedLimits } from "../../src/iam/public-statement.js";

export default defineRule({
  id: "policy/public-access",
  meta: {
    type: "problem",
    docs: { description: "Disallow statements that make a bucket or access point policy public", recommended: true },
    severity: "error",
    // In MRAP policies mrap/no-anonymous reports the public statement instead, so it is reported once.
    appliesTo: ["access-point-policy", "bucket-policy"],
    messages: {
      publicStatement:
        "Statement {{statement}} is public: {{principal}} lets anyone use it, and no condition limits it to fixed values. Name the principals, or {{suggestion}}.",
      publicDespiteConditions:
        "Statement {{statement}} is public: {{principal}} lets anyone use it, and none of its conditions limits it to fixed values: {{conditions}}. Name the principals, or {{suggestion}}.",
    },
  },
  check(context) {
    const kind = context.kind === "access-point-policy" ? "access-point-policy" : "bucket-policy";
    for (const statement of policyModel(context.value).statements) {
      const verdict = evaluatePublic(statement, kind);
      if (!verdict.public || !verdict.principal) continue;
      const data = { statement: statementLabel(statement), principal: verdict.principal.text, suggestion: suggestedLimits(kind) };
      if (verdict.reasons.length === 0) context.report({ messageId: "publicStatement", pointer: verdict.principal.pointer, data });
      else context.report({ messageId: "publicDespiteConditions", pointer: verdict.principal.pointer, data: { ...data, conditions: verdict.reasons.join("; ") } });
    }
  },
});
