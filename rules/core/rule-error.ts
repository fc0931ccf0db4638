import { defineRule } from "../../src/engine/rule-kit.js";

export default defineRule({
  id: "core/rule-error",
  meta: {
    type: "problem",
    docs: { description: "Report a rule that failed while checking a document", recommended: true },
    severity: "error",
    appliesTo: ["manifest", "mrap-policy", "access-point-policy", "bucket-policy"],
    engine: true,
    required: true,
    messages: {
      ruleError: 'Rule "{{rule}}" failed on this document, so its checks did not run: {{error}}',
    },
  },
});
