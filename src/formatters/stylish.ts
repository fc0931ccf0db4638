import type { Severity } from "../engine/types.js";
import { terminalLine } from "./terminal.js";
import type { Formatter } from "./types.js";

type Style = (text: string) => string;

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

/** ESLint's `stylish`: findings grouped by file, in aligned columns, then a summary line. */
export const stylish: Formatter = (results, context) => {
  const style = (name: keyof typeof COLORS): Style => (context.color ? COLORS[name] : plain);
  const blocks: string[] = [];
  let errors = 0;
  let warnings = 0;
  let infos = 0;

  for (const result of results) {
    if (result.messages.length === 0) continue;
    const rows = result.messages.map((finding) => ({
      line: String(finding.line),
      column: String(finding.column),
      severity: finding.severity,
      message: terminalLine(finding.message),
      ruleId: terminalLine(finding.ruleId),
    }));
    const width = (key: keyof (typeof rows)[number]) => Math.max(...rows.map((row) => row[key].length));
    const lineWidth = width("line");
    const columnWidth = width("column");
    const severityWidth = width("severity");
    const messageWidth = width("message");

    const lines = [style("underline")(terminalLine(result.filePath))];
    for (const row of rows) {
      const position = `${row.line.padStart(lineWidth)}:${row.column.padEnd(columnWidth)}`;
      const severity = style(SEVERITY_COLOR[row.severity])(row.severity) + " ".repeat(severityWidth - row.severity.length);
      const message = row.message.padEnd(messageWidth);
      lines.push(`  ${style("dim")(position)}  ${severity}  ${message}  ${style("dim")(row.ruleId)}`);
    }
    blocks.push(lines.join("\n"));

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
