/** Inputs longer than this get no suggestion: no name a typo could be meant for is this long. */
export const MAX_SUGGESTION_INPUT = 128;

/** How many names one rule looks up suggestions for in one file; later findings name no suggestion. */
export const MAX_SUGGESTIONS_PER_FILE = 1_000;
/**
 * Candidates one rule may compare in one file, over all its searches (a template can have 30,000 names to
 * suggest from): about a tenth of a second of edit distances.
 */
export const MAX_SUGGESTION_WORK = 500_000;

/** A did-you-mean lookup, as `didYouMean`, that answers at most `limit` times and then gives no suggestion. */
export type Suggest = (input: string, candidates: Iterable<string> | (() => Iterable<string>)) => string | undefined;

/**
 * A lookup for one rule's check of one file. A search costs one edit distance per candidate (an unknown S3
 * action is compared with every S3 action), so a file of 80,000 unknown names would cost seconds; past the
 * first `limit` searches, or once `work` candidates have been compared, findings still appear, without a
 * suggestion. Default findings output shows 1,000 per file, so a user sees a suggestion on each finding shown
 * unless the cap was raised or the names to choose from number in the thousands.
 */
export function suggester(limit = MAX_SUGGESTIONS_PER_FILE, work = MAX_SUGGESTION_WORK): Suggest {
  let left = limit;
  let comparisons = work;
  return (input, candidates) => {
    if (left <= 0 || input.length > MAX_SUGGESTION_INPUT) return undefined;
    // Candidates given as a function are listed only for a search that runs.
    const given = typeof candidates === "function" ? candidates() : candidates;
    const listed: readonly string[] = Array.isArray(given) ? given : [...given];
    if (listed.length > comparisons) return undefined;
    left--;
    comparisons -= listed.length;
    return didYouMean(input, listed);
  };
}

/** The closest candidate by edit distance (case-insensitive), when it is close enough to be a likely typo. */
export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  if (input.length > MAX_SUGGESTION_INPUT) return undefined;
  const needle = input.toLowerCase();
  const allowed = Math.max(1, Math.floor(input.length / 3));
  let best: string | undefined;
  let bestDistance = allowed + 1;
  for (const candidate of candidates) {
    // Only a strictly closer candidate replaces the best one, so nothing at bestDistance or beyond needs an exact value.
    const distance = editDistance(needle, candidate.toLowerCase(), bestDistance - 1);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
      if (distance === 0) break;
    }
  }
  return best;
}

/**
 * Damerau–Levenshtein (optimal string alignment): a swapped pair of letters counts once. With a `limit`, only the
 * band of cells within `limit` of the diagonal is computed, and any distance above it comes back as `limit + 1`:
 * O(min(|a|, |b|) · limit) time and O(|b|) memory.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  const bound = Math.min(limit, Math.max(a.length, b.length));
  const over = bound + 1;
  if (Math.abs(a.length - b.length) > bound) return limit === Infinity ? Math.max(a.length, b.length) : over;
  const cols = b.length + 1;
  let older = new Array<number>(cols).fill(over);
  let previous = new Array<number>(cols).fill(over);
  let current = new Array<number>(cols).fill(over);
  for (let j = 0; j < cols && j <= bound; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - bound);
    const to = Math.min(b.length, i + bound);
    current.fill(over, Math.max(0, from - 1), Math.min(cols, to + 2));
    current[0] = i <= bound ? i : over;
    let rowMin = current[0];
    for (let j = from; j <= to; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, older[j - 2]! + 1);
      value = Math.min(value, over);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > bound) return over;
    [older, previous, current] = [previous, current, older];
  }
  return Math.min(previous[b.length]!, over);
}
