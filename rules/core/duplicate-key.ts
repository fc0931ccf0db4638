import { defineRule } from "../../src/engine/rule-kit.js";

export default defineRule({
  id: "core/duplicate-key",
  meta: {
    type: "problem",
    docs: { description: "Disallow an object key that appears twice", recommended: true },
    severity: "error",
    appliesTo: ["manifest", "mrap-policy", "access-point-policy", "bucket-policy"],
    engine: true,
    messages: {
      duplicateKey:
        'Duplicate key "{{key}}" (first on line {{firstLine}}): parsers disagree on which value wins, so a reviewer may read a different document than AWS evaluates.',
    },
  },
});
