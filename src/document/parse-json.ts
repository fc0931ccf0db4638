import { parse, type AnyNode, type ValueNode } from "@humanwhocodes/momoa";
import { MAX_DEPTH } from "./limits.js";
import { joinPointer } from "./pointer.js";
import { SourceDocument } from "./source-document.js";
import type { DocumentProblem, Range, TreeEntry, TreeNode } from "./types.js";

/** Parses JSON with momoa, keeping 1-based locations, duplicate keys and syntax errors as problems. */
export function parseJson(file: string, text: string): SourceDocument {
  const problems: DocumentProblem[] = [];
  const depth = jsonDepthExceeding(text, MAX_DEPTH);
  if (depth !== undefined) {
    const doc = new SourceDocument(file, text, "json", undefined, problems);
    problems.push({
      kind: "too-deep",
      message: `nested more than ${MAX_DEPTH} levels deep`,
      pointer: "",
      range: doc.rangeAt(depth, depth + 1),
      data: { limit: MAX_DEPTH },
    });
    return doc;
  }
  let ast;
  try {
    ast = parse(text, { mode: "json", ranges: true });
  } catch (error) {
    const doc = new SourceDocument(file, text, "json", undefined, problems);
    const offset = typeof (error as { offset?: unknown }).offset === "number" ? (error as { offset: number }).offset : 0;
    const raw = error instanceof Error ? error.message : String(error);
    problems.push({
      kind: "syntax",
      message: raw.replace(/\s*\(\d+:\d+\)\s*$/, "").replace(/\.$/, ""),
      pointer: "",
      range: doc.rangeAt(offset, Math.min(offset + 1, text.length)),
    });
    return doc;
  }
  const root = convert(ast.body, "", problems);
  return new SourceDocument(file, text, "json", root, problems);
}

function rangeOf(node: AnyNode): Range {
  return { start: { ...node.loc.start }, end: { ...node.loc.end } };
}

function convert(node: ValueNode, pointer: string, problems: DocumentProblem[]): TreeNode {
  const range = rangeOf(node);
  switch (node.type) {
    case "Object": {
      const entries = new Map<string, TreeEntry>();
      const firstLines = new Map<string, number>();
      for (const member of node.members) {
        const key = member.name.type === "String" ? member.name.value : member.name.name;
        const childPointer = joinPointer(pointer, key);
        const keyRange = rangeOf(member.name);
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
        entries.set(key, { key, keyRange, node: convert(member.value, childPointer, problems) });
      }
      return { type: "object", range, entries };
    }
    case "Array":
      return { type: "array", range, items: node.elements.map((element, i) => convert(element.value, joinPointer(pointer, i), problems)) };
    case "String":
      return { type: "string", range, value: node.value };
    case "Number":
      return { type: "number", range, value: node.value };
    case "Boolean":
      return { type: "boolean", range, value: node.value };
    case "Null":
      return { type: "null", range };
    default:
      // JSON mode yields no other node types; NaN/Infinity/identifiers belong to JSON5.
      return { type: "null", range };
  }
}

/** The offset of the first bracket that nests deeper than `limit`, ignoring brackets inside strings. */
export function jsonDepthExceeding(text: string, limit: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92) i++;
      else if (ch === 34) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 123 || ch === 91) {
      if (++depth > limit) return i;
    } else if (ch === 125 || ch === 93) depth--;
  }
  return undefined;
}
