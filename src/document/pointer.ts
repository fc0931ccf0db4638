/** RFC 6901 JSON pointers. */

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
