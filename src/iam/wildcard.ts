/**
 * IAM wildcard matching (`*` any run of characters, `?` any single character; case-sensitive unless asked) without
 * building a RegExp, so policy text can neither make it throw nor backtrack: the classic two-pointer walk that
 * resumes after the last `*`. It costs O(|value| · the longest run of the pattern after a `*`) at worst, so callers
 * match only where one side has a bounded length (an action from the IAM data, an account, a Region, a name).
 * ASCII case folding when asked.
 */
export function matchesWildcard(pattern: string, value: string, ignoreCase = false): boolean {
  let p = 0;
  let v = 0;
  let star = -1;
  let resume = 0;
  while (v < value.length) {
    const pc = p < pattern.length ? pattern.charCodeAt(p) : -1;
    if (pc === 42) {
      star = p++;
      resume = v;
    } else if (pc !== -1 && (pc === 63 || same(pc, value.charCodeAt(v), ignoreCase))) {
      p++;
      v++;
    } else if (star >= 0) {
      p = star + 1;
      v = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern.charCodeAt(p) === 42) p++;
  return p === pattern.length;
}

function same(a: number, b: number, ignoreCase: boolean): boolean {
  if (a === b) return true;
  if (!ignoreCase) return false;
  return (a | 32) === (b | 32) && ((a | 32) >= 97 && (a | 32) <= 122);
}

export function hasWildcard(text: string): boolean {
  return text.includes("*") || text.includes("?");
}

/** A policy variable such as `${aws:username}` (its value is not fixed when the policy is written). */
export function hasPolicyVariable(text: string): boolean {
  return text.includes("${") && /\$\{[^}]*\}/.test(text);
}

/** Actions compare case-insensitively: `s3:getobject` is `s3:GetObject`. */
export function actionMatches(pattern: string, action: string): boolean {
  return matchesWildcard(pattern, action, true);
}
