import type { Severity } from "../engine/types.js";
import { omittedNote, shownFindings } from "./limits.js";
import { terminalLine } from "../engine/escape.js";
import { wrap } from "./terminal.js";
import type { Formatter } from "./types.js";

export type Style = (text: string) => string;

const ansi = (open: number, close: number): Style => (text) => `\u001b[${open}m${text}\u001b[${close}m`;
const plain: Style = (text) => text;

const COLORS = {
  underline: ansi(4, 24),
  bold: ansi(1, 22),
  dim: ansi(2, 22),
  red: ansi(31, 39),
  yellow: ansi(33, 39),
  cyan: ansi(36, 39),
};

const SEVERITY_COLOR: Record<Severity, keyof typeof COLORS> = { error: "red", warning: "yellow", info: "cyan" };

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** One finding as a table row: plain, terminal-safe texts (colour is added when the row is laid out). */
export interface FindingRow {
  location: string;
  severity: Severity;
  ruleId: string;
  message: string;
}

export interface RowLayout {
  /** The terminal's width in columns. */
  width: number;
  /** What each row starts with. */
  indent: string;
  dim: Style;
  severity: (severity: Severity) => Style;
}

/** The largest `measure` of any item, in one pass (a spread into `Math.max` overflows the stack on many rows). */
function longest<T>(items: readonly T[], measure: (item: T) => number): number {
  let max = 0;
  for (const item of items) max = Math.max(max, measure(item));
  return max;
}

/** Below this many columns beside the rule id, a message goes on the lines under its row instead. */
const MIN_MESSAGE_WIDTH = 20;

/**
 * Lays findings out in aligned columns: location, severity and rule id on the first line, the message last,
 * wrapped to the width under the message column, so that a long message cannot push the rule id off screen.
 */
export function findingLines(rows: readonly FindingRow[], layout: RowLayout): string[] {
  const widest = (key: "location" | "severity" | "ruleId") => longest(rows, (row) => Array.from(row[key]).length);
  const pad = (text: string, width: number) => " ".repeat(width - Array.from(text).length);
  const locationWidth = widest("location");
  const severityWidth = widest("severity");
  const ruleWidth = widest("ruleId");
  const column = layout.indent.length + locationWidth + severityWidth + ruleWidth + 6;
  const beside = layout.width - column >= MIN_MESSAGE_WIDTH;
  const messageIndent = beside ? " ".repeat(column) : `${layout.indent}  `;
  const messageWidth = layout.width - messageIndent.length;

  const lines: string[] = [];
  for (const row of rows) {
    const head = [
      layout.indent,
      layout.dim(row.location),
      pad(row.location, locationWidth),
      "  ",
      layout.severity(row.severity)(row.severity),
      pad(row.severity, severityWidth),
      "  ",
      layout.dim(row.ruleId),
    ].join("");
    const message = row.message === "" ? [] : wrap(row.message, messageWidth).map((part) => part.trimEnd());
    if (beside && message.length > 0) lines.push(`${head}${pad(row.ruleId, ruleWidth)}  ${message.shift()!}`);
    else lines.push(head);
    for (const part of message) lines.push(`${messageIndent}${part}`);
  }
  return lines;
}

/**
 * ESLint's `stylish`, fitted to the terminal: findings grouped by file, one aligned row each with the message
 * wrapped last, then a summary line.
 */
export const stylish: Formatter = (results, context) => {
  const style = (name: keyof typeof COLORS): Style => (context.color ? COLORS[name] : plain);
  const layout: RowLayout = {
    width: context.width ?? 80,
    indent: "  ",
    dim: style("dim"),
    severity: (severity) => style(SEVERITY_COLOR[severity]),
  };
  const blocks: string[] = [];
  let errors = 0;
  let warnings = 0;
  let infos = 0;

  for (const result of results) {
    if (result.messages.length === 0) continue;
    const capped = shownFindings(result, context);
    const lineWidth = longest(capped.shown, (m) => String(m.line).length);
    const columnWidth = longest(capped.shown, (m) => String(m.column).length);
    const rows = capped.shown.map((finding) => ({
      location: `${String(finding.line).padStart(lineWidth)}:${String(finding.column).padEnd(columnWidth)}`,
      severity: finding.severity,
      ruleId: terminalLine(finding.ruleId),
      message: terminalLine(finding.message),
    }));
    const lines = findingLines(rows, layout);
    if (capped.omitted > 0) {
      for (const part of wrap(`… ${omittedNote(capped)}`, layout.width - layout.indent.length)) lines.push(`${layout.indent}${style("dim")(part)}`);
    }
    blocks.push(`${style("underline")(terminalLine(result.filePath))}\n${lines.join("\n")}`);

    for (const finding of result.messages) {
      if (finding.severity === "error") errors++;
      else if (finding.severity === "warning") warnings++;
      else infos++;
    }
  }

  const total = errors + warnings + infos;
  if (total === 0) return "";
  const summaryColor = errors > 0 ? "red" : warnings > 0 ? "yellow" : "cyan";
  const summary = `✖ ${plural(total, "problem")} (${plural(errors, "error")}, ${plural(warnings, "warning")}, ${plural(infos, "info")})`;
  const emphasis = (text: string) => style(summaryColor)(style("bold")(text));
  return `${blocks.join("\n\n")}\n\n${emphasis(summary)}`;
};
