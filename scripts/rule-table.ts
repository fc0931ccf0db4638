import { presetSeverity } from "../src/engine/presets.js";
import type { RuleModule } from "../src/engine/types.js";

export const TABLE_START = "<!-- rules:start -->";
export const TABLE_END = "<!-- rules:end -->";

/** The README's rule table, generated from rule metadata. */
export function ruleTable(rules: readonly RuleModule[]): string {
  const rows = rules.map((rule) => {
    const recommended = presetSeverity("recommended", rule);
    const kinds = rule.meta.appliesTo.length === 4 ? "all" : rule.meta.appliesTo.join(", ");
    const network = rule.meta.requiresNetwork ? " (network)" : "";
    return `| [\`${rule.id}\`](rules/${rule.id}.md) | ${recommended} | ${kinds} | ${rule.meta.docs.description}${network} |`;
  });
  return [TABLE_START, "| rule | recommended | applies to | description |", "| --- | --- | --- | --- |", ...rows, TABLE_END].join("\n");
}

export function replaceTable(readme: string, table: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < 0) throw new Error(`README.md needs ${TABLE_START} and ${TABLE_END} markers`);
  return readme.slice(0, start) + table + readme.slice(end + TABLE_END.length);
}
