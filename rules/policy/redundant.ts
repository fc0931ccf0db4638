import { defineRule } from "../../src/engine/define-rule.js";
import type { JsonObject } from "../utils/json.js";
import { globCovers } from "../utils/grammar-glob.js";
import { canonical, isWellFormedStatement, rawStatements } from "../utils/grammar-statements.js";
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
      const actions = actionsOf(statement);
      if (actions) checkList(actions.items, actions.not ? "NotAction" : "Action", true, report);
      const resources = resourcesOf(statement);
      if (resources) checkList(resources.items, resources.not ? "NotResource" : "Resource", false, report);
    }

    // Whole statements are compared only when both follow the grammar completely.
    if (model.statements.length < 2) return;
    const raw = new Map(rawStatements(context.value).map((s) => [s.index, s.value]));
    const candidates: Candidate[] = [];
    for (const statement of model.statements) {
      const value = raw.get(statement.index);
      if (value && isWellFormedStatement(value)) candidates.push(candidate(statement, value));
    }
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

/** Repeats and wildcard-covered entries within one Action/NotAction or Resource/NotResource list. */
function checkList(items: Located<string>[], element: string, isAction: boolean, report: (messageId: MessageId, pointer: string, data: Record<string, string | number>) => void): void {
  if (items.length < 2) return;
  const same = (a: string, b: string) => (isAction ? a.toLowerCase() === b.toLowerCase() : a === b);
  items.forEach((item, i) => {
    const first = items.findIndex((other, j) => j < i && same(other.value, item.value));
    if (first >= 0) {
      report(isAction ? "duplicateAction" : "duplicateResource", item.pointer, { element, value: item.value, first: items[first]!.value });
      return;
    }
    const by = items.find(
      (other, j) => j !== i && !same(other.value, item.value) && globCovers(other.value, item.value, isAction) && (j < i || !globCovers(item.value, other.value, isAction)),
    );
    if (by) report(isAction ? "redundantAction" : "redundantResource", item.pointer, { element, value: item.value, by: by.value });
  });
}

interface Candidate {
  index: number;
  pointer: string;
  /** Effect, principal and condition: statements compare only when these are the same. */
  scope: string;
  /** The whole statement without its Sid, for exact repeats. */
  exact: string;
  actions: { not: boolean; items: string[] };
  resources: { not: boolean; items: string[] };
}

function candidate(statement: StatementModel, value: JsonObject): Candidate {
  const principal = "Principal" in value ? `P${canonical(value["Principal"])}` : "NotPrincipal" in value ? `N${canonical(value["NotPrincipal"])}` : "";
  const scope = `${canonical(value["Effect"])}|${principal}|${canonical(value["Condition"])}`;
  const actions = actionsOf(statement)!;
  const resources = resourcesOf(statement)!;
  const actionText = canonical(actions.items.map((a) => a.value), true);
  const resourceText = canonical(resources.items.map((r) => r.value));
  return {
    index: statement.index,
    pointer: statement.pointer,
    scope,
    exact: `${scope}|${actions.not ? "NA" : "A"}${actionText}|${resources.not ? "NR" : "R"}${resourceText}`,
    actions: { not: actions.not, items: actions.items.map((a) => a.value) },
    resources: { not: resources.not, items: resources.items.map((r) => r.value) },
  };
}

/** Statement `a` applies to every request that statement `b` applies to (so `b` adds nothing). */
function covers(a: Candidate, b: Candidate): boolean {
  return a.scope === b.scope && setCovers(a.actions, b.actions, true) && setCovers(a.resources, b.resources, false);
}

/**
 * Whether the items an element of `a` applies to include those of `b`'s. For two positive lists every item of
 * `b` must be covered by one of `a`; for two negated lists (NotAction) every exclusion of `a` must be covered by
 * one of `b`'s exclusions; a positive `*` covers anything. Other mixes are not judged.
 */
function setCovers(a: { not: boolean; items: string[] }, b: { not: boolean; items: string[] }, ignoreCase: boolean): boolean {
  if (!a.not && a.items.includes("*")) return b.not || b.items.length > 0;
  if (a.not !== b.not || a.items.length === 0 || b.items.length === 0) return false;
  const [outer, inner] = a.not ? [b.items, a.items] : [a.items, b.items];
  return inner.every((item) => outer.some((general) => globCovers(general, item, ignoreCase)));
}
