import type { FindingData } from "./types.js";

/**
 * How much of one data value a message quotes: lines of at most `MAX_VALUE_LINE` characters (Access Analyzer's
 * details run to a few hundred), at most `MAX_VALUE_LINES` of them (a `--debug` stack keeps its frames).
 */
export const MAX_VALUE_LINE = 1000;
export const MAX_VALUE_LINES = 50;

function cutLine(line: string): string {
  if (line.length <= MAX_VALUE_LINE) return line;
  // Never cut a surrogate pair in half.
  const end = /[\uD800-\uDBFF]/.test(line[MAX_VALUE_LINE - 1]!) ? MAX_VALUE_LINE - 1 : MAX_VALUE_LINE;
  return `${line.slice(0, end)}…`;
}

function shortened(value: string): string {
  if (value.length <= MAX_VALUE_LINE && !value.includes("\n")) return value;
  const lines = value.split("\n", MAX_VALUE_LINES + 1);
  const more = lines.length > MAX_VALUE_LINES;
  return lines.slice(0, MAX_VALUE_LINES).map(cutLine).join("\n") + (more ? "\n…" : "");
}

/**
 * Fills `{{name}}` placeholders, each value shortened as above (a hostile file's 300,000-character action must not
 * make every message that quotes it as long); unknown placeholders are left as written.
 */
export function formatMessage(template: string, data: FindingData | undefined): string {
  return template.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (whole, name: string) => {
    const value = data?.[name];
    return value === undefined ? whole : shortened(String(value));
  });
}

/**
 * The data a finding carries in the JSON and SARIF output, its strings shortened as a message quotes them: a 2 MB
 * bucket name is reported once in full in the file, not again in every finding's data.
 */
export function shortenedData(data: FindingData): FindingData {
  let out: Record<string, string | number> | undefined;
  for (const [name, value] of Object.entries(data)) {
    if (typeof value !== "string") continue;
    const short = shortened(value);
    if (short !== value) (out ??= { ...data })[name] = short;
  }
  return out ?? data;
}

export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)].map((m) => m[1]!);
}
