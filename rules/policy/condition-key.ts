import { defineRule, suggester, type Suggest } from "../../src/engine/rule-kit.js";
import { keyService, lookupConditionKey } from "../../src/iam/condition-keys.js";
import { serviceConditionKeys, serviceExists, serviceNames } from "../../src/iam/service-reference.js";
import { GLOBAL_CONDITION_KEYS } from "../../src/iam/global-condition-keys.js";
import { policyModel, type StatementModel } from "../../src/iam/policy-model.js";
import { hasWildcard } from "../../src/iam/wildcard.js";

/** The services a statement's Action names, lowercase; undefined when it may reach any service (`*`, NotAction). */
function statementServices(statement: StatementModel): Set<string> | undefined {
  if (!statement.action) return undefined;
  const out = new Set<string>();
  for (const { value } of statement.action) {
    const colon = value.indexOf(":");
    const service = colon > 0 ? value.slice(0, colon) : value;
    if (hasWildcard(service)) return undefined;
    out.add(service.toLowerCase());
  }
  return out;
}

let globalKeyList: string[] | undefined;
/** The global keys a suggestion may name (not legacy ones, not templates). */
const globalKeys = () => (globalKeyList ??= GLOBAL_CONDITION_KEYS.filter((k) => !k.legacy && !k.key.includes("${")).map((k) => k.key));

/** A known key to suggest for an unknown one: a close global key, a close key of its service, or the key with a corrected prefix. */
function suggestionFor(key: string, didYouMean: Suggest): string | undefined {
  const service = keyService(key);
  if (service === undefined) {
    const prefixed = lookupConditionKey(`aws:${key}`);
    return prefixed ? prefixed.key : didYouMean(key, globalKeys);
  }
  const rest = key.slice(service.length + 1);
  if (service !== "aws" && !serviceExists(service)) {
    const corrected = didYouMean(service, () => ["aws", ...serviceNames()]);
    const known = corrected === undefined ? undefined : lookupConditionKey(`${corrected}:${rest}`);
    return known?.key;
  }
  return didYouMean(key, service === "aws" ? globalKeys : () => serviceConditionKeys(service).filter((k) => !/\$\{|</.test(k)));
}

/** A templated key written without its tag key (`aws:PrincipalTag`, `s3:RequestObjectTag/`): its template. */
function missingTagKey(key: string): string | undefined {
  const known = lookupConditionKey(`${key.replace(/\/$/, "")}/TAG`);
  return known && /\/TAG$/.test(known.key) ? known.key.replace(/TAG$/, "") : undefined;
}

export default defineRule({
  id: "policy/condition-key",
  meta: {
    type: "problem",
    docs: { description: "Require condition keys that are AWS global keys or keys of the services a statement uses", recommended: true },
    severity: "error",
    appliesTo: ["mrap-policy", "access-point-policy", "bucket-policy"],
    messages: {
      unknownKey:
        'Condition key "{{key}}" is neither an AWS global condition key nor a key of the "{{service}}" service; a key that no request carries makes the condition false (or true for a negated operator). Check the key in the Service Authorization Reference.',
      unknownGlobalKey:
        'Condition key "{{key}}" is not an AWS global condition key; a key that no request carries makes the condition false (or true for a negated operator). Check the key in "AWS global condition context keys".',
      unknownKeyDidYouMean:
        'Condition key "{{key}}" is neither an AWS global condition key nor a known service key; a key that no request carries makes the condition false (or true for a negated operator). Did you mean "{{suggestion}}"?',
      unknownKeyService:
        'Condition key "{{key}}" has the prefix "{{service}}", which is neither "aws" nor an AWS service prefix, so no request carries it; use "aws:" for global keys or the prefix of the service whose key you mean.',
      missingPrefix: 'Condition key "{{key}}" has no prefix; condition keys are written "aws:Key" (global) or "service:Key", such as "aws:SourceIp" or "s3:prefix".',
      missingTagKey: 'Condition key "{{key}}" needs a tag key after the slash, as in "{{template}}Environment"; without one it matches no tag.',
      miscasedKey:
        'Condition key "{{key}}" works, because IAM compares key names without regard to case, but AWS spells it "{{canonical}}"; write it that way so readers and case-sensitive tools agree.',
      keyNotForStatementServices:
        'Condition key "{{key}}" belongs to the "{{service}}" service, but this statement only has actions of {{services}}; requests for those actions never carry the key, so the condition is false (or always true for a negated or IfExists operator).',
    },
  },
  check(context) {
    const didYouMean = suggester();
    for (const statement of policyModel(context.value).statements) {
      const services = statementServices(statement);
      for (const { key: located } of statement.conditions) {
        const key = located.value;
        const report = (messageId: Parameters<typeof context.report>[0]["messageId"], data: Record<string, string>, severity?: "warning" | "info") =>
          context.report({ messageId, pointer: located.pointer, at: "key", data: { key, ...data }, ...(severity ? { severity } : {}) });
        const known = lookupConditionKey(key);
        if (known) {
          if (known.key !== key) report("miscasedKey", { canonical: known.key }, "info");
          const service = keyService(known.key)!;
          if (!known.global && services && !services.has(service)) {
            report("keyNotForStatementServices", { service, services: [...services].map((s) => `"${s}"`).join(", ") }, "warning");
          }
          continue;
        }
        const template = missingTagKey(key);
        if (template !== undefined) {
          report("missingTagKey", { template });
          continue;
        }
        const suggestion = suggestionFor(key, didYouMean);
        const service = keyService(key);
        if (suggestion !== undefined) report("unknownKeyDidYouMean", { suggestion });
        else if (service === undefined) report("missingPrefix", {});
        else if (service !== "aws" && !serviceExists(service)) report("unknownKeyService", { service });
        else if (service === "aws") report("unknownGlobalKey", {});
        else report("unknownKey", { service });
      }
    }
  },
});
