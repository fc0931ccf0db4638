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

export function matchesWildcard(pattern: string, value: string, ignoreCase = false): boolean {
  if (!pattern.includes("*") && !pattern.includes("?")) return ignoreCase ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
  return wildcardRegExp(pattern, ignoreCase).test(value);
}

export function hasWildcard(text: string): boolean {
  return text.includes("*") || text.includes("?");
}

/** A policy variable such as `${aws:username}` (its value is not fixed when the policy is written). */
export function hasPolicyVariable(text: string): boolean {
  return /\$\{[^}]*\}/.test(text);
}

/** Actions compare case-insensitively: `s3:getobject` is `s3:GetObject`. */
export function actionMatches(pattern: string, action: string): boolean {
  return matchesWildcard(pattern, action, true);
}
