import type { LintResult } from "../engine/types.js";
import { shownFindings } from "./limits.js";
import type { Formatter } from "./types.js";

/**
 * The output contract's `json`: the `lint()` results as they are (`LintResult[]`), one entry per linted file,
 * clean files included. Each member is written out by name, so the output holds the documented fields only.
 */
export const json: Formatter = (results, context) => {
  const output: LintResult[] = results.map((result) => ({
    filePath: result.filePath,
    messages: shownFindings(result, context).shown.map((m) => ({
      ruleId: m.ruleId,
      messageId: m.messageId,
      severity: m.severity,
      message: m.message,
      line: m.line,
      column: m.column,
      endLine: m.endLine,
      endColumn: m.endColumn,
      pointer: m.pointer,
      fingerprint: m.fingerprint,
      ...(m.helpUri !== undefined ? { helpUri: m.helpUri } : {}),
      ...(m.data !== undefined ? { data: m.data } : {}),
      ...(m.related !== undefined ? { related: m.related.map((r) => ({ pointer: r.pointer, line: r.line, column: r.column, endLine: r.endLine, endColumn: r.endColumn, ...(r.message !== undefined ? { message: r.message } : {}) })) } : {}),
    })),
    errorCount: result.errorCount,
    warningCount: result.warningCount,
    infoCount: result.infoCount,
  }));
  return JSON.stringify(output, null, 2);
};
