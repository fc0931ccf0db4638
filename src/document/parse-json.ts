import { MAX_DEPTH } from "./limits.js";
import { escapeSegment } from "./pointer.js";
import { SourceDocument } from "./source-document.js";
import type { DocumentProblem, JsonValue, TreeEntry, TreeNode } from "./types.js";

class SyntaxProblem extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly kind: "syntax" | "too-deep" = "syntax",
  ) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const HEX4 = /[0-9a-fA-F]{4}/y;

/** What a scan that builds no tree returns for every value. */
const UNBUILT: TreeNode = { type: "scalar", start: 0, end: 0 };

/** Objects with more keys than this look for a repeated key in a Set rather than in the list of keys. */
const LINEAR_KEYS = 16;

/**
 * A strict JSON (RFC 8259) scanner that builds the offset tree, reports duplicate keys, and stops at the depth
 * limit instead of recursing without bound. It accepts exactly what JSON.parse accepts (raw control characters
 * in strings are refused), so once it passes, the value itself comes from the native JSON.parse.
 *
 * With `build` false it only checks: the same errors at the same offsets, and `repeatedKey` instead of
 * duplicate-key problems, but no tree (most documents never need one).
 */
class JsonParser {
  private pos = 0;
  private readonly path: (string | number)[] = [];
  /** Keys of the objects being checked, innermost last (check mode). */
  private readonly keys: string[] = [];
  repeatedKey = false;

  constructor(
    private readonly text: string,
    private readonly problems: DocumentProblem[],
    private readonly doc: () => SourceDocument,
    private readonly build = true,
  ) {}

  parse(): TreeNode {
    this.skipSpace();
    const root = this.parseValue(0);
    this.skipSpace();
    if (this.pos < this.text.length) throw new SyntaxProblem(`Unexpected ${this.describe(this.pos)} after the end of the document`, this.pos);
    return root;
  }

  private parseValue(depth: number): TreeNode {
    const ch = this.text.charCodeAt(this.pos);
    if (ch === 123) return this.parseObject(depth + 1);
    if (ch === 91) return this.parseArray(depth + 1);
    const start = this.pos;
    if (ch === 34) {
      this.skipString();
    } else if (ch === 116 && this.text.startsWith("true", start)) {
      this.pos += 4;
    } else if (ch === 102 && this.text.startsWith("false", start)) {
      this.pos += 5;
    } else if (ch === 110 && this.text.startsWith("null", start)) {
      this.pos += 4;
    } else if (ch === 45 || (ch >= 48 && ch <= 57)) {
      NUMBER.lastIndex = start;
      const match = NUMBER.exec(this.text);
      if (!match || match[0] === "-") throw new SyntaxProblem(`Invalid number`, start);
      this.pos += match[0].length;
    } else {
      throw new SyntaxProblem(`Unexpected ${this.describe(start)}; expected a value`, start);
    }
    return this.build ? { type: "scalar", start, end: this.pos } : UNBUILT;
  }

