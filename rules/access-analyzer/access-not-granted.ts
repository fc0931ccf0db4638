import { defineNetworkRule } from "../../src/engine/rule-kit.js";
import { policyText, reportCheck } from "../utils/analyzer.js";

export default defineNetworkRule({
  id: "access-analyzer/access-not-granted",
  meta: {
    type: "problem",
    docs: { description: "Forbid policies that grant the configured sensitive actions or resources (CheckAccessNotGranted)", recommended: true },
    severity: "error",
    appliesTo: ["mrap-policy", "access-point-policy", "bucket-policy"],
    requiresNetwork: "accessAnalyzer",
    messages: {
      granted: "Access Analyzer CheckAccessNotGranted: {{reason}} may grant {{what}}, which the config (accessAnalyzer.sensitiveActions/sensitiveResources) says no policy may grant.",
      grantedPolicy: "Access Analyzer CheckAccessNotGranted: this policy may grant {{what}} ({{message}}), which the config (accessAnalyzer.sensitiveActions/sensitiveResources) says no policy may grant.",
      unknownResult: 'Access Analyzer CheckAccessNotGranted answered result "{{result}}", which this version of mrap-guard does not know: the policy neither passed nor failed the check. Review it, or update mrap-guard.',
    },
  },
  async checkAsync(context) {
    const actions = context.accessAnalyzer.sensitiveActions ?? [];
    const resources = context.accessAnalyzer.sensitiveResources ?? [];
    if (actions.length === 0 && resources.length === 0) return;
    // One access entry at most (the API's limit): actions and resources together mean "any of these actions on any of these resources".
    const access = [{ ...(actions.length ? { actions: [...actions] } : {}), ...(resources.length ? { resources: [...resources] } : {}) }];
    const result = await context.services.accessAnalyzer.checkAccessNotGranted({ policyDocument: policyText(context.value), access });
    const what = [actions.length ? actions.join(", ") : "", resources.length ? `access to ${resources.join(", ")}` : ""].filter(Boolean).join(" on ");
    reportCheck(context, result, { reason: "granted", policy: "grantedPolicy", unknown: "unknownResult" }, { what });
  },
});
