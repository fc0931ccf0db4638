export type { DocumentFormat, DocumentProblem, DocumentProblemKind, JsonValue, Position, Range, TreeNode } from "./types.js";
export { SourceDocument, type LocateTarget } from "./source-document.js";
export { escapeSegment, isWithin, joinPointer, parsePointer, unescapeSegment, valueAtPointer } from "./pointer.js";
export { formatFor, loadDocument, parseText } from "./load.js";
export { resolveReference, type ReferenceResult } from "./references.js";
export { MAX_DEPTH, MAX_FILE_BYTES } from "./limits.js";
export { readBoundedFile, type BoundedRead, type BoundedReadOptions } from "./read.js";
