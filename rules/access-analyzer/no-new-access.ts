import { defineNetworkRule, type NetworkRuleContext } from "../../src/engine/rule-kit.js";
import { policyText, reportCheck } from "../utils/analyzer.js";

export default defineNetworkRule({
  id: "access-analyzer/no-new-access",
  meta: {
    type: "problem",
    docs: { description: "Require that a policy grants no access its reference policy does not (CheckNoNewAccess)", recommended: true },
    severity: "error",
    appliesTo: ["mrap-policy", "access-point-policy", "bucket-policy"],
    requiresNetwork: "accessAnalyzer",
    messages: {
      newAccess: "Access Analyzer CheckNoNewAccess: {{reason}}, access that {{reference}} does not grant. Review it, and apply it with --allow-new-access if it is intended.",
      newAccessPolicy: "Access Analyzer CheckNoNewAccess: this policy may grant access that {{reference}} does not ({{message}}). Review it, and apply it with --allow-new-access if it is intended.",
      unknownResult: 'Access Analyzer CheckNoNewAccess answered result "{{result}}", which this version of mrap-guard does not know: the policy neither passed nor failed the check. Review it, or update mrap-guard.',
    },
  },
  async checkAsync(context) {
    const reference = referenceFor(context);
    if (!reference) return;
    const result = await context.services.accessAnalyzer.checkNoNewAccess({ newPolicyDocument: policyText(context.value), existingPolicyDocument: reference.text });
    reportCheck(context, result, { reason: "newAccess", policy: "newAccessPolicy", unknown: "unknownResult" }, { reference: reference.name });
  },
});

/** The live Established MRAP policy (with --live), else a reference file of the same kind (--reference-policy). */
function referenceFor(context: NetworkRuleContext<string, unknown>): { text: string; name: string } | undefined {
  const established = context.kind === "mrap-policy" ? context.manifest?.live?.mrapPolicy?.established : undefined;
  if (established) return { text: established, name: "the live Established policy" };
  const file = context.referencePolicy;
  if (file && file.kind === context.kind) return { text: file.text, name: `the reference policy ${file.file}` };
  return undefined;
}
