import { policySchema, validatePolicy } from "../../schemas/index.js";
import { defineRule } from "../../src/engine/rule-kit.js";
import { hasMiscasedKey, rawStatements } from "../../src/iam/statement-grammar.js";
import { isValidPolicy } from "../utils/policy-validity.js";
import { reportSchemaErrors } from "../utils/schema.js";

const PAIRS = [
  ["Action", "NotAction"],
  ["Resource", "NotResource"],
  ["Principal", "NotPrincipal"],
] as const;

export default defineRule({
  id: "policy/valid-schema",
  meta: {
    type: "problem",
    docs: { description: "Require policies to follow the IAM policy grammar, with case-sensitive element names", recommended: true },
    severity: "error",
    appliesTo: ["mrap-policy", "access-point-policy", "bucket-policy"],
    messages: {
      invalid: "Policy: {{message}}",
      bothElements: 'A statement may have "{{element}}" or "{{other}}", not both.',
      missingElement: 'The statement needs "{{element}}" or "{{other}}".',
    },
  },
  check(context) {
    if (!isValidPolicy(context.value)) reportSchemaErrors(context, validatePolicy, policySchema, "invalid");
    for (const { value: s, pointer } of rawStatements(context.value)) {
      for (const [element, other] of PAIRS) {
        const has = element in s;
        const hasOther = other in s;
        // A miscased element ("action") is reported by the schema as an unknown key with a did-you-mean.
        if (has && hasOther) context.report({ messageId: "bothElements", pointer: `${pointer}/${other}`, at: "key", data: { element, other } });
        else if (!has && !hasOther && element !== "Principal" && !hasMiscasedKey(s, element, other)) context.report({ messageId: "missingElement", pointer, data: { element, other } });
      }
    }
  },
});
