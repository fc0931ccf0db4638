import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node as YamlNode } from "yaml";
import { MAX_DEPTH, MAX_NODES } from "./limits.js";
import { joinPointer } from "./pointer.js";
import { SourceDocument } from "./source-document.js";
import type { DocumentProblem, JsonValue, TreeEntry, TreeNode } from "./types.js";
import { yamlShapeProblem } from "./yaml-prescan.js";

const ACCOUNT_ID_TEXT = /^\d{12}$/;

class TooDeep extends Error {
  constructor(readonly offset: number) {
    super("too deep");
  }
}
class TooBig extends Error {}
class Unresolved extends Error {
  constructor(readonly offset: number, readonly alias: string) {
    super("unresolved alias");
  }
}

/** Parses YAML with exact locations; duplicate keys, syntax errors and numeric account ids become problems. */
export function parseYaml(file: string, text: string): SourceDocument {
  const failed = (kind: DocumentProblem["kind"], message: string, start: number, data?: Record<string, string | number>) => {
    const doc = SourceDocument.failed(file, text, "yaml");
    doc.problems.push({ kind, message, pointer: "", range: doc.rangeAt(start, Math.min(start + 1, text.length)), ...(data ? { data } : {}) });
    return doc;
  };
  const tooDeep = (offset: number) => failed("too-deep", `nested more than ${MAX_DEPTH} levels deep`, offset, { limit: MAX_DEPTH });
  const tooManyWritten = (offset: number) => failed("too-many-nodes-written", `has more than ${MAX_NODES} nodes`, offset, { limit: MAX_NODES });
  const shape = yamlShapeProblem(text, MAX_DEPTH, MAX_NODES);
  if (shape?.kind === "too-deep") return tooDeep(shape.offset);
  if (shape) return tooManyWritten(shape.offset);

  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { uniqueKeys: false, keepSourceTokens: false, prettyErrors: false });
  } catch (error) {
    if (error instanceof RangeError) return tooDeep(0);
    throw error;
  }
  const syntax = doc.errors[0];
  if (syntax) {
    const message = syntax.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "").replace(/\.$/, "");
    return failed("syntax", message, syntax.pos[0]);
  }

  const problems: DocumentProblem[] = [];
  let positions: SourceDocument | undefined;
  const rangeAt = (start: number, end: number) => (positions ??= SourceDocument.failed(file, text, "yaml")).rangeAt(start, end);
  let budget = MAX_NODES;
  let value: JsonValue = null;
  /** The keys and indexes down to the node being converted; its pointer is built only for a problem. */
  const path: (string | number)[] = [];
  const pointerOf = () => joinPointer("", ...path);
  // An alias names the closest anchor before it in document order. The yaml package's Alias.resolve finds it by
  // walking the document from its start, once per alias: quadratic in a file of thousands of aliases. The walk
  // below is in document order, so it keeps the anchors it has passed and resolves each alias the first time it
  // meets it (an alias inside an anchored node is met first inside it, before any alias to that node).
  const anchors = new Map<string, YamlNode>();
  const targets = new Map<YamlNode, YamlNode>();
  /** Above 0 while an aliased node is converted again: its anchors were kept the first time. */
  let replaying = 0;
  const enter = (node: YamlNode | null): void => {
    if (replaying > 0) return;
    const anchor = (node as { anchor?: unknown } | null)?.anchor;
    if (typeof anchor === "string") anchors.set(anchor, node!);
  };

  /** Returns the node's offsets and leaves its value in `value`. */
  const convert = (node: YamlNode | null, depth: number, fallback: number, untagged = false): TreeNode => {
    if (--budget < 0) throw new TooBig();
    if (node === null) {
      value = null;
      return { type: "scalar", start: fallback, end: fallback };
    }
    const range = node.range;
    const start = range?.[0] ?? fallback;
    const end = range?.[1] ?? start;
    if (depth > MAX_DEPTH) throw new TooDeep(start);
    if (isAlias(node)) {
      let target = targets.get(node);
      if (target === undefined) {
        target = anchors.get(node.source);
        if (target === undefined) throw new Unresolved(start, node.source);
        targets.set(node, target);
      }
      replaying++;
      const resolved = convert(target, depth + 1, start);
      replaying--;
      return { ...resolved, start, end };
    }
    enter(node);
    const intrinsic = untagged ? undefined : shortForm(node);
    if (intrinsic !== undefined) {
      // CloudFormation's `!Ref X` is `{"Ref": "X"}`: an object of one key, placed where the tagged value is.
      const inner = intrinsic === "Fn::GetAtt" && isScalar(node) && typeof node.value === "string" ? getAttParts(node.value, start, end) : convert(node, depth + 1, start, true);
      const out: { [key: string]: JsonValue } = {};
      out[intrinsic] = value;
      value = out;
      return { type: "object", start, end, entries: new Map([[intrinsic, { keyStart: start, keyEnd: start, node: inner }]]) };
    }
    if (isMap(node)) {
      const entries = new Map<string, TreeEntry>();
      const out: { [key: string]: JsonValue } = {};
      let firstLines: Map<string, number> | undefined;
      for (const pair of node.items) {
        const keyNode = pair.key as YamlNode | null;
        enter(keyNode);
        const key = keyText(keyNode);
        const keyStart = keyNode?.range?.[0] ?? start;
        const keyEnd = keyNode?.range?.[1] ?? keyStart;
        path.push(key);
        const previous = entries.get(key);
        if (previous) {
          firstLines ??= new Map();
          const firstLine = firstLines.get(key) ?? rangeAt(previous.keyStart, previous.keyEnd).start.line;
          firstLines.set(key, firstLine);
          problems.push({ kind: "duplicate-key", message: `duplicate key "${key}"`, pointer: pointerOf(), range: rangeAt(keyStart, keyEnd), data: { key, firstLine } });
          entries.delete(key);
        }
        const child = convert(pair.value as YamlNode | null, depth + 1, keyEnd);
        path.pop();
        entries.set(key, { keyStart, keyEnd, node: child });
        // An own data property, so a "__proto__" key stays a plain key.
        if (key === "__proto__") Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
        else out[key] = value;
      }
      value = out;
      return { type: "object", start, end, entries };
    }
    if (isSeq(node)) {
      const items: TreeNode[] = [];
      const out: JsonValue[] = [];
      for (let i = 0; i < node.items.length; i++) {
        path.push(i);
        items.push(convert(node.items[i] as YamlNode | null, depth + 1, end));
        path.pop();
        out.push(value);
      }
      value = out;
      return { type: "array", start, end, items };
    }
    if (isScalar(node)) value = scalarValue(node, start, end);
    else value = null;
    return { type: "scalar", start, end };
  };

  /** `!GetAtt Res.Attr.Part` is `["Res", "Attr.Part"]` (an attribute name may hold dots); both items sit on the scalar. */
  const getAttParts = (text: string, start: number, end: number): TreeNode => {
    if (--budget < 0) throw new TooBig();
    const dot = text.indexOf(".");
    const parts = dot < 0 ? [text] : [text.slice(0, dot), text.slice(dot + 1)];
    value = parts;
    return { type: "array", start, end, items: parts.map(() => ({ type: "scalar", start, end })) };
  };

  const scalarValue = (node: YamlNode & { value: unknown }, start: number, end: number): JsonValue => {
    const raw = node.value;
    if (typeof raw === "string") return raw;
    if (typeof raw === "number") {
      const source = (node as { source?: unknown }).source;
      if ((node as { type?: unknown }).type === "PLAIN" && typeof source === "string" && ACCOUNT_ID_TEXT.test(source)) {
        problems.push({
          kind: "numeric-account-id",
          message: `unquoted account id ${source} was read as the number ${raw}`,
          pointer: pointerOf(),
          range: rangeAt(start, end),
          data: { text: source, number: raw },
        });
        return source;
      }
      return raw;
    }
    if (typeof raw === "bigint") return Number(raw);
    if (typeof raw === "boolean") return raw;
    if (raw === null || raw === undefined) return null;
    return String(raw);
  };

  let root: TreeNode;
  try {
    root = convert(doc.contents, 0, 0);
  } catch (error) {
    if (error instanceof TooDeep) return tooDeep(error.offset);
    if (error instanceof Unresolved) return failed("syntax", `unresolved alias *${error.alias}: an anchor &${error.alias} must come before it`, error.offset);
    // The scan counts from below, so a document can pass it and still hold too many nodes without any alias.
    if (error instanceof TooBig && targets.size === 0) return tooManyWritten(0);
    if (error instanceof TooBig) return failed("too-many-nodes", `expands to more than ${MAX_NODES} nodes through aliases`, 0, { limit: MAX_NODES });
    if (error instanceof RangeError) return tooDeep(0);
    throw error;
  }
  return new SourceDocument(file, text, "yaml", root, value, problems);
}

/**
 * CloudFormation's YAML short forms and the functions they stand for: each function's page in the template
 * reference gives "syntax for the short form" (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference.html).
 * Any other tag keeps the value it tags, as YAML does for a tag it does not know.
 */
const SHORT_FORMS = new Map<string, string>([
  ["!Ref", "Ref"],
  ["!Condition", "Condition"],
  ...["Base64", "Cidr", "And", "Equals", "If", "Not", "Or", "FindInMap", "GetAtt", "GetAZs", "ImportValue", "Join", "Select", "Split", "Sub", "Transform"].map((name) => [`!${name}`, `Fn::${name}`] as [string, string]),
]);

function shortForm(node: YamlNode): string | undefined {
  const tag = (node as { tag?: unknown }).tag;
  return typeof tag === "string" ? SHORT_FORMS.get(tag) : undefined;
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
