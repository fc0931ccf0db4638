import { LineIndex } from "./lines.js";
import { parsePointer } from "./pointer.js";
import type { DocumentFormat, DocumentProblem, JsonValue, Position, Range, TreeNode } from "./types.js";

export type LocateTarget = "value" | "key";

/** A parsed file: its text, value, problems, and a way to turn any JSON pointer into a range. */
export class SourceDocument {
  readonly value: JsonValue | undefined;
  private readonly lines: LineIndex;

  constructor(
    readonly file: string,
    readonly text: string,
    readonly format: DocumentFormat,
    readonly root: TreeNode | undefined,
    readonly problems: DocumentProblem[],
  ) {
    this.lines = new LineIndex(text);
    this.value = root === undefined ? undefined : toValue(root);
  }

  get ok(): boolean {
    return this.root !== undefined;
  }

  position(offset: number): Position {
    return this.lines.position(offset);
  }

  /** The node at `pointer`, or undefined when the pointer does not exist. */
  nodeAt(pointer: string): TreeNode | undefined {
    const found = walk(this.root, pointer);
    return found.missing === 0 ? found.node : undefined;
  }

  has(pointer: string): boolean {
    return this.nodeAt(pointer) !== undefined;
  }

  /**
   * The range of the value (or of its key) at `pointer`. A pointer that does not exist resolves to the
   * closest existing ancestor's value; a document that did not parse resolves to its first character.
   */
  locate(pointer: string, target: LocateTarget = "value"): Range {
    const found = walk(this.root, pointer);
    if (found.node === undefined) return this.rangeAt(0, 0);
    if (found.missing === 0 && target === "key" && found.keyRange) return found.keyRange;
    return found.node.range;
  }

  rangeAt(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }
}

interface WalkResult {
  node: TreeNode | undefined;
  keyRange: Range | undefined;
  missing: number;
}

function walk(root: TreeNode | undefined, pointer: string): WalkResult {
  let segments: string[];
  try {
    segments = parsePointer(pointer);
  } catch {
    return { node: root, keyRange: undefined, missing: 1 };
  }
  let node = root;
  let keyRange: Range | undefined;
  for (let i = 0; i < segments.length; i++) {
    if (node === undefined) break;
    const segment = segments[i]!;
    let next: TreeNode | undefined;
    let nextKey: Range | undefined;
    if (node.type === "object") {
      const entry = node.entries.get(segment);
      next = entry?.node;
      nextKey = entry?.keyRange;
    } else if (node.type === "array" && /^(0|[1-9][0-9]*)$/.test(segment)) {
      next = node.items[Number(segment)];
    }
    if (next === undefined) return { node, keyRange: undefined, missing: segments.length - i };
    node = next;
    keyRange = nextKey;
  }
  return { node, keyRange, missing: 0 };
}

function toValue(node: TreeNode): JsonValue {
  switch (node.type) {
    case "object": {
      const out: { [key: string]: JsonValue } = {};
      for (const [key, entry] of node.entries) {
        // Own data properties only, so a "__proto__" key stays a plain key.
        Object.defineProperty(out, key, { value: toValue(entry.node), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case "array":
      return node.items.map(toValue);
    case "null":
      return null;
    default:
      return node.value;
  }
}
