import { defineRule } from "../../src/engine/rule-kit.js";
import { lookupConditionKey } from "../../src/iam/condition-keys.js";
import { allowsPolicyVariables, FAMILY_EXAMPLE, familiesForType, LIKE_OPERATOR, type OperatorFamily } from "../../src/iam/condition-operators.js";
import { hasValueWildcard, hasVariable, isArnValue, isBase64Value, isBoolValue, isDateValue, isNumericValue, parseIpRange } from "../../src/iam/condition-values.js";
import { policyModel } from "../../src/iam/policy-model.js";

type MessageId =
  | "invalidIp"
  | "invalidNumber"
  | "invalidDate"
  | "invalidBool"
  | "invalidArn"
  | "invalidBinary"
  | "wildcardWithoutLike"
  | "wildcardWithoutLikeArn"
  | "policyVariableNotAllowed"
  | "typeMismatch";

const VALIDATORS: Partial<Record<OperatorFamily, [(value: string | number | boolean) => boolean, MessageId]>> = {
  Numeric: [isNumericValue, "invalidNumber"],
  Date: [isDateValue, "invalidDate"],
  Bool: [isBoolValue, "invalidBool"],
  Null: [isBoolValue, "invalidBool"],
  IpAddress: [(v) => typeof v === "string" && parseIpRange(v) !== undefined, "invalidIp"],
  Arn: [isArnValue, "invalidArn"],
  Binary: [isBase64Value, "invalidBinary"],
};

export default defineRule({
  id: "policy/condition-value",
  meta: {
    type: "problem",
    docs: { description: "Require condition values that fit their operator and key", recommended: true },
    severity: "error",
    appliesTo: ["mrap-policy", "access-point-policy", "bucket-policy"],
    messages: {
      invalidIp:
        'Value "{{value}}" under "{{operator}}" is not an IPv4 or IPv6 address or CIDR range (such as "203.0.113.0/24" or "2001:DB8:1234:5678::/64"), so it matches no request; write an address or range.',
      invalidNumber: 'Value "{{value}}" under "{{operator}}" is not a number, so the comparison never matches; write an integer or decimal such as "10".',
      invalidDate:
        'Value "{{value}}" under "{{operator}}" is not a date: write an ISO 8601 date or date-time with a time zone (such as "2026-01-31" or "2026-01-31T12:00:00Z") or epoch seconds.',
      invalidBool: 'Value "{{value}}" under "{{operator}}" is not a Boolean; "{{operator}}" takes "true" or "false".',
      invalidArn:
        'Value "{{value}}" under "{{operator}}" is not an ARN ("arn:partition:service:region:account:resource", each part possibly a wildcard), so it matches nothing; write the full ARN or use a String operator.',
      invalidBinary: 'Value "{{value}}" under "{{operator}}" is not base64, and BinaryEquals compares the key with the base64-decoded value; encode the value in base64.',
      wildcardWithoutLike:
        'Value "{{value}}" has a wildcard, but "{{operator}}" compares it literally, so "*" and "?" match only themselves; use "{{suggestion}}" to match a pattern (or "${*}" / "${?}" for a literal character).',
      wildcardWithoutLikeArn:
        'Value "{{value}}" has a wildcard under "{{operator}}"; AWS documents the ARN operators as matching wildcards either way, but IAM Access Analyzer flags a wildcard without a Like operator, so write "{{suggestion}}" to make the pattern explicit.',
      policyVariableNotAllowed:
        'Value "{{value}}" has a policy variable, but "{{operator}}" does not resolve policy variables (only String and ARN operators do), so the value is compared as written; use a fixed value.',
      typeMismatch:
        'Key "{{key}}" holds {{type}} values, but "{{operator}}" compares {{family}} values, so the condition does not test what it seems to; use an operator such as "{{expected}}".',
    },
  },
  check(context) {
    for (const statement of policyModel(context.value).statements) {
      for (const condition of statement.conditions) {
        const { operator } = condition;
        const family = operator.family;
        if (family === undefined) continue;
        const known = lookupConditionKey(condition.key.value);
        if (known && family !== "Null" && family !== "Binary") {
          const allowed = [...familiesForType(known.type), ...known.alsoWorksWith];
          if (!allowed.includes(family)) {
            context.report({
              messageId: "typeMismatch",
              pointer: condition.key.pointer,
              at: "key",
              data: { key: condition.key.value, type: known.type, operator: operator.text, family, expected: FAMILY_EXAMPLE[allowed[0]!] },
              severity: "warning",
            });
          }
        }
        for (const { value, pointer } of condition.values) {
          const data = { value: String(value), operator: operator.text };
          if (typeof value === "string" && hasVariable(value)) {
            if (!allowsPolicyVariables(family)) context.report({ messageId: "policyVariableNotAllowed", pointer, data });
            continue;
          }
          const validator = VALIDATORS[family];
          if (validator && !validator[0](value)) {
            context.report({ messageId: validator[1], pointer, data });
            continue;
          }
          const like = LIKE_OPERATOR[operator.base];
          if (like === undefined || typeof value !== "string" || !hasValueWildcard(value)) continue;
          const suggestion = operator.text.replace(operator.base, like);
          if (family === "Arn") context.report({ messageId: "wildcardWithoutLikeArn", pointer, data: { ...data, suggestion }, severity: "warning" });
          else context.report({ messageId: "wildcardWithoutLike", pointer, data: { ...data, suggestion } });
        }
      }
    }
  },
});
