import { defineRule, type JsonValue } from "../../src/engine/rule-kit.js";
import { globCovers, literalHead, WorkBudget } from "../../src/iam/pattern-cover.js";
import { canonical, hasElementPairs, rawStatements } from "../../src/iam/statement-grammar.js";
import { isValidPolicy, isWellFormedStatement } from "../utils/policy-validity.js";
import type { JsonObject } from "../../src/iam/json-fields.js";
import { actionsOf, policyModel, resourcesOf, type Located, type StatementModel } from "../../src/iam/policy-model.js";

type MessageId = "duplicateAction" | "redundantAction" | "duplicateResource" | "redundantResource" | "duplicateStatement" | "redundantStatement" | "notCompared";

/**
 * Comparisons walk pattern characters; a policy may spend this many (about a quarter of a second of CPU) on them. A policy
 * within S3's 20 KB stays far below it; a hostile one gets a finding that says what was left unchecked.
 */
const WORK_UNITS = 20_000_000;

type Report = (messageId: MessageId, pointer: string, data: Record<string, string | number>) => void;

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
      notCompared:
        "This policy ({{statements}} statements) has too many similar statements and patterns to compare them all in reasonable time, so the check for redundant statements, actions and resources stopped early and what comes after is not checked. Split the policy, or merge statements that share Effect, Principal and Condition.",
    },
  },
  check(context) {
    const model = policyModel(context.value);
    const report: Report = (messageId, pointer, data) => context.report({ messageId, pointer, data });
    const budget = new WorkBudget(WORK_UNITS);

    for (const statement of model.statements) {
      if (statement.action) checkList(statement.action, "Action", true, report, budget);
      else if (statement.notAction) checkList(statement.notAction, "NotAction", true, report, budget);
      if (statement.resource) checkList(statement.resource, "Resource", false, report, budget);
      else if (statement.notResource) checkList(statement.notResource, "NotResource", false, report, budget);
      if (budget.exhausted) break;
    }

    // Whole statements are compared only when both follow the grammar completely.
    if (!budget.exhausted && model.statements.length > 1) compareStatements(model.statements, context.value, report, budget);
    if (budget.exhausted) context.report({ messageId: "notCompared", pointer: "", data: { statements: model.statements.length } });
  },
});

function compareStatements(statements: readonly StatementModel[], policy: JsonValue | undefined, report: Report, budget: WorkBudget): void {
  const candidates = comparableStatements(statements, policy);
  const firstExact = new Map<string, Candidate>();
  const scopes = new Map<string, ScopeIndex>();
  for (const candidate of candidates) {
    if (!firstExact.has(candidate.exact)) firstExact.set(candidate.exact, candidate);
    let index = scopes.get(candidate.scope);
    if (!index) scopes.set(candidate.scope, (index = new ScopeIndex()));
    index.add(candidate);
  }
  for (const b of candidates) {
    const duplicate = firstExact.get(b.exact)!;
    if (duplicate !== b) {
      report("duplicateStatement", b.pointer, { index: b.index, first: duplicate.index });
      continue;
    }
    // Mutual coverage means equivalent statements: only the later one is redundant.
    const by = scopes
      .get(b.scope)!
      .mayCover(b, budget)
      .find((a) => a !== b && a.exact !== b.exact && covers(a, b, budget) && (a.index < b.index || !covers(b, a, budget)));
    if (by) report("redundantStatement", b.pointer, { index: b.index, by: by.index });
    if (budget.exhausted) break;
  }
}

/**
 * Repeats and wildcard-covered entries within one Action/NotAction or Resource/NotResource list. Actions compare
 * in lower case; only an entry with a wildcard (and no policy variable) can cover a different one.
 */
