import type { Severity } from "../engine/types.js";
import type { Formatter } from "./types.js";

/** One message of the `json` output (ESLint's shape, with mrap-guard's pointer and fingerprint). */
export interface JsonMessage {
  ruleId: string;
  messageId: string;
  severity: Severity;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  pointer: string;
  fingerprint: string;
  helpUri?: string;
}

/** One file of the `json` output. */
export interface JsonFileResult {
  filePath: string;
  messages: JsonMessage[];
  errorCount: number;
  warningCount: number;
  infoCount: number;
}

/** The output contract's `json`: one entry per linted file, clean files included. */
export const json: Formatter = (results) => {
  const output: JsonFileResult[] = results.map((result) => ({
    filePath: result.filePath,
    messages: result.findings.map((finding) => {
      const message: JsonMessage = {
        ruleId: finding.ruleId,
        messageId: finding.messageId,
        severity: finding.severity,
        message: finding.message,
        line: finding.line,
        column: finding.column,
        endLine: finding.endLine,
        endColumn: finding.endColumn,
        pointer: finding.pointer,
        fingerprint: finding.fingerprint,
      };
      if (finding.helpUri !== undefined) message.helpUri = finding.helpUri;
      return message;
    }),
    errorCount: result.errorCount,
    warningCount: result.warningCount,
    infoCount: result.infoCount,
  }));
  return JSON.stringify(output, null, 2);
};
