import picomatch from "picomatch";
import { escapeUnsafe } from "./escape.js";

/** Longest glob pattern accepted in a config or on the command line. */
export const MAX_GLOB_LENGTH = 1_024;
/**
 * Most `*` wildcards in one path segment (`**` as a whole segment does not count): picomatch compiles a glob into
 * a backtracking RegExp whose cost grows as (segment length)^(stars), so `*a*a*a*a*b` takes seconds to minutes.
 */
export const MAX_STARS_PER_SEGMENT = 2;

/** Why a glob pattern (from a config or the command line) is refused, or undefined when it is fine. */
export function globProblem(pattern: string): string | undefined {
  if (pattern.length > MAX_GLOB_LENGTH) return `is longer than ${MAX_GLOB_LENGTH} characters`;
  for (const segment of pattern.split("/")) {
    if (segment === "**") continue;
    const stars = segment.split("*").length - 1;
    if (stars > MAX_STARS_PER_SEGMENT) return `has more than ${MAX_STARS_PER_SEGMENT} "*" in one path segment ("${segment.slice(0, 64)}"), which makes matching slow`;
  }
  return undefined;
}

/** How a refused pattern is named in a one-line message: quoted, escaped, and cut after 100 characters. */
export function quotePattern(pattern: string): string {
  const shown = pattern.length > 100 ? `${pattern.slice(0, 100)}…` : pattern;
  return `"${escapeUnsafe(shown)}"`;
}

/** A picomatch matcher for patterns that passed `globProblem`; `check` reports the first refused pattern. */
export function safeGlob(patterns: readonly string[], check: (pattern: string, index: number, problem: string) => never): (path: string) => boolean {
  patterns.forEach((pattern, i) => {
    const problem = globProblem(pattern);
    if (problem !== undefined) check(pattern, i, problem);
  });
  return picomatch([...patterns], { dot: true });
}
