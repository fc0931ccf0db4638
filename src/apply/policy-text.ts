import { createHash } from "node:crypto";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  const out: { [key: string]: Json } = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys(value[key]!);
  return out;
}

/**
 * One spelling per policy: parsed and printed with sorted keys, so a policy AWS stores with other whitespace
 * or key order compares equal to what was sent. Text that is not JSON stays as it is.
 */
export function canonicalPolicy(text: string): string {
  try {
    return JSON.stringify(sortKeys(JSON.parse(text) as Json));
  } catch {
    return text;
  }
}

export function samePolicy(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return canonicalPolicy(a) === canonicalPolicy(b);
}

/** `sha256:` and the hex digest of the canonical policy: what the audit log records. */
export function policyHash(text: string | undefined): string | undefined {
  return text === undefined ? undefined : `sha256:${createHash("sha256").update(canonicalPolicy(text)).digest("hex")}`;
}

/**
 * A ClientToken that is the same for the same change, so a retried apply is recognisable as a retry
 * (`MultiRegionAccessPointClientToken`: at most 64 characters, `\S+`, aws-facts.md §5.1).
 */
export function clientToken(...parts: string[]): string {
  const digest = createHash("sha256").update(parts.join("\u0000")).digest("hex");
  return `mrap-guard-${digest.slice(0, 52)}`;
}

/** The policy as a readable JSON text: two-space indentation, keys in the order written. */
export function prettyPolicy(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
