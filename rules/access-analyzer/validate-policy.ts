import { defineRule } from "../../src/engine/define-rule.js";
import { VALIDATE_RESOURCE_TYPE, findingSeverity, pathToPointer, policyText } from "../utils/analyzer.js";

export default defineRule({
  id: "access-analyzer/validate-policy",
  meta: {
    type: "problem",
    docs: { description: "Report every finding of IAM Access Analyzer's ValidatePolicy on the line it concerns", recommended: true },
    severity: "error",
    appliesTo: ["mrap-policy", "access-point-policy", "bucket-policy"],
    requiresNetwork: "accessAnalyzer",
    messages: {
      finding: "Access Analyzer {{findingType}} {{issueCode}}: {{details}}",
    },
  },
  async checkAsync(context) {
    const kind = context.kind;
    if (kind === "manifest") return;
    const findings = await context.services.accessAnalyzer!.validatePolicy({ policyDocument: policyText(context.value), resourceType: VALIDATE_RESOURCE_TYPE[kind] });
    const ignored = new Set(context.accessAnalyzer.ignoredIssueCodes ?? []);
    for (const finding of findings) {
      if (ignored.has(finding.issueCode)) continue;
      const path = finding.locations[0]?.path ?? [];
      context.report({
        messageId: "finding",
        pointer: pathToPointer(context.value, path),
        severity: findingSeverity(finding.findingType, context.accessAnalyzer),
        data: { findingType: finding.findingType, issueCode: finding.issueCode, details: finding.findingDetails },
        ...(finding.learnMoreLink ? { helpUri: finding.learnMoreLink } : {}),
      });
    }
  },
});
