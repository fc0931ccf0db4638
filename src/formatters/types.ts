import type { LintResult, RuleModule } from "../engine/types.js";

/** What a formatter knows besides the results. */
export interface FormatterContext {
  /** The working directory that `filePath` is relative to. */
  cwd: string;
  /** The repository root (SARIF URIs are relative to it). */
  root: string;
  /** Every rule known to the run, whether or not it reported anything. */
  rules: readonly RuleModule[];
  /** mrap-guard's version. */
  version: string;
  /** Whether ANSI colours may be used (only `stylish` uses them). */
  color: boolean;
  /** The terminal's width in columns, which `stylish` fits its lines to (default 80). */
  width?: number;
  /** At most this many findings of one file are shown, then a note says how many more (default 1,000). */
  maxFindingsPerFile?: number;
}

/**
 * Turns lint results into text. The text has no trailing newline; an empty string means "print nothing".
 */
export type Formatter = (results: readonly LintResult[], context: FormatterContext) => string;

/** A formatter's text in pieces, so the CLI writes a report of any size without holding all of it at once. */
export type ChunkedFormatter = (results: readonly LintResult[], context: FormatterContext) => Iterable<string>;
