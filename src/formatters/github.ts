import type { Severity } from "../engine/types.js";
import { omittedNote, shownFindings } from "./limits.js";
import { escapeUnsafe } from "../engine/escape.js";
import type { Formatter } from "./types.js";

const COMMAND: Record<Severity, string> = { error: "error", warning: "warning", info: "notice" };

/** Escapes the data of a workflow command (the text after `::`), unsafe characters included. */
export function escapeData(text: string): string {
  return escapeUnsafe(text).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escapes a property value of a workflow command (`file=…`, `title=…`). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** GitHub Actions workflow commands: one annotation per finding, paths as given (relative to the cwd). */
export const github: Formatter = (results, context) => {
  const lines: string[] = [];
  for (const result of results) {
    const capped = shownFindings(result, context);
    for (const finding of capped.shown) {
      const properties = [
        `file=${escapeProperty(result.filePath)}`,
        `line=${finding.line}`,
        `col=${finding.column}`,
        `endLine=${finding.endLine}`,
        `endColumn=${finding.endColumn}`,
        `title=${escapeProperty(finding.ruleId)}`,
      ];
      lines.push(`::${COMMAND[finding.severity]} ${properties.join(",")}::${escapeData(finding.message)}`);
    }
    if (capped.omitted > 0) lines.push(`::warning file=${escapeProperty(result.filePath)},title=mrap-guard::${escapeData(omittedNote(capped))}`);
  }
  return lines.join("\n");
};
