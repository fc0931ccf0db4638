import type { LintMessage, LintResult } from "../engine/types.js";
import type { FormatterContext } from "./types.js";

/** How many findings of one file a report shows when the context does not say. */
export const DEFAULT_MAX_FINDINGS_PER_FILE = 1000;

/** One file's findings as a report shows them: at most the cap, and how many more there are. */
export interface ShownFindings {
  shown: readonly LintMessage[];
  omitted: number;
  max: number;
}

/** The findings of `result` a report shows, so that a hostile file cannot make a report of hundreds of MB. */
export function shownFindings(result: LintResult, context: Pick<FormatterContext, "maxFindingsPerFile">): ShownFindings {
  const max = context.maxFindingsPerFile ?? DEFAULT_MAX_FINDINGS_PER_FILE;
  const { messages } = result;
  if (messages.length <= max) return { shown: messages, omitted: 0, max };
  return { shown: messages.slice(0, max), omitted: messages.length - max, max };
}

/** What a report says in place of the findings it leaves out. */
export function omittedNote({ omitted, max }: ShownFindings): string {
  return `${omitted} more ${omitted === 1 ? "finding" : "findings"} in this file not shown (at most ${max} per file: --max-findings-per-file)`;
}
