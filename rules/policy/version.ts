import { defineRule } from "../../src/engine/rule-kit.js";
import { readablePath } from "../../src/iam/statement-grammar.js";
import { isObject } from "../../src/iam/json-fields.js";
import { policyModel, type PolicyModel } from "../../src/iam/policy-model.js";

const CURRENT = "2012-10-17";
const OLD = "2008-10-17";
const VARIABLE = /\$\{[^}]*\}/;

export default defineRule({
  id: "policy/version",
  meta: {
    type: "suggestion",
    docs: { description: 'Require the current policy language version, "2012-10-17"', recommended: true },
    severity: "warning",
    appliesTo: ["mrap-policy", "access-point-policy", "bucket-policy"],
    messages: {
      missing:
        'The policy has no "Version"; AWS recommends always setting "Version": "2012-10-17", because without it features of the current policy language, such as policy variables, are not available. Add "Version": "2012-10-17" before "Statement".',
      missingWithVariables:
        'The policy has no "Version", so the policy variable "{{variable}}" at {{where}} is treated as literal text instead of being replaced with a value from the request; policy variables need "Version": "2012-10-17". Add "Version": "2012-10-17" before "Statement".',
      old: '"Version" is "2008-10-17", an earlier version of the policy language that does not support policy variables; AWS says not to use it for new or updated policies. Use "2012-10-17".',
      oldWithVariables:
        '"Version" is "2008-10-17", which does not support policy variables, so "{{variable}}" at {{where}} is treated as literal text instead of being replaced with a value from the request. Use "2012-10-17".',
      unknown:
        '"Version" is "{{version}}", which is not a version of the policy language; IAM supports only "2012-10-17" (current) and "2008-10-17". The Version is the date of the language, not of your policy: use "2012-10-17".',
    },
  },
  check(context) {
    const value = context.value;
    if (!isObject(value)) return;
    const model = policyModel(value);
    if (!("Version" in value)) {
      const variable = firstVariable(model);
      if (variable) context.report({ messageId: "missingWithVariables", data: variable });
      else context.report({ messageId: "missing" });
      return;
    }
    const version = model.version;
    if (!version || version.value === CURRENT) return; // a Version that is not a string is policy/valid-schema's
    if (version.value === OLD) {
      const variable = firstVariable(model);
      if (variable) context.report({ messageId: "oldWithVariables", pointer: version.pointer, data: variable });
      else context.report({ messageId: "old", pointer: version.pointer });
      return;
    }
    context.report({ messageId: "unknown", pointer: version.pointer, data: { version: version.value } });
  },
});

/** The first policy variable where IAM would replace one: in a Resource (or NotResource) or a condition value. */
function firstVariable(model: PolicyModel): { variable: string; where: string } | undefined {
  for (const statement of model.statements) {
    const places = [...(statement.resource ?? []), ...(statement.notResource ?? []), ...statement.conditions.flatMap((c) => c.values)];
    for (const place of places) {
      if (typeof place.value !== "string") continue;
      const match = VARIABLE.exec(place.value);
      if (match) return { variable: match[0], where: readablePath(place.pointer) };
    }
  }
  return undefined;
}
