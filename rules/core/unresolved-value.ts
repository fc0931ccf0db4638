import { defineRule } from "../../src/engine/rule-kit.js";

export default defineRule({
  id: "core/unresolved-value",
  meta: {
    type: "suggestion",
    docs: { description: "Report values of a template or plan that mrap-guard could not check because the source leaves them undetermined", recommended: true },
    severity: "info",
    appliesTo: ["manifest", "mrap-policy", "access-point-policy", "bucket-policy"],
    engine: true,
    messages: {
      unresolved: "This value is known only at deployment ({{reason}}), so mrap-guard could not check it here; lint with --live to check it against AWS, or write the value out in the template where it allows one.",
      detached: "Not checked: {{reason}}.",
    },
  },
});
