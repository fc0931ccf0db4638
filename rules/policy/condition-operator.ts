import { defineRule, editDistance, suggester } from "../../src/engine/rule-kit.js";
import { lookupConditionKey } from "../../src/iam/condition-keys.js";
import { operatorNames, SET_QUALIFIERS } from "../../src/iam/condition-operators.js";
import { policyModel } from "../../src/iam/policy-model.js";

const closestQualifier = (qualifier: string) =>
  [...SET_QUALIFIERS].sort((a, b) => editDistance(qualifier.toLowerCase(), a.toLowerCase()) - editDistance(qualifier.toLowerCase(), b.toLowerCase()))[0]!;

let lowerNames: Map<string, string> | undefined;
const operatorByLowerName = () => (lowerNames ??= new Map(operatorNames().map((name) => [name.toLowerCase(), name])));

export default defineRule({
  id: "policy/condition-operator",
  meta: {
    type: "problem",
    docs: { description: "Require condition operators that IAM knows, with set qualifiers only on multivalued keys", recommended: true },
    severity: "error",
    appliesTo: ["mrap-policy", "access-point-policy", "bucket-policy"],
    messages: {
      unknownOperator:
        'Condition operator "{{operator}}" is not an IAM condition operator, so AWS rejects the policy; use a String, Numeric, Date, Bool, BinaryEquals, IpAddress, Arn or Null operator, optionally ending in IfExists.',
      unknownOperatorDidYouMean: 'Condition operator "{{operator}}" is not an IAM condition operator, so AWS rejects the policy; did you mean "{{suggestion}}"?',
      wrongCase: 'Condition operator "{{operator}}" is miscased; IAM operator names are case-sensitive, so AWS rejects it: write "{{suggestion}}".',
      unknownQualifier: 'Set operator "{{qualifier}}" in "{{operator}}" is not one IAM knows; the qualifiers are "ForAllValues:" and "ForAnyValue:". Did you mean "{{suggestion}}:"?',
      nullWithIfExists:
        'Operator "{{operator}}" adds IfExists to Null, which IAM does not allow: Null already tests whether the key exists. Use "Null" with "true" (key absent) or "false" (key present).',
      nullWithQualifier: 'Operator "{{operator}}" puts a set qualifier on Null, which only tests whether the key exists; use plain "Null".',
      forAllValuesWithSingleValuedKey:
        'ForAllValues with the single-valued key "{{key}}" is also true when the request has no "{{key}}" at all, so this condition can allow more than intended; use "{{suggestion}}" without the qualifier.',
      setOperatorWithSingleValuedKey: 'Key "{{key}}" is single-valued, and AWS advises against set operators on single-valued keys; use "{{suggestion}}" without "ForAnyValue:".',
    },
  },
  check(context) {
    const didYouMean = suggester();
    const seen = new Set<string>();
    for (const statement of policyModel(context.value).statements) {
      for (const condition of statement.conditions) {
        const { operator } = condition;
        const pointer = condition.operatorPointer;
        const data = { operator: operator.text };
        if (!seen.has(pointer)) {
          seen.add(pointer);
          if (operator.qualifier !== undefined && !(SET_QUALIFIERS as readonly string[]).includes(operator.qualifier)) {
            context.report({ messageId: "unknownQualifier", pointer, at: "key", data: { ...data, qualifier: operator.qualifier, suggestion: closestQualifier(operator.qualifier) } });
          }
          if (operator.family === undefined) {
            // A miscased operator is found by name, so it is reported as one after the suggestions run out too.
            const suggestion = operatorByLowerName().get(operator.name.toLowerCase()) ?? didYouMean(operator.name, operatorNames());
            if (suggestion !== undefined && suggestion.toLowerCase() === operator.name.toLowerCase()) {
              context.report({ messageId: "wrongCase", pointer, at: "key", data: { ...data, suggestion: operator.text.slice(0, operator.text.length - operator.name.length) + suggestion } });
            } else if (suggestion !== undefined) {
              context.report({ messageId: "unknownOperatorDidYouMean", pointer, at: "key", data: { ...data, suggestion } });
            } else {
              context.report({ messageId: "unknownOperator", pointer, at: "key", data });
            }
          } else if (operator.family === "Null" && operator.ifExists) {
            context.report({ messageId: "nullWithIfExists", pointer, at: "key", data });
          } else if (operator.family === "Null" && operator.qualifier !== undefined) {
            context.report({ messageId: "nullWithQualifier", pointer, at: "key", data, severity: "info" });
          }
        }
        if (operator.family === undefined || operator.family === "Null" || operator.qualifier === undefined) continue;
        const known = lookupConditionKey(condition.key.value);
        if (!known || known.multivalued) continue;
        const keyData = { key: condition.key.value, suggestion: operator.name };
        if (operator.qualifier === "ForAllValues") {
          context.report({ messageId: "forAllValuesWithSingleValuedKey", pointer: condition.key.pointer, at: "key", data: keyData, severity: "warning" });
        } else if (operator.qualifier === "ForAnyValue") {
          context.report({ messageId: "setOperatorWithSingleValuedKey", pointer: condition.key.pointer, at: "key", data: keyData, severity: "info" });
        }
      }
    }
  },
});
