import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from "yaml";
import { MAX_DEPTH, MAX_NODES } from "./limits.js";
import { joinPointer } from "./pointer.js";
import { SourceDocument } from "./source-document.js";
import type { DocumentProblem, Range, TreeEntry, TreeNode } from "./types.js";

const ACCOUNT_ID_TEXT = /^\d{12}$/;

class TooDeep extends Error {
  constructor(readonly offset: number) {
    super("too deep");
  }
}
class TooBig extends Error {}

/** Parses YAML with exact locations; duplicate keys, syntax errors and numeric account ids become problems. */
export function parseYaml(file: string, text: string): SourceDocument {
  const problems: DocumentProblem[] = [];
  const failed = (kind: DocumentProblem["kind"], message: string, start: number, data?: Record<string, string | number>) => {
    const doc = new SourceDocument(file, text, "yaml", undefined, problems);
    problems.push({ kind, message, pointer: "", range: doc.rangeAt(start, Math.min(start + 1, text.length)), ...(data ? { data } : {}) });
    return doc;
  };
  const flowDepth = flowDepthExceeding(text, MAX_DEPTH);
  if (flowDepth !== undefined) return failed("too-deep", `nested more than ${MAX_DEPTH} levels deep`, flowDepth, { limit: MAX_DEPTH });

  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter, uniqueKeys: false, keepSourceTokens: false, prettyErrors: false });
  } catch (error) {
    if (error instanceof RangeError) return failed("too-deep", `nested more than ${MAX_DEPTH} levels deep`, 0, { limit: MAX_DEPTH });
    throw error;
  }
  const syntax = doc.errors[0];
  if (syntax) {
    const message = syntax.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "").replace(/\.$/, "");
    return failed("syntax", message, syntax.pos[0]);
  }
  const rangeOf = (start: number, end: number): Range => {
    const s = lineCounter.linePos(start);
    const e = lineCounter.linePos(end);
    return { start: { line: s.line, column: s.col, offset: start }, end: { line: e.line, column: e.col, offset: end } };
  };
  let budget = MAX_NODES;

  const convert = (node: YamlNode | null, pointer: string, depth: number, fallback: number): TreeNode => {
    if (--budget < 0) throw new TooBig();
    if (node === null) return { type: "null", range: rangeOf(fallback, fallback) };
    const [start = fallback, end = start] = node.range ?? [];
    if (depth > MAX_DEPTH) throw new TooDeep(start);
    const range = rangeOf(start, end);
    if (isAlias(node)) {
      const target = node.resolve(doc);
      const resolved = convert(target ?? null, pointer, depth + 1, start);
      return { ...resolved, range } as TreeNode;
    }
    if (isMap(node)) {
      const entries = new Map<string, TreeEntry>();
      const firstLines = new Map<string, number>();
      for (const pair of node.items) {
        const keyNode = pair.key as YamlNode | null;
        const key = keyText(keyNode);
        const keyStart = keyNode?.range?.[0] ?? start;
        const keyRange = rangeOf(keyStart, keyNode?.range?.[1] ?? keyStart);
        const childPointer = joinPointer(pointer, key);
        const previous = entries.get(key);
        if (previous) {
          problems.push({
            kind: "duplicate-key",
            message: `duplicate key "${key}"`,
            pointer: childPointer,
            range: keyRange,
            data: { key, firstLine: firstLines.get(key) ?? previous.keyRange.start.line },
          });
          entries.delete(key);
        } else {
          firstLines.set(key, keyRange.start.line);
        }
        entries.set(key, { key, keyRange, node: convert(pair.value as YamlNode | null, childPointer, depth + 1, keyRange.end.offset) });
      }
      return { type: "object", range, entries };
    }
    if (isSeq(node)) {
      return {
        type: "array",
        range,
        items: node.items.map((item, i) => convert(item as YamlNode | null, joinPointer(pointer, i), depth + 1, end)),
      };
    }
    if (isScalar(node)) {
      const value = node.value;
      if (typeof value === "string") return { type: "string", range, value };
      if (typeof value === "number") {
        const source = (node as { source?: unknown }).source;
        if (node.type === "PLAIN" && typeof source === "string" && ACCOUNT_ID_TEXT.test(source)) {
          problems.push({
            kind: "numeric-account-id",
            message: `unquoted account id ${source} was read as the number ${value}`,
            pointer,
            range,
            data: { text: source, number: value },
          });
          return { type: "string", range, value: source };
        }
        return { type: "number", range, value };
      }
      if (typeof value === "bigint") return { type: "number", range, value: Number(value) };
      if (typeof value === "boolean") return { type: "boolean", range, value };
      if (value === null || value === undefined) return { type: "null", range };
      return { type: "string", range, value: String(value) };
    }
    return { type: "null", range };
  };

  let root: TreeNode;
  try {
    root = convert(doc.contents, "", 0, 0);
  } catch (error) {
    if (error instanceof TooDeep) return failed("too-deep", `nested more than ${MAX_DEPTH} levels deep`, error.offset, { limit: MAX_DEPTH });
    if (error instanceof TooBig) return failed("too-many-nodes", `expands to more than ${MAX_NODES} nodes through aliases`, 0, { limit: MAX_NODES });
    if (error instanceof RangeError) return failed("too-deep", `nested more than ${MAX_DEPTH} levels deep`, 0, { limit: MAX_DEPTH });
    throw error;
  }
  return new SourceDocument(file, text, "yaml", root, problems);
}

function keyText(node: YamlNode | null): string {
  if (node === null) return "";
  if (isScalar(node)) {
    const source = (node as { source?: unknown }).source;
    if (typeof node.value === "number" && typeof source === "string") return source;
    return String(node.value ?? "");
  }
  return String(node);
}

/** The offset of the first flow bracket nested deeper than `limit` (quotes and comments skipped). */
function flowDepthExceeding(text: string, limit: number): number | undefined {
  let depth = 0;
  let quote = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (quote !== 0) {
      if (quote === 34 && ch === 92) i++;
      else if (ch === quote) quote = 0;
      continue;
    }
    if (ch === 35 && (i === 0 || text.charCodeAt(i - 1) <= 32)) {
      while (i < text.length && text.charCodeAt(i) !== 10) i++;
    } else if ((ch === 34 || ch === 39) && depth > 0) quote = ch;
    else if (ch === 91 || ch === 123) {
      if (++depth > limit) return i;
    } else if ((ch === 93 || ch === 125) && depth > 0) depth--;
  }
  return undefined;
}