  private parseObject(depth: number): TreeNode {
    const start = this.pos;
    if (depth > MAX_DEPTH) throw new SyntaxProblem(`nested more than ${MAX_DEPTH} levels deep`, start, "too-deep");
    if (!this.build) return this.checkObject(depth);
    this.pos++;
    const entries = new Map<string, TreeEntry>();
    let firstLines: Map<string, number> | undefined;
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) === 125) {
      this.pos++;
      return { type: "object", start, end: this.pos, entries };
    }
    for (;;) {
      if (this.text.charCodeAt(this.pos) !== 34) throw new SyntaxProblem(`Unexpected ${this.describe(this.pos)}; expected a property name in double quotes`, this.pos);
      const keyStart = this.pos;
      const key = this.skipString(true)!;
      const keyEnd = this.pos;
      this.skipSpace();
      if (this.text.charCodeAt(this.pos) !== 58) throw new SyntaxProblem(`Unexpected ${this.describe(this.pos)}; expected ":"`, this.pos);
      this.pos++;
      this.skipSpace();
      this.path.push(key);
      const node = this.parseValue(depth);
      this.path.pop();
      const previous = entries.get(key);
      if (previous) {
        firstLines ??= new Map();
        const firstLine = firstLines.get(key) ?? this.doc().position(previous.keyStart).line;
        firstLines.set(key, firstLine);
        const pointer = this.pointer() + "/" + escapeSegment(key);
        this.problems.push({ kind: "duplicate-key", message: `duplicate key "${key}"`, pointer, range: this.doc().rangeAt(keyStart, keyEnd), data: { key, firstLine } });
        entries.delete(key);
      }
      entries.set(key, { keyStart, keyEnd, node });
      if (this.closes(125, "}")) break;
    }
    return { type: "object", start, end: this.pos, entries };
  }

  /** `parseObject` without the tree: the same scan, noting whether a key repeats. */
  private checkObject(depth: number): TreeNode {
    this.pos++;
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) === 125) {
      this.pos++;
      return UNBUILT;
    }
    const frame = this.keys.length;
    let large: Set<string> | undefined;
    for (;;) {
      if (this.text.charCodeAt(this.pos) !== 34) throw new SyntaxProblem(`Unexpected ${this.describe(this.pos)}; expected a property name in double quotes`, this.pos);
      const key = this.skipString(true)!;
      this.skipSpace();
      if (this.text.charCodeAt(this.pos) !== 58) throw new SyntaxProblem(`Unexpected ${this.describe(this.pos)}; expected ":"`, this.pos);
      this.pos++;
      this.skipSpace();
      this.parseValue(depth);
      if (large) {
        if (large.has(key)) this.repeatedKey = true;
        large.add(key);
      } else {
        if (this.keys.indexOf(key, frame) >= 0) this.repeatedKey = true;
        this.keys.push(key);
        if (this.keys.length - frame > LINEAR_KEYS) large = new Set(this.keys.slice(frame));
      }
      if (this.closes(125, "}")) break;
    }
    this.keys.length = frame;
    return UNBUILT;
  }

  private parseArray(depth: number): TreeNode {
    const start = this.pos;
    if (depth > MAX_DEPTH) throw new SyntaxProblem(`nested more than ${MAX_DEPTH} levels deep`, start, "too-deep");
    this.pos++;
    const items: TreeNode[] = [];
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) === 93) {
      this.pos++;
      return this.build ? { type: "array", start, end: this.pos, items } : UNBUILT;
    }
    for (;;) {
      if (this.build) {
        this.path.push(items.length);
        items.push(this.parseValue(depth));
        this.path.pop();
      } else {
        this.parseValue(depth);
      }
      if (this.closes(93, "]")) break;
    }
    return this.build ? { type: "array", start, end: this.pos, items } : UNBUILT;
  }

  /** After an item: true past the closing bracket, false past a comma (another item follows). */
  private closes(close: number, text: string): boolean {
    this.skipSpace();
    const next = this.text.charCodeAt(this.pos);
    if (next === 44) {
      this.pos++;
      this.skipSpace();
      return false;
    }
    if (next === close) {
      this.pos++;
      return true;
    }
    throw new SyntaxProblem(`Unexpected ${this.describe(this.pos)}; expected "," or "${text}"`, this.pos);
  }

  /** Moves past a string, validating it; returns its value only when asked (keys). */
  private skipString(wanted = false): string | undefined {
    const start = this.pos;
    const text = this.text;
    let i = start + 1;
    let escaped = false;
    for (;;) {
      // A run of characters that need no attention: not a quote, a backslash or a control character.
      let ch = text.charCodeAt(i);
      while (ch >= 0x20 && ch !== 34 && ch !== 92) ch = text.charCodeAt(++i);
      if (i >= text.length) throw new SyntaxProblem("Unterminated string", start);
      if (ch === 34) break;
      if (ch < 0x20) throw new SyntaxProblem(`Unescaped control character U+${ch.toString(16).toUpperCase().padStart(4, "0")} in a string`, i);
      escaped = true;
      const next = this.text.charCodeAt(i + 1);
      if (next === 117) {
        HEX4.lastIndex = i + 2;
        if (!HEX4.test(this.text)) throw new SyntaxProblem("Invalid \\u escape in a string", i);
        i += 6;
      } else if (next === 34 || next === 92 || next === 47 || next === 98 || next === 102 || next === 110 || next === 114 || next === 116) {
        i += 2;
      } else throw new SyntaxProblem("Invalid escape sequence in a string", i);
    }
    this.pos = i + 1;
    if (!wanted) return undefined;
    return escaped ? (JSON.parse(this.text.slice(start, i + 1)) as string) : this.text.slice(start + 1, i);
  }

  private skipSpace(): void {
    const text = this.text;
    let pos = this.pos;
    let ch = text.charCodeAt(pos);
    while (ch === 32 || ch === 10 || ch === 13 || ch === 9) ch = text.charCodeAt(++pos);
    this.pos = pos;
  }

  private describe(offset: number): string {
    if (offset >= this.text.length) return "end of input";
    const ch = this.text.codePointAt(offset)!;
    return ch < 0x20 ? `character U+${ch.toString(16).toUpperCase().padStart(4, "0")}` : `character "${String.fromCodePoint(ch)}"`;
  }

  private pointer(): string {
    let out = "";
    for (const segment of this.path) out += "/" + escapeSegment(segment);
    return out;
  }
}

