import { defineRule } from "../../src/engine/rule-kit.js";

export default defineRule({
  id: "core/numeric-account-id",
  meta: {
    type: "problem",
    docs: { description: "Disallow unquoted account ids that YAML reads as numbers", recommended: true },
    severity: "error",
    appliesTo: ["manifest", "mrap-policy", "access-point-policy", "bucket-policy"],
    engine: true,
    messages: {
      numericAccountId: 'YAML reads the unquoted account id {{text}} as the number {{number}}, not as text (an account id is 12 characters, leading zeros included); quote it: "{{text}}".',
    },
  },
});
