import { defineNetworkRule } from "../../src/engine/rule-kit.js";
import { VALIDATE_RESOURCE_TYPE, findingSeverity, followPath, policyText } from "../utils/analyzer.js";

export default defineNetworkRule({
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
    const findings = await context.services.accessAnalyzer.validatePolicy({ policyDocument: policyText(context.value), resourceType: VALIDATE_RESOURCE_TYPE[kind] });
    const ignored = new Set(context.accessAnalyzer.ignoredIssueCodes ?? []);
    for (const finding of findings) {
      if (ignored.has(finding.issueCode)) continue;
      // The first location is the finding's place; AWS gives more for some issue codes (the action and the
      // principal of MISMATCHED_ACTION_FOR_PRINCIPAL), which become related locations.
      const [first, ...others] = finding.locations.map((location) => followPath(context.value, location.path));
      const related = others.map((location, i) => ({ ...location, message: `${finding.issueCode}: location ${i + 2} of ${finding.locations.length}` }));
      context.report({
        messageId: "finding",
        pointer: first?.pointer ?? "",
        ...(first?.at ? { at: first.at } : {}),
        ...(related.length ? { related } : {}),
        distinct: [finding.issueCode, ...others.map((location) => location.pointer)].join(" "),
        severity: findingSeverity(finding.findingType, context.accessAnalyzer),
        data: { findingType: finding.findingType, issueCode: finding.issueCode, details: finding.findingDetails },
        ...(finding.learnMoreLink ? { helpUri: finding.learnMoreLink } : {}),
      });
    }
  },
});