/** Objects with more keys than this are left to the scanner. */
const PLAIN_KEYS = 16;

/**
 * The value of a document with nothing to report, the common case, found without the scanner: JSON.parse accepts
 * it (and so would the scanner), it nests no deeper than the limit, and no object repeats a key. Objects with
 * escaped or many keys are left to the scanner too. Undefined when the scanner has to look.
 */
function plainValue(text: string): JsonValue | undefined {
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
  // Valid JSON: a string followed by ":" is a key, and brackets outside strings open and close values.
  const keys: string[] = [];
  /** Per open bracket: where its keys start in `keys`, or -1 for an array. */
  const frames: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 34) {
      const end = closingQuote(text, i);
      let next = end + 1;
      while (isSpace(text.charCodeAt(next))) next++;
      if (text.charCodeAt(next) === 58) {
        const key = text.slice(i + 1, end);
        const frame = frames[frames.length - 1]!;
        if (key.includes("\\") || keys.length - frame >= PLAIN_KEYS || keys.indexOf(key, frame) >= 0) return undefined;
        keys.push(key);
      }
      i = end;
    } else if (ch === 123 || ch === 91) {
      if (frames.length >= MAX_DEPTH) return undefined;
      frames.push(ch === 123 ? keys.length : -1);
    } else if (ch === 125 || ch === 93) {
      const frame = frames.pop()!;
      if (frame >= 0) keys.length = frame;
    }
  }
  return value;
}

/** The offset of the quote that closes the (valid) string opened at `open`. */
function closingQuote(text: string, open: number): number {
  let end = text.indexOf('"', open + 1);
  while (isEscaped(text, end)) end = text.indexOf('"', end + 1);
  return end;
}

/** An odd run of backslashes before `offset`. */
function isEscaped(text: string, offset: number): boolean {
  let backslashes = 0;
  while (text.charCodeAt(offset - 1 - backslashes) === 92) backslashes++;
  return backslashes % 2 === 1;
}

function isSpace(ch: number): boolean {
  return ch === 32 || ch === 10 || ch === 13 || ch === 9;
}

/** Parses JSON with exact locations; duplicate keys, syntax errors and excessive nesting become problems. */
export function parseJson(file: string, text: string): SourceDocument {
  const problems: DocumentProblem[] = [];
  let doc: SourceDocument | undefined;
  const scratch = () => (doc ??= SourceDocument.failed(file, text, "json"));
  // The tree is built when a location is first asked for.
  const plain = plainValue(text);
  if (plain !== undefined) return new SourceDocument(file, text, "json", () => new JsonParser(text, [], scratch).parse(), plain, problems);
  try {
    const check = new JsonParser(text, problems, scratch, false);
    check.parse();
    const value = JSON.parse(text) as JsonValue;
    // A repeated key needs the tree now, for its problem.
    if (check.repeatedKey) return new SourceDocument(file, text, "json", new JsonParser(text, problems, scratch).parse(), value, problems);
    return new SourceDocument(file, text, "json", () => new JsonParser(text, [], scratch).parse(), value, problems);
  } catch (error) {
    if (!(error instanceof SyntaxProblem)) throw error;
    const failed = SourceDocument.failed(file, text, "json");
    failed.problems.push({
      kind: error.kind,
      message: error.message,
      pointer: "",
      range: failed.rangeAt(error.offset, Math.min(error.offset + 1, text.length)),
      ...(error.kind === "too-deep" ? { data: { limit: MAX_DEPTH } } : {}),
    });
    return failed;
  }
}
