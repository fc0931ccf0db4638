/** The rule tester's check of what a finding underlines (internal to mrap-guard/testing). */
import { parseDocument as parseYamlDocument, stringify as stringifyYaml, visit as visitYaml, type Document as YamlDocument } from "yaml";
import { parsePointer, type JsonValue } from "../document/index.js";

/** Where a finding sits: its pointer and its range (lines and columns from 1, the end exclusive). */
export interface Underline {
  pointer: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface UnderlineProblem {
  message: string;
  /** The text the finding underlines. */
  actual: string;
  /** What it should underline (for an object or array, the value as the file writes it). */
  expected: string;
}

/** The value at `segments` in `value`, or undefined when they lead past a scalar or to nothing. */
function valueAt(value: JsonValue | undefined, segments: readonly string[]): JsonValue | undefined {
  let current = value;
  for (const segment of segments) {
    if (current === null || current === undefined || typeof current !== "object") return undefined;
    current = Array.isArray(current) ? current[Number(segment)] : Object.prototype.hasOwnProperty.call(current, segment) ? current[segment] : undefined;
  }
  return current;
}

/**
 * Whether the finding underlines what its pointer names in `text`, the file written from `value`: the key
 * (`at: "key"`), the scalar (without its quotes), or the whole object or array (see coversExactly). A pointer to a
 * member the value lacks (a missing property, underlined on its parent) is not checked.
 */
export function underlineProblem(finding: Underline, text: string, format: "json" | "yaml", value: JsonValue | undefined, at: "key" | "value"): UnderlineProblem | undefined {
  const segments = parsePointer(finding.pointer);
  const current = valueAt(value, segments);
  if (current === undefined) return undefined;
  const lineStarts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lineStarts.push(i + 1);
  const offset = (line: number, column: number) => (lineStarts[line - 1] ?? text.length) + column - 1;
  const actual = text.slice(offset(finding.line, finding.column), offset(finding.endLine, finding.endColumn));
  const problem = (what: string, expected: string): UnderlineProblem => ({ message: `should underline ${what}; it underlines ${JSON.stringify(actual)}`, actual, expected });
  if (at === "key") {
    const key = segments.at(-1) ?? "";
    return unquote(actual) === key ? undefined : problem(`the key ${JSON.stringify(key)}`, key);
  }
  if (current === null || typeof current !== "object") {
    return unquote(actual) === String(current) ? undefined : problem(`the value ${JSON.stringify(current)}`, String(current));
  }
  if (coversExactly(actual, current, format, finding.column, text)) return undefined;
  const written = format === "json" ? JSON.stringify(current, null, 2) : stringifyYaml(current);
  return problem(`the whole ${Array.isArray(current) ? "array" : "object"}`, written);
}

function unquote(slice: string): string {
  return slice.replace(/^["']|["']$/g, "");
}

/**
 * Whether `slice` is exactly the object or array `value` as written in `text`: read back, it is the value, and it
 * has no space around it. JSON: it starts at `{`/`[` and ends after the matching `}`/`]`. YAML: a block
 * collection starts at its first entry (its first key, or its first `-`) and ends after its last value, or after
 * that value's line break (where the `yaml` parser ends a block collection); a flow collection is as in JSON.
 */
function coversExactly(slice: string, value: JsonValue, format: "json" | "yaml", column: number, text: string): boolean {
  const expected = JSON.stringify(value);
  if (format === "json") {
    const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
    if (!slice.startsWith(open) || !slice.endsWith(close)) return false;
    try {
      return JSON.stringify(JSON.parse(slice)) === expected;
    } catch {
      return false;
    }
  }
  const body = slice.endsWith("\n") ? slice.slice(0, -1) : slice;
  if (body === "" || body !== body.trim()) return false;
  // The first line starts at `column`; the lines after it keep their indentation: indent the first line alike.
  const part = parseYamlDocument(" ".repeat(column - 1) + body);
  if (part.errors.length > 0) return false;
  // An alias in the slice (`*a1`, for an object a case uses twice) names an anchor elsewhere in the file.
  let whole: YamlDocument | undefined;
  let unresolved = false;
  visitYaml(part, {
    Alias(_key, alias) {
      whole ??= parseYamlDocument(text);
      const target = alias.resolve(whole);
      if (target === undefined) {
        unresolved = true;
        return visitYaml.BREAK;
      }
      return part.createNode(target.toJS(whole));
    },
  });
  return !unresolved && JSON.stringify(part.toJS()) === expected;
}
