import { createHash } from "node:crypto";

/** A text that JSON.parse would read differently from what it says: a repeated key. */
class RepeatedKey extends Error {}

const NUMBER_OR_LITERAL = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

/**
 * The canonical text of a JSON text that JSON.parse accepted: object members sorted by key, no whitespace,
 * strings re-escaped one way, numbers exactly as written (a double would merge 12345678901234567890 with
 * …891, and 1e2 with 100, which is more than it may claim), and a member named `__proto__` kept as a member.
 */
function canonicalJson(text: string): string {
  let at = 0;
  const space = () => {
    while (at < text.length && (text[at] === " " || text[at] === "\t" || text[at] === "\n" || text[at] === "\r")) at++;
  };
  const string = (): string => {
    let end = at + 1;
    while (text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
    const value = JSON.parse(text.slice(at, end + 1)) as string;
    at = end + 1;
    return value;
  };
  const value = (): string => {
    space();
    const c = text[at];
    if (c === "{") {
      at++;
      const members = new Map<string, string>();
      space();
      if (text[at] === "}") at++;
      else
        for (;;) {
          space();
          const key = string();
          space();
          at++; // ":"
          if (members.has(key)) throw new RepeatedKey();
          members.set(key, value());
          space();
          if (text[at++] === "}") break; // else ","
        }
      const keys = [...members.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${keys.map((key) => `${JSON.stringify(key)}:${members.get(key)!}`).join(",")}}`;
    }
    if (c === "[") {
      at++;
      const items: string[] = [];
      space();
      if (text[at] === "]") at++;
      else
        for (;;) {
          items.push(value());
          space();
          if (text[at++] === "]") break; // else ","
        }
      return `[${items.join(",")}]`;
    }
    if (c === '"') return JSON.stringify(string());
    NUMBER_OR_LITERAL.lastIndex = at;
    const match = NUMBER_OR_LITERAL.exec(text);
    if (!match) throw new SyntaxError(`unexpected ${c ?? "end"} at ${at}`);
    at += match[0].length;
    return match[0];
  };
  return value();
}

/**
 * One spelling per policy: whitespace, key order and string escapes do not count, so a policy AWS stores
 * with other whitespace or key order compares equal to what was sent. Anything else does: numbers are
 * compared as written, and a text that is not JSON, or repeats a key (JSON.parse would keep one of them,
 * AWS may keep the other), stays as it is.
 */
export function canonicalPolicy(text: string): string {
  try {
    JSON.parse(text);
    return canonicalJson(text);
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
 * (`MultiRegionAccessPointClientToken`: at most 64 characters, `\S+`:
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_CreateMultiRegionAccessPoint.html).
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
