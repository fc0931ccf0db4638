/**
 * IAM wildcard matching: `*` matches any run of characters and `?` any single character (the ARN and
 * action matching of the IAM policy language). Case-sensitive unless asked otherwise (actions are not).
 */
const cache = new Map<string, RegExp>();

export function wildcardRegExp(pattern: string, ignoreCase = false): RegExp {
  const key = (ignoreCase ? "i:" : "s:") + pattern;
  let re = cache.get(key);
  if (!re) {
    const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    re = new RegExp(`^${source}$`, ignoreCase ? "is" : "s");
    cache.set(key, re);
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
