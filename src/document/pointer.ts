/** RFC 6901 JSON pointers. */
import type { JsonValue } from "./types.js";

export function escapeSegment(segment: string | number): string {
  const text = String(segment);
  if (!text.includes("~") && !text.includes("/")) return text;
  return text.replace(/~/g, "~0").replace(/\//g, "~1");
}

export function unescapeSegment(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

export function parsePointer(pointer: string): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw new Error(`Invalid JSON pointer "${pointer}": it must be empty or start with "/".`);
  return pointer.slice(1).split("/").map(unescapeSegment);
}

export function joinPointer(base: string, ...segments: (string | number)[]): string {
  let out = base;
  for (const segment of segments) out += "/" + escapeSegment(segment);
  return out;
}

/** Whether `pointer` is `prefix` or lies below it. */
export function isWithin(pointer: string, prefix: string): boolean {
  return pointer === prefix || (pointer.startsWith(prefix) && pointer.charAt(prefix.length) === "/") || prefix === "";
}

const INDEX = /^(0|[1-9][0-9]*)$/;

/**
 * The value at `pointer` inside a JSON value: own members only, array items by canonical index; undefined where
 * there is none (or the pointer is malformed).
 */
export function valueAtPointer(value: unknown, pointer: string): JsonValue | undefined {
  let segments: string[];
  try {
    segments = parsePointer(pointer);
  } catch {
    return undefined;
  }
  let current = value as JsonValue | undefined;
  for (const segment of segments) {
    if (current === null || typeof current !== "object") return undefined;
    if (Array.isArray(current)) current = INDEX.test(segment) ? current[Number(segment)] : undefined;
    else current = Object.prototype.hasOwnProperty.call(current, segment) ? current[segment] : undefined;
  }
  return current;
}
