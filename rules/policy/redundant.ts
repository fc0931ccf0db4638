import { defineRule } from "../../src/engine/define-rule.js";
import type { JsonValue } from "../../src/document/index.js";
import { globCovers } from "../utils/grammar-glob.js";
import { canonical, hasElementPairs, isValidPolicy, isWellFormedStatement, rawStatements } from "../utils/grammar-statements.js";
import type { JsonObject } from "../utils/json.js";
import { actionsOf, policyModel, resourcesOf, type Located, type StatementModel } from "../utils/policy-model.js";

type MessageId = "duplicateAction" | "redundantAction" | "duplicateResource" | "redundantResource" | "duplicateStatement" | "redundantStatement";

export default defineRule({
  id: "policy/redundant",
  meta: {
    type: "suggestion",
    docs: { description: "Disallow statements, actions and resources that another part of the policy already covers", recommended: true },
    severity: "info",
    appliesTo: ["mrap-policy", "access-point-policy", "bucket-policy"],
    messages: {
      duplicateAction: '"{{element}}" lists "{{value}}" twice (as "{{first}}" before; actions are not case-sensitive); remove the repeat.',
      redundantAction:
        '"{{element}}" entry "{{value}}" is already covered by "{{by}}" in the same statement (Access Analyzer REDUNDANT_ACTION); remove it, or replace "{{by}}" with the specific actions you meant.',
      duplicateResource: '"{{element}}" lists "{{value}}" twice; remove the repeat.',
      redundantResource:
        '"{{element}}" entry "{{value}}" is already covered by "{{by}}" in the same statement (Access Analyzer REDUNDANT_RESOURCE); remove it, or narrow "{{by}}" if it matches more than you meant.',
      duplicateStatement:
        "Statement[{{index}}] repeats Statement[{{first}}]: the same Effect, Principal, actions, resources and Condition (Access Analyzer REDUNDANT_STATEMENT). Remove one, so that a later edit to one copy cannot leave the other one granting what was meant to change.",
      redundantStatement:
        "Statement[{{index}}] is already covered by Statement[{{by}}]: it has the same Effect, Principal and Condition, and each of its actions and resources is included in that statement's (Access Analyzer REDUNDANT_STATEMENT). Remove it, or merge the two statements.",
    },
  },
  check(context) {
    const model = policyModel(context.value);
    const report = (messageId: MessageId, pointer: string, data: Record<string, string | number>) => context.report({ messageId, pointer, data });

    for (const statement of model.statements) {
      if (statement.action) checkList(statement.action, "Action", true, report);
      else if (statement.notAction) checkList(statement.notAction, "NotAction", true, report);
      if (statement.resource) checkList(statement.resource, "Resource", false, report);
      else if (statement.notResource) checkList(statement.notResource, "NotResource", false, report);
    }

    // Whole statements are compared only when both follow the grammar completely.
    if (model.statements.length < 2) return;
    const candidates = comparableStatements(model.statements, context.value);
    for (const b of candidates) {
      const duplicate = candidates.find((a) => a.index < b.index && a.exact === b.exact);
      if (duplicate) {
        report("duplicateStatement", b.pointer, { index: b.index, first: duplicate.index });
        continue;
      }
      // Mutual coverage means equivalent statements: only the later one is redundant.
      const by = candidates.find((a) => a !== b && a.exact !== b.exact && covers(a, b) && (a.index < b.index || !covers(b, a)));
      if (by) report("redundantStatement", b.pointer, { index: b.index, by: by.index });
    }
  },
});

/**
 * Repeats and wildcard-covered entries within one Action/NotAction or Resource/NotResource list. Actions compare
 * in lower case; only an entry with a wildcard (and no policy variable) can cover a different one.
 */
function checkList(items: Located<string>[], element: string, isAction: boolean, report: (messageId: MessageId, pointer: string, data: Record<string, string | number>) => void): void {
  if (items.length < 2) return;
  const keys = items.map((item) => (isAction ? item.value.toLowerCase() : item.value));
  const firstOf = firstIndexes(keys);
  const general: number[] = [];
  for (let i = 0; i < keys.length; i++) if (mayCoverOthers(keys[i]!)) general.push(i);
  items.forEach((item, i) => {
    const key = keys[i]!;
    const first = firstOf[i]!;
    if (first < i) {
      report(isAction ? "duplicateAction" : "duplicateResource", item.pointer, { element, value: item.value, first: items[first]!.value });
      return;
    }
    if (general.length === 0) return;
    const by = general.find((j) => j !== i && keys[j] !== key && globCovers(keys[j]!, key) && (j < i || !globCovers(key, keys[j]!)));
    if (by !== undefined) report(isAction ? "redundantAction" : "redundantResource", item.pointer, { element, value: item.value, by: items[by]!.value });
  });
}

