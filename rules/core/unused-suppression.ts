import { defineRule } from "../../src/engine/rule-kit.js";

export default defineRule({
  id: "core/unused-suppression",
  meta: {
    type: "suggestion",
    docs: { description: "Report configured suppressions that matched no finding", recommended: true },
    severity: "warning",
    appliesTo: ["manifest", "mrap-policy", "access-point-policy", "bucket-policy"],
    engine: true,
    messages: {
      unused: 'The suppression of "{{rule}}"{{where}} matched no finding; remove it so it cannot hide a future problem.',
    },
  },
});