function checkList(
  items: Located<string>[],
  element: string,
  isAction: boolean,
  report: Report,
  budget: WorkBudget,
): void {
  if (items.length < 2) return;
  const keys = items.map((item) => (isAction ? item.value.toLowerCase() : item.value));
  const firstOf = firstIndexes(keys);
  const general: number[] = [];
  for (let i = 0; i < keys.length; i++) if (mayCoverOthers(keys[i]!)) general.push(i);
  const index = new PatternIndex();
  for (const j of general) index.add(keys[j]!, j);
  items.forEach((item, i) => {
    if (budget.exhausted) return;
    const key = keys[i]!;
    const first = firstOf[i]!;
    if (first < i) {
      report(isAction ? "duplicateAction" : "duplicateResource", item.pointer, { element, value: item.value, first: items[first]!.value });
      return;
    }
    if (general.length === 0) return;
    const by = index.mayCover(key, budget).find((j) => j !== i && keys[j] !== key && globCovers(keys[j]!, key, false, budget) && (j < i || !globCovers(key, keys[j]!, false, budget)));
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
  actions: Items;
  resources: Items;
}

interface Items {
  not: boolean;
  items: string[];
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
function covers(a: Candidate, b: Candidate, budget: WorkBudget): boolean {
  return a.scope === b.scope && setCovers(a.actions, b.actions, budget) && setCovers(a.resources, b.resources, budget);
}

/**
 * Whether the items an element of `a` applies to include those of `b`'s. For two positive lists every item of
 * `b` must be covered by one of `a`; for two negated lists (NotAction) every exclusion of `a` must be covered by
 * one of `b`'s exclusions; a positive `*` covers anything. Other mixes are not judged.
 */
function setCovers(a: Items, b: Items, budget: WorkBudget): boolean {
  if (!a.not && a.items.includes("*")) return b.not || b.items.length > 0;
  if (a.not !== b.not || a.items.length === 0 || b.items.length === 0) return false;
  const [outer, inner] = a.not ? [b.items, a.items] : [a.items, b.items];
  return inner.every((item) => outer.some((general) => globCovers(general, item, false, budget)));
}

/**
 * The entries of one list that may cover a given entry, in list order: the same text, or a wildcard pattern
 * without a variable whose literal head starts the entry (what `globCovers` needs before it can say yes).
 */
class PatternIndex {
  readonly #exact = new Map<string, number[]>();
  readonly #byHead = new Map<string, number[]>();
  readonly #headLengths = new Set<number>();

  add(pattern: string, id: number): void {
    push(this.#exact, pattern, id);
    if (!mayCoverOthers(pattern)) return;
    const head = literalHead(pattern);
    push(this.#byHead, head, id);
    this.#headLengths.add(head.length);
  }

  mayCover(entry: string, budget: WorkBudget): number[] {
    const found = new Set(this.#exact.get(entry));
    const head = literalHead(entry).length;
    for (const length of this.#headLengths) {
      if (length > head || !budget.spend(length + 1)) continue;
      for (const id of this.#byHead.get(entry.slice(0, length)) ?? []) found.add(id);
    }
    return [...found].sort((x, y) => x - y);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * The statements of one scope that may cover a given one. A statement covers another only when one of its
 * positive actions (or resources) covers the other's first one, so the search starts from those; when both of
 * the other's lists are negated, every statement of the scope is a candidate.
 */
class ScopeIndex {
  readonly #all: Candidate[] = [];
  readonly #actions = new PatternIndex();
  readonly #resources = new PatternIndex();

  add(candidate: Candidate): void {
    const id = this.#all.length;
    this.#all.push(candidate);
    if (!candidate.actions.not) for (const item of candidate.actions.items) this.#actions.add(item, id);
    if (!candidate.resources.not) for (const item of candidate.resources.items) this.#resources.add(item, id);
  }

  mayCover(b: Candidate, budget: WorkBudget): Candidate[] {
    // A positive "*" covers a negated list too, and it is indexed under the empty head.
    const index = !b.resources.not ? this.#resources : !b.actions.not ? this.#actions : undefined;
    const first = !b.resources.not ? b.resources.items[0] : b.actions.items[0];
    if (!index || first === undefined) return this.#all;
    return index.mayCover(first, budget).map((id) => this.#all[id]!);
  }
}
