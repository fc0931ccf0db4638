import type { LintMessage } from "../engine/types.js";
import { shownFindings } from "./limits.js";
import type { ChunkedFormatter, Formatter } from "./types.js";

/** A finding with the documented fields only, in their documented order. */
function documented(m: LintMessage): LintMessage {
  return {
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
  };
}

/** `value` as `JSON.stringify(…, null, 2)` writes it `depth` levels down (a JSON string holds no raw newline). */
const indented = (value: unknown, depth: number): string => JSON.stringify(value, null, 2).replace(/\n/g, `\n${"  ".repeat(depth)}`);

/**
 * The output contract's `json`: the `lint()` results as they are (`LintResult[]`), one entry per linted file,
 * clean files included. Each member is written out by name, so the output holds the documented fields only.
 * The text is what `JSON.stringify(results, null, 2)` gives, one finding at a time.
 */
export const jsonChunks: ChunkedFormatter = function* (results, context) {
  if (results.length === 0) {
    yield "[]";
    return;
  }
  yield "[";
  for (const [i, result] of results.entries()) {
    const shown = shownFindings(result, context).shown;
    yield `${i === 0 ? "" : ","}\n  {\n    "filePath": ${JSON.stringify(result.filePath)},\n    "messages": [`;
    for (const [j, m] of shown.entries()) yield `${j === 0 ? "" : ","}\n      ${indented(documented(m), 3)}`;
    yield `${shown.length === 0 ? "]" : "\n    ]"},\n    "errorCount": ${result.errorCount},\n    "warningCount": ${result.warningCount},\n    "infoCount": ${result.infoCount}\n  }`;
  }
  yield "\n]";
};

export const json: Formatter = (results, context) => [...jsonChunks(results, context)].join("");
