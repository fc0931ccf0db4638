import { defineRule } from "../../src/engine/rule-kit.js";

export default defineRule({
  id: "core/unknown-kind",
  meta: {
    type: "problem",
    docs: { description: "Report documents whose kind cannot be determined", recommended: true },
    severity: "error",
    appliesTo: ["manifest", "mrap-policy", "access-point-policy", "bucket-policy"],
    engine: true,
    required: true,
    messages: {
      unknownKind:
        'Cannot tell what kind of document this is: {{reason}}. Name a manifest "*.mrap.yaml", pass --kind, or map the file in the config "files" setting.',
    },
  },
});