/** Short lists are searched in place; longer ones through a map, so that a huge list stays linear. */
const SHORT_LIST = 16;

/** For each key, the index of its first occurrence. */
function firstIndexes(keys: readonly string[]): number[] {
  if (keys.length <= SHORT_LIST) return keys.map((key) => keys.indexOf(key));
  const firstOf = new Map<string, number>();
  return keys.map((key, i) => {
    const first = firstOf.get(key);
    if (first !== undefined) return first;
    firstOf.set(key, i);
    return i;
  });
}

/** `globCovers` says no for a different pattern without a wildcard, or with a policy variable. */
function mayCoverOthers(pattern: string): boolean {
  return (pattern.includes("*") || pattern.includes("?")) && !pattern.includes("${");
}

interface Candidate {
  index: number;
  pointer: string;
  /** Effect, principal and condition: statements compare only when these are the same. */
  scope: string;
  /** The whole statement without its Sid, for exact repeats. */
  exact: string;
  /** Actions in lower case (they are not case-sensitive). */
  actions: { not: boolean; items: string[] };
  resources: { not: boolean; items: string[] };
}

interface Scoped {
  statement: StatementModel;
  scope: string;
}

/**
 * The statements to compare, in order: well-formed ones that share their scope with another. A statement alone in
 * its scope can neither repeat nor cover another, and the scope starts with Effect and the kind of principal, so
 * the costlier parts are worked out only for statements that share those.
 */
function comparableStatements(statements: readonly StatementModel[], policy: JsonValue | undefined): Candidate[] {
  const raw = new Map(rawStatements(policy).map((s) => [s.index, s.value]));
  // In a policy that follows the grammar every statement does, but for the pairs of elements it leaves open.
  const validPolicy = isValidPolicy(policy);
  const scoped: Scoped[] = [];
  for (const statement of shared(statements, (s) => `${s.effect ?? ""}|${principalKind(raw.get(s.index))}`)) {
    const value = raw.get(statement.index);
    if (statement.effect && value && (validPolicy ? hasElementPairs(value) : isWellFormedStatement(value))) scoped.push({ statement, scope: scopeOf(value) });
  }
  return shared(scoped, (s) => s.scope).map(candidate);
}

/** The items whose key another item has too, in their order. */
function shared<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
  if (items.length < 2) return [];
  const keys = items.map(keyOf);
  const firstOf = firstIndexes(keys);
  // A key is shared when it occurs before its last occurrence: mark each first occurrence that repeats.
  const repeats = new Set<number>();
  for (let i = 0; i < keys.length; i++) if (firstOf[i] !== i) repeats.add(firstOf[i]!);
  return items.filter((_, i) => firstOf[i] !== i || repeats.has(i));
}

function principalKind(value: JsonObject | undefined): string {
  if (!value) return "";
  return "Principal" in value ? "P" : "NotPrincipal" in value ? "N" : "";
}

/** Effect, principal and condition as one text. */
function scopeOf(value: JsonObject): string {
  const principal = "Principal" in value ? `P${canonical(value["Principal"])}` : "NotPrincipal" in value ? `N${canonical(value["NotPrincipal"])}` : "";
  return `${canonical(value["Effect"])}|${principal}|${canonical(value["Condition"])}`;
}

function candidate({ statement, scope }: Scoped): Candidate {
  const actions = actionsOf(statement)!;
  const resources = resourcesOf(statement)!;
  const actionItems = actions.items.map((a) => a.value.toLowerCase());
  const resourceItems = resources.items.map((r) => r.value);
  return {
    index: statement.index,
    pointer: statement.pointer,
    scope,
    exact: `${scope}|${actions.not ? "NA" : "A"}${canonical(actionItems)}|${resources.not ? "NR" : "R"}${canonical(resourceItems)}`,
    actions: { not: actions.not, items: actionItems },
    resources: { not: resources.not, items: resourceItems },
  };
}

/** Statement `a` applies to every request that statement `b` applies to (so `b` adds nothing). */
function covers(a: Candidate, b: Candidate): boolean {
  return a.scope === b.scope && setCovers(a.actions, b.actions) && setCovers(a.resources, b.resources);
}

/**
 * Whether the items an element of `a` applies to include those of `b`'s. For two positive lists every item of
 * `b` must be covered by one of `a`; for two negated lists (NotAction) every exclusion of `a` must be covered by
 * one of `b`'s exclusions; a positive `*` covers anything. Other mixes are not judged.
 */
function setCovers(a: { not: boolean; items: string[] }, b: { not: boolean; items: string[] }): boolean {
  if (!a.not && a.items.includes("*")) return b.not || b.items.length > 0;
  if (a.not !== b.not || a.items.length === 0 || b.items.length === 0) return false;
  const [outer, inner] = a.not ? [b.items, a.items] : [a.items, b.items];
  return inner.every((item) => outer.some((general) => globCovers(general, item)));
}
