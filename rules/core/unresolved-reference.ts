import { defineRule } from "../../src/engine/rule-kit.js";

export default defineRule({
  id: "core/unresolved-reference",
  meta: {
    type: "problem",
    docs: { description: "Report policy files a manifest points at that cannot be read", recommended: true },
    severity: "error",
    appliesTo: ["manifest"],
    engine: true,
    required: true,
    messages: {
      missing: 'Policy file "{{path}}" cannot be read: {{reason}}.',
      refused: 'Policy path "{{path}}" is refused: {{reason}}.',
    },
  },
});
