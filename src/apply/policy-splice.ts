/**
 * What apply lints is the text it sends. A policy the SDK sends as a JSON string is linted as written, spliced
 * into the manifest built around it: re-serialising it would drop a repeated key (JSON.parse keeps the last one),
 * which core/duplicate-key must see, and would move every finding off the line the caller wrote.
 */
import { randomBytes } from "node:crypto";

/** A policy's own JSON text, to be spliced into a manifest's JSON text as written. */
export class RawPolicy {
  constructor(readonly text: string) {}
}

/** A policy string that is one JSON object, as a RawPolicy; any other value (a string that is not, an object) as it is. */
export function policyValue(policy: unknown): unknown {
  if (typeof policy !== "string") return policy;
  try {
    const parsed: unknown = JSON.parse(policy);
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? new RawPolicy(policy) : policy;
  } catch {
    return policy;
  }
}

export interface Spliced {
  /** `JSON.stringify(value, null, indent)`, each RawPolicy's text in place of a string, from the start of a line of its own. */
  text: string;
  /** For each RawPolicy, in the order they appear in the text: the 0-based line its text starts on. */
  lines: number[];
}

/**
 * The JSON text of a manifest whose policies are RawPolicy values. A finding on a spliced policy keeps its
 * column, and its line moves by exactly the policy's `lines` entry.
 */
export function spliceJson(value: unknown, indent?: number): Spliced {
  for (;;) {
    const marker = `mrap-guard-policy-${randomBytes(8).toString("hex")}-`;
    const raw: string[] = [];
    const text = JSON.stringify(value, (_key, member: unknown) => (member instanceof RawPolicy ? `${marker}${raw.push(member.text) - 1}` : member), indent);
    const quoted = new RegExp(`"${marker}(\\d+)"`, "g");
    // A string of the manifest that happens to hold the marker would be taken for a policy: draw another one.
    if ((text.match(new RegExp(marker, "g")) ?? []).length !== raw.length) continue;
    const lines: number[] = [];
    let line = 0;
    let scanned = 0;
    const out = text.replace(quoted, (match, index: string, offset: number) => {
      line += countLines(text, scanned, offset) + 1;
      scanned = offset + match.length;
      const policy = raw[Number(index)]!;
      lines.push(line);
      line += countLines(policy, 0, policy.length) + 1;
      return `\n${policy}\n`;
    });
    return { text: out, lines };
  }
}

/** Line breaks in `text` between the offsets, counted as the linter counts them (LF, CRLF, and a lone CR). */
function countLines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10 || (ch === 13 && text.charCodeAt(i + 1) !== 10)) count++;
  }
  return count;
}
