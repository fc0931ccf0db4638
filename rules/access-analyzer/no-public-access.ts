import { defineNetworkRule, type NoPublicAccessResourceType } from "../../src/engine/rule-kit.js";
import { policyText, reportCheck } from "../utils/analyzer.js";

// CheckNoPublicAccess does not accept AWS::S3::MultiRegionAccessPoint (its resourceType list), so MRAP policies are
// left to policy/public-access's local analysis rather than checked as a Regional access point.
const RESOURCE_TYPE: Readonly<Record<string, NoPublicAccessResourceType>> = {
  "bucket-policy": "AWS::S3::Bucket",
  "access-point-policy": "AWS::S3::AccessPoint",
};

export default defineNetworkRule({
  id: "access-analyzer/no-public-access",
  meta: {
    type: "problem",
    docs: { description: "Forbid bucket and access point policies that Access Analyzer finds public (CheckNoPublicAccess)", recommended: true },
    severity: "error",
    appliesTo: ["access-point-policy", "bucket-policy"],
    requiresNetwork: "accessAnalyzer",
    messages: {
      public: "Access Analyzer CheckNoPublicAccess: {{reason}} may allow public access to this {{resource}}.",
      publicPolicy: "Access Analyzer CheckNoPublicAccess: this policy may allow public access to this {{resource}} ({{message}}).",
      unknownResult: 'Access Analyzer CheckNoPublicAccess answered result "{{result}}", which this version of mrap-guard does not know: the policy neither passed nor failed the check. Review it, or update mrap-guard.',
    },
  },
  async checkAsync(context) {
    const resourceType = RESOURCE_TYPE[context.kind];
    if (!resourceType) return;
    const result = await context.services.accessAnalyzer.checkNoPublicAccess({ policyDocument: policyText(context.value), resourceType });
    const resource = context.kind === "bucket-policy" ? "bucket" : "access point";
    reportCheck(context, result, { reason: "public", policy: "publicPolicy", unknown: "unknownResult" }, { resource });
  },
});
