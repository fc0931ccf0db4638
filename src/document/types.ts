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
  key: string;
  keyRange: Range;
  node: TreeNode;
}

/** The parsed value with the source range of every node, the same for JSON and YAML. */
export type TreeNode =
  | { type: "object"; range: Range; entries: Map<string, TreeEntry> }
  | { type: "array"; range: Range; items: TreeNode[] }
  | { type: "string"; range: Range; value: string }
  | { type: "number"; range: Range; value: number }
  | { type: "boolean"; range: Range; value: boolean }
  | { type: "null"; range: Range };
