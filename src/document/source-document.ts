import { LineIndex } from "./lines.js";
import { parsePointer, valueAtPointer } from "./pointer.js";
import type { DocumentFormat, DocumentProblem, JsonValue, Position, Range, TreeNode } from "./types.js";

export type LocateTarget = "value" | "key";

/** A parsed file: its text, value, problems, and a way to turn any JSON pointer into a range. */
export class SourceDocument {
  private readonly lines: LineIndex;
  private tree: TreeNode | (() => TreeNode) | undefined;

  /** `root` may be a function that builds the tree, called when a location is first asked for. */
  constructor(
    readonly file: string,
    readonly text: string,
    readonly format: DocumentFormat,
    root: TreeNode | (() => TreeNode) | undefined,
    readonly value: JsonValue | undefined,
    readonly problems: DocumentProblem[],
  ) {
    this.lines = new LineIndex(text);
    this.tree = root;
  }

  /** Where every value sits in the text; undefined for a document that did not parse. */
  get root(): TreeNode | undefined {
    if (typeof this.tree === "function") this.tree = this.tree();
    return this.tree;
  }

  /** A document with no usable value (syntax error, too large, unreadable). */
  static failed(file: string, text: string, format: DocumentFormat): SourceDocument {
    return new SourceDocument(file, text, format, undefined, undefined, []);
  }

  get ok(): boolean {
    return this.tree !== undefined;
  }

  position(offset: number): Position {
    return this.lines.position(offset);
  }

  rangeAt(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }

  /** The node at `pointer`, or undefined when the pointer does not exist. */
  nodeAt(pointer: string): TreeNode | undefined {
    const found = walk(this.root, pointer);
    return found.missing === 0 ? found.node : undefined;
  }

  has(pointer: string): boolean {
    return this.nodeAt(pointer) !== undefined;
  }

  /** The value at `pointer`, or undefined where the document has no node there. */
  valueAt(pointer: string): JsonValue | undefined {
    // A tree not built yet belongs to JSON without repeated keys, whose value has the tree's shape: the value
    // answers alone, and a clean document never builds its tree.
    if (typeof this.tree !== "function" && this.nodeAt(pointer) === undefined) return undefined;
    return valueAtPointer(this.value, pointer);
  }

  /**
   * The range of the value (or of its key) at `pointer`. A pointer that does not exist resolves to the
   * closest existing ancestor's value; a document that did not parse resolves to its first character.
   */
  locate(pointer: string, target: LocateTarget = "value"): Range {
    const found = walk(this.root, pointer);
    if (found.node === undefined) return this.rangeAt(0, 0);
    if (found.missing === 0 && target === "key" && found.keyStart !== undefined) return this.rangeAt(found.keyStart, found.keyEnd!);
    return this.rangeAt(found.node.start, found.node.end);
  }
}

const INDEX = /^(0|[1-9][0-9]*)$/;

interface WalkResult {
  node: TreeNode | undefined;
  keyStart: number | undefined;
  keyEnd: number | undefined;
  missing: number;
}

function walk(root: TreeNode | undefined, pointer: string): WalkResult {
  let segments: string[];
  try {
    segments = parsePointer(pointer);
  } catch {
    return { node: root, keyStart: undefined, keyEnd: undefined, missing: 1 };
  }
  let node = root;
  let keyStart: number | undefined;
  let keyEnd: number | undefined;
  for (let i = 0; i < segments.length; i++) {
    if (node === undefined) break;
    const segment = segments[i]!;
    let next: TreeNode | undefined;
    let entryKey: [number, number] | undefined;
    if (node.type === "object") {
      const entry = node.entries.get(segment);
      next = entry?.node;
      if (entry) entryKey = [entry.keyStart, entry.keyEnd];
    } else if (node.type === "array" && INDEX.test(segment)) {
      next = node.items[Number(segment)];
    }
    if (next === undefined) return { node, keyStart: undefined, keyEnd: undefined, missing: segments.length - i };
    node = next;
    [keyStart, keyEnd] = entryKey ?? [undefined, undefined];
  }
  return { node, keyStart, keyEnd, missing: 0 };
}
