import { defineRule } from "../../src/engine/rule-kit.js";
import { policyModel } from "../../src/iam/policy-model.js";

export default defineRule({
  id: "policy/unique-sid",
  meta: {
    type: "problem",
    docs: { description: "Require statement ids (Sid) that are unique within the policy and use only letters and digits", recommended: true },
    severity: "error",
    appliesTo: ["mrap-policy", "access-point-policy", "bucket-policy"],
    messages: {
      duplicate:
        'Sid "{{sid}}" is already used by Statement[{{first}}]; a Sid must be unique within a policy (Access Analyzer UNIQUE_SIDS_REQUIRED), so readers and tools can tell the statements apart. Rename this Sid or remove it.',
      invalidCharacter:
        'Sid "{{sid}}" contains {{character}}; the IAM policy grammar allows only ASCII letters (A-Z, a-z) and digits (0-9) in a Sid (Access Analyzer UNSUPPORTED_SID). Write it in CamelCase instead, for example "{{suggestion}}".',
      empty: 'The Sid is an empty string, which identifies nothing (Access Analyzer EMPTY_SID_VALUE). Give the statement a name of letters and digits, or remove "Sid".',
    },
  },
  check(context) {
    const seen = new Map<string, number>();
    for (const statement of policyModel(context.value).statements) {
      const sid = statement.sid;
      if (!sid) continue; // absent, or not a string (policy/valid-schema reports that)
      if (sid.value === "") {
        context.report({ messageId: "empty", pointer: sid.pointer, severity: "info" });
        continue;
      }
      const first = seen.get(sid.value);
      if (first === undefined) seen.set(sid.value, statement.index);
      else context.report({ messageId: "duplicate", pointer: sid.pointer, data: { sid: sid.value, first } });
      const bad = /[^A-Za-z0-9]/.exec(sid.value);
      if (bad) context.report({ messageId: "invalidCharacter", pointer: sid.pointer, data: { sid: sid.value, character: describe(bad[0]), suggestion: camelCase(sid.value) } });
    }
  },
});

function describe(character: string): string {
  if (character === " ") return "a space";
  if (/\s/.test(character)) return "whitespace";
  return `"${character}"`;
}

/** `read-orders bucket` → `ReadOrdersBucket`: the Sid with its separators removed and each word capitalised. */
function camelCase(sid: string): string {
  const words = sid.split(/[^A-Za-z0-9]+/).filter((w) => w !== "");
  const joined = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
  return joined === "" ? "Statement1" : joined;
}
