/**
 * IAM wildcard matching: `*` matches any run of characters and `?` any single character (the ARN and
 * action matching of the IAM policy language). Case-sensitive unless asked otherwise (actions are not).
 */
const caseSensitive = new Map<string, RegExp>();
const caseInsensitive = new Map<string, RegExp>();

export function wildcardRegExp(pattern: string, ignoreCase = false): RegExp {
  const cache = ignoreCase ? caseInsensitive : caseSensitive;
  let re = cache.get(pattern);
  if (!re) {
    const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    re = new RegExp(`^${source}$`, ignoreCase ? "is" : "s");
    cache.set(pattern, re);
  }
  return re;
}

/**
 * Glob matching without building a RegExp (patterns are mostly distinct ARNs, so a compiled-pattern cache would
 * only grow): the classic two-pointer walk that backtracks to the last `*`. ASCII case folding when asked.
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
