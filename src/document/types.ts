/** A 1-based line and column, plus the 0-based offset into the text. */
export interface Position {
  line: number;
  column: number;
  offset: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export type DocumentFormat = "json" | "yaml";

export type DocumentProblemKind =
  | "syntax"
  | "duplicate-key"
  | "numeric-account-id"
  | "too-large"
  | "too-many-nodes"
  | "too-many-nodes-written"
  | "too-deep"
  | "unreadable";

/** Something wrong with the text itself, found while parsing. */
export interface DocumentProblem {
  kind: DocumentProblemKind;
  message: string;
  pointer: string;
  range: Range;
  data?: Record<string, string | number>;
}

export interface TreeEntry {
  keyStart: number;
  keyEnd: number;
  node: TreeNode;
}

/**
 * Where every value sits in the text, the same for JSON and YAML. Offsets only: lines and columns are
 * computed when a finding needs them, so clean files cost no position objects.
 */
export type TreeNode =
  | { type: "object"; start: number; end: number; entries: Map<string, TreeEntry> }
  | { type: "array"; start: number; end: number; items: TreeNode[] }
  | { type: "scalar"; start: number; end: number };
