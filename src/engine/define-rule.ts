import type { NetworkRuleContext, RuleContext, RuleMeta, RuleModule } from "./types.js";

export const DOCS_BASE = "https://github.com/mrap-guard/mrap-guard/blob/main/rules/";

export function ruleDocsUrl(id: string): string {
  return `${DOCS_BASE}${id}.md`;
}

/** Declares a rule: fills `docs.url` from the id and types the context from the messages and options. */
export function defineRule<const M extends string, O = Record<string, never>>(rule: {
  id: string;
  meta: RuleMeta<M, O>;
  check?(context: RuleContext<M, O>): void;
  checkAsync?(context: NetworkRuleContext<M, O>): Promise<void>;
}): RuleModule<M, O> {
  return { ...rule, meta: { ...rule.meta, docs: { ...rule.meta.docs, url: ruleDocsUrl(rule.id) } } };
}
