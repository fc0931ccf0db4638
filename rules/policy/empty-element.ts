import { defineRule, joinPointer } from "../../src/engine/rule-kit.js";
import { rawStatements } from "../../src/iam/statement-grammar.js";
import { isObject } from "../../src/iam/json-fields.js";
import { parseOperator } from "../../src/iam/policy-model.js";

const PRINCIPAL_KEYS = ["AWS", "Service", "Federated", "CanonicalUser"];

export default defineRule({
  id: "policy/empty-element",
  meta: {
    type: "suggestion",
    docs: { description: "Disallow empty lists and objects in Action, Resource, Principal and Condition", recommended: true },
    severity: "info",
    appliesTo: ["mrap-policy", "access-point-policy", "bucket-policy"],
    messages: {
      emptyAction: 'The "Action" list is empty, so this statement names no action and does not affect the policy (Access Analyzer EMPTY_ARRAY_ACTION). List the actions it is meant for, or remove the statement.',
      emptyResource:
        'The "Resource" list is empty, so this statement names no resource and does not affect the policy (Access Analyzer EMPTY_ARRAY_RESOURCE). List the resource ARNs it is meant for, or remove the statement.',
      emptyPrincipal:
        'The "Principal" names no principal, so this statement does not affect the policy (Access Analyzer EMPTY_OBJECT_PRINCIPAL / EMPTY_ARRAY_PRINCIPAL). Name the principals it is meant for, or remove the statement.',
      emptyPrincipalList: 'The "{{type}}" list in "Principal" is empty and names no principal; remove "{{type}}" or list the principals you meant.',
      emptyCondition: 'The "Condition" object is empty and does not affect the statement (Access Analyzer EMPTY_OBJECT_CONDITION); remove it, or add the conditions you meant.',
      emptyOperator: 'The condition operator "{{operator}}" has no condition keys and tests nothing; remove it, or add the condition keys you meant.',
      emptyValues:
        'The condition key "{{key}}" under "{{operator}}" has an empty list of values, so the condition does not say what it should match (Access Analyzer EMPTY_ARRAY_CONDITION). List the values, or remove the key.',
      emptyValuesForAllValues:
        'The condition key "{{key}}" under "{{operator}}" has an empty list of values; with ForAllValues the condition matches only when the key is missing from the request (Access Analyzer EMPTY_ARRAY_CONDITION_FORALLVALUES). To test that, write {"Null": {"{{key}}": "true"}} instead.',
      emptyValuesForAnyValue:
        'The condition key "{{key}}" under "{{operator}}" has an empty list of values; with ForAnyValue the condition never matches, so the statement has no effect (Access Analyzer EMPTY_ARRAY_CONDITION_FORANYVALUE). List the values, or remove the key.',
      emptyValuesIfExists:
        'The condition key "{{key}}" under "{{operator}}" has an empty list of values; with IfExists the condition matches only when the key is missing from the request (Access Analyzer EMPTY_ARRAY_CONDITION_IFEXISTS). To test that, write {"Null": {"{{key}}": "true"}} instead.',
    },
  },
  check(context) {
    for (const { value: s, pointer } of rawStatements(context.value)) {
      if (isEmptyList(s["Action"])) context.report({ messageId: "emptyAction", pointer: `${pointer}/Action` });
      if (isEmptyList(s["Resource"])) context.report({ messageId: "emptyResource", pointer: `${pointer}/Resource` });

      const principal = s["Principal"];
      if (isObject(principal)) {
        const keys = Object.keys(principal);
        const known = keys.filter((k) => PRINCIPAL_KEYS.includes(k));
        // Unknown keys are policy/valid-schema's; judge only a principal made of known keys.
        if (known.length === keys.length) {
          const empty = known.filter((k) => isEmptyList(principal[k]));
          if (empty.length === keys.length) context.report({ messageId: "emptyPrincipal", pointer: `${pointer}/Principal` });
          else for (const type of empty) context.report({ messageId: "emptyPrincipalList", pointer: joinPointer(`${pointer}/Principal`, type), data: { type } });
        }
      }

      const condition = s["Condition"];
      if (!isObject(condition)) continue;
      const conditionPointer = `${pointer}/Condition`;
      if (Object.keys(condition).length === 0) {
        context.report({ messageId: "emptyCondition", pointer: conditionPointer });
        continue;
      }
      for (const operator of Object.keys(condition)) {
        const block = condition[operator];
        if (!isObject(block)) continue; // policy/valid-schema
        const operatorPointer = joinPointer(conditionPointer, operator);
        const keys = Object.keys(block);
        if (keys.length === 0) {
          context.report({ messageId: "emptyOperator", pointer: operatorPointer, data: { operator } });
          continue;
        }
        for (const key of keys) {
          if (!isEmptyList(block[key])) continue;
          const parsed = parseOperator(operator);
          const messageId = parsed.set === "ForAllValues" ? "emptyValuesForAllValues" : parsed.set === "ForAnyValue" ? "emptyValuesForAnyValue" : parsed.ifExists ? "emptyValuesIfExists" : "emptyValues";
          context.report({ messageId, pointer: joinPointer(operatorPointer, key), data: { key, operator } });
        }
      }
    }
  },
});

function isEmptyList(value: unknown): boolean {
  return Array.isArray(value) && value.length === 0;
}
