import { parsePointer, type JsonValue } from "../document/index.js";
import { isObject, type JsonObject } from "./json-fields.js";

/**
 * The statements of a policy as written, for the few checks the normalised model cannot answer: whether an
 * element is present at all (the model drops wrong shapes), or whether it is an empty list or object.
 */
export interface RawStatement {
  index: number;
  pointer: string;
  value: JsonObject;
}

/** Statement objects with their pointers, in the same order and with the same indexes as `policyModel`. */
export function rawStatements(policy: JsonValue | undefined): RawStatement[] {
  if (!isObject(policy)) return [];
  const raw = policy["Statement"];
  const out: RawStatement[] = [];
  if (Array.isArray(raw)) {
    raw.forEach((s, index) => {
      if (isObject(s)) out.push({ index, pointer: `/Statement/${index}`, value: s });
    });
  } else if (isObject(raw)) {
    out.push({ index: 0, pointer: "/Statement", value: raw });
  }
  return out;
}

/** True when `statement` has a key that differs from `element` only in case ("principal" for "Principal"). */
export function hasMiscasedKey(statement: JsonObject, ...elements: string[]): boolean {
  const lower = new Set(elements.map((e) => e.toLowerCase()));
  return Object.keys(statement).some((key) => !elements.includes(key) && lower.has(key.toLowerCase()));
}

/** Exactly one of Action/NotAction and of Resource/NotResource, at most one of Principal/NotPrincipal. */
export function hasElementPairs(statement: JsonObject): boolean {
  if ("Action" in statement === "NotAction" in statement) return false;
  if ("Resource" in statement === "NotResource" in statement) return false;
  return !("Principal" in statement && "NotPrincipal" in statement);
}

/**
 * A canonical text for comparing policy elements by meaning rather than layout: object keys sorted, and lists
 * treated as sets (sorted, without repeats), since every list in the policy grammar is an OR of its items.
 * A single string and a one-item list are the same. `lowerCase` folds strings (for actions).
 */
export function canonical(value: JsonValue | undefined, lowerCase = false): string {
  if (value === undefined) return "";
  if (typeof value === "string") return JSON.stringify(lowerCase ? value.toLowerCase() : value);
  if (Array.isArray(value)) {
    if (value.length === 1) return canonical(value[0], lowerCase);
    const items = new Set<string>();
    for (const item of value) items.add(canonical(item, lowerCase));
    if (items.size === 1) return items.values().next().value!;
    return `[${[...items].sort().join(",")}]`;
  }
  if (isObject(value)) {
    const keys = Object.keys(value).sort();
    let out = "{";
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      out += `${i === 0 ? "" : ","}${JSON.stringify(key)}:${canonical(value[key], lowerCase)}`;
    }
    return `${out}}`;
  }
  return JSON.stringify(value);
}

/** A pointer as readers write paths in messages: `/Statement/0/Condition/StringLike/s3:prefix` → `Statement[0].Condition.StringLike["s3:prefix"]`. */
export function readablePath(pointer: string): string {
  let out = "";
  for (const segment of parsePointer(pointer)) {
    if (/^\d+$/.test(segment)) out += `[${segment}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out === "" ? "the policy" : out;
}
