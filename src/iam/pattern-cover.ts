import { matchesWildcard } from "./wildcard.js";

/**
 * Whether one IAM wildcard pattern certainly covers another: every string the `specific` pattern can match is
 * also matched by `general`. The test is sound but not complete: when it says yes, the coverage is certain;
 * some exotic pairs of patterns that do cover each other are not recognised, which only makes callers quieter.
 *
 * `*` in `general` absorbs any run of characters, including the wildcards of `specific`; `?` absorbs one literal
 * character or a `?`; a literal must meet the same literal. A policy variable (`${aws:username}`) in `specific`
 * can take any value, so it counts as `*`; a pattern with a variable as `general` only covers its exact text,
 * because `${*}` and `${?}` stand for literal characters.
 */
/** The most pairs of positions one comparison walks (4 million: two 2,000-character patterns). */
export const MAX_COVER_CELLS = 4_000_000;

/** Work shared by many comparisons: each charges what it walked, and none starts once the budget is spent. */
export class WorkBudget {
  #left: number;
  #exhausted = false;

  constructor(units: number) {
    this.#left = units;
  }

  /** Takes `units` from the budget; false (and exhausted from then on) when they are not there. */
  spend(units: number): boolean {
    if (this.#exhausted || units > this.#left) {
      this.#exhausted = true;
      return false;
    }
    this.#left -= units;
    return true;
  }

  get exhausted(): boolean {
    return this.#exhausted;
  }
}

export function globCovers(general: string, specific: string, ignoreCase = false, budget?: WorkBudget): boolean {
  const g = ignoreCase ? general.toLowerCase() : general;
  const s = ignoreCase ? specific.toLowerCase() : specific;
  if (g === s) return true;
  if (g.includes("${")) return false;
  if (!g.includes("*") && !g.includes("?")) return false;
  const t = s.includes("${") ? s.replace(/\$\{[^}]*\}/g, "*") : s;
  // Quick answers: the literal text before the first wildcard must agree, and a specific pattern without
  // wildcards is covered exactly when the general pattern matches it.
  const gLiteral = firstWildcard(g);
  const tLiteral = firstWildcard(t);
  const head = Math.min(gLiteral, tLiteral);
  if (budget && !budget.spend(head + 1)) return false;
  if (!sameStart(g, t, head)) return false;
  // A literal of `general` where `specific` has a wildcard can never cover it.
  if (gLiteral > tLiteral) return false;
  // The comparison below costs |g| · |t|; beyond this budget the answer is "not recognised" (sound, only quieter).
  if (g.length * t.length > MAX_COVER_CELLS) return false;
  if (tLiteral === t.length) {
    // The match walks t once per restart of the longest run of literals after a `*`.
    if (budget && !budget.spend(g.length + t.length * (1 + longestRunAfterStar(g)))) return false;
    return matchesWildcard(g, t);
  }
  if (budget && !budget.spend(g.length * t.length)) return false;
  // row[j]: the first i characters of g cover the first j characters of t.
  let previous: boolean[] = new Array<boolean>(t.length + 1).fill(false);
  previous[0] = true;
  for (let i = 1; i <= g.length; i++) {
    const c = g[i - 1];
    const row: boolean[] = new Array<boolean>(t.length + 1).fill(false);
    row[0] = c === "*" && previous[0]!;
    for (let j = 1; j <= t.length; j++) {
      const d = t[j - 1];
      if (c === "*") row[j] = previous[j]! || row[j - 1]!;
      else if (c === "?") row[j] = d !== "*" && previous[j - 1]!;
      else row[j] = d === c && previous[j - 1]!;
    }
    previous = row;
  }
  return previous[t.length]!;
}

/**
 * The literal text before the first wildcard, after policy variables count as `*`: a pattern can cover another
 * only when its own literal head is a prefix of the other's (or the two are the same text).
 */
export function literalHead(pattern: string): string {
  const t = pattern.includes("${") ? pattern.replace(/\$\{[^}]*\}/g, "*") : pattern;
  return t.slice(0, firstWildcard(t));
}

/** The first `length` characters of `a` and `b` are the same. */
function sameStart(a: string, b: string, length: number): boolean {
  for (let i = 0; i < length; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
  return true;
}

function firstWildcard(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 42 || c === 63) return i;
  }
  return text.length;
}

/** The longest run of characters other than `*` that follows a `*`. */
function longestRunAfterStar(pattern: string): number {
  let longest = 0;
  let run = -1;
  for (let i = 0; i < pattern.length; i++) {
    if (pattern.charCodeAt(i) === 42) run = 0;
    else if (run >= 0) longest = Math.max(longest, ++run);
  }
  return longest;
}
