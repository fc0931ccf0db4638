import { defineRule } from "../../src/engine/rule-kit.js";
import { policyModel } from "../../src/iam/policy-model.js";
import { evaluatePublic, statementLabel } from "../../src/iam/public-statement.js";

export default defineRule({
  id: "mrap/no-anonymous",
  meta: {
    type: "problem",
    docs: { description: "Disallow Multi-Region Access Point policy statements that grant access to anyone", recommended: true },
    severity: "error",
    appliesTo: ["mrap-policy"],
    messages: {
      anonymous:
        "Statement {{statement}} allows {{principal}} with no condition that limits it to fixed values. Multi-Region Access Points don't support anonymous requests, and the MRAP's Block Public Access settings (all on by default, unchangeable after creation) block a public policy; name the principals, or add a fixed aws:PrincipalOrgID, aws:PrincipalArn or aws:SourceVpce condition.",
      anonymousDespiteConditions:
        "Statement {{statement}} allows {{principal}}, and none of its conditions limits it to fixed values: {{conditions}}. Multi-Region Access Points don't support anonymous requests, and the MRAP's Block Public Access settings block a public policy; name the principals, or add a fixed aws:PrincipalOrgID, aws:PrincipalArn or aws:SourceVpce condition.",
      uncertainLimit:
        "Statement {{statement}} allows {{principal}}, limited only by {{key}}. That key makes a bucket policy non-public but an access point policy public, and AWS does not say which rule an MRAP policy follows; name the principals, or add a fixed aws:PrincipalOrgID or aws:PrincipalArn condition.",
    },
  },
  check(context) {
    for (const statement of policyModel(context.value).statements) {
      const verdict = evaluatePublic(statement, "mrap-policy");
      if (!verdict.public || !verdict.principal) continue;
      const pointer = verdict.principal.pointer;
      const data = { statement: statementLabel(statement), principal: verdict.principal.text };
      if (verdict.uncertain) {
        // AWS does not say whether MRAP policies follow the bucket or the access point rules: err toward a warning.
        context.report({ messageId: "uncertainLimit", pointer, severity: "warning", data: { ...data, key: verdict.uncertain.key } });
      } else if (verdict.reasons.length === 0) {
        context.report({ messageId: "anonymous", pointer, data });
      } else {
        context.report({ messageId: "anonymousDespiteConditions", pointer, data: { ...data, conditions: verdict.reasons.join("; ") } });
      }
    }
  },
});
