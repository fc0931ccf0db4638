import { defineRule } from "../../src/engine/rule-kit.js";

export default defineRule({
  id: "core/service-error",
  meta: {
    type: "problem",
    docs: { description: "Report an AWS call that failed, so a check is never skipped silently", recommended: true },
    severity: "error",
    appliesTo: ["manifest", "mrap-policy", "access-point-policy", "bucket-policy"],
    engine: true,
    required: true,
    messages: {
      serviceError: "{{service}} {{operation}} failed: {{error}}",
    },
  },
});
