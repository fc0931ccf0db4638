import { MAX_FILE_BYTES } from "./limits.js";
import { parseJson } from "./parse-json.js";
import { readBoundedFile } from "./read.js";
import { SourceDocument } from "./source-document.js";
import type { DocumentFormat } from "./types.js";

export function formatFor(file: string, text: string): DocumentFormat {
  const lower = file.toLowerCase();
  if (lower.endsWith(".json")) return "json";
  if (lower.endsWith(".yaml") || lower.endsWith(".yml")) return "yaml";
  const first = text.trimStart().charAt(0);
  return first === "{" || first === "[" ? "json" : "yaml";
}

/** Parses text as JSON or YAML; YAML support is loaded only when a YAML document is seen. */
export async function parseText(file: string, text: string, format: DocumentFormat = formatFor(file, text)): Promise<SourceDocument> {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.length > MAX_FILE_BYTES) return oversized(file, body, format, body.length);
  if (format === "json") return parseJson(file, body);
  const { parseYaml } = await import("./parse-yaml.js");
  return parseYaml(file, body);
}

/**
 * Reads and parses a file. Files over the size limit are not read; an unreadable file becomes a problem. With
 * `root`, a file below it that resolves through a symlink to outside it is not read either: a pull request can add
 * such a link, and what it points to is none of the project's business.
 */
export async function loadDocument(path: string, file: string = path, root?: string, realFolders?: Map<string, string>): Promise<SourceDocument> {
  const read = readBoundedFile(path, root === undefined ? {} : { root, ...(realFolders ? { realFolders } : {}) });
  if (!read.ok) {
    if (read.reason === "too-large") return oversized(file, "", formatFor(file, ""), read.size ?? MAX_FILE_BYTES + 1);
    return unreadable(file, read.message);
  }
  return parseText(file, read.bytes.toString("utf8"));
}

function oversized(file: string, text: string, format: DocumentFormat, size: number): SourceDocument {
  const doc = SourceDocument.failed(file, text, format);
  doc.problems.push({
    kind: "too-large",
    message: `file is ${size} bytes, over the ${MAX_FILE_BYTES}-byte limit`,
    pointer: "",
    range: doc.rangeAt(0, 0),
    data: { size, limit: MAX_FILE_BYTES },
  });
  return doc;
}

function unreadable(file: string, why: string): SourceDocument {
  const doc = SourceDocument.failed(file, "", formatFor(file, ""));
  doc.problems.push({ kind: "unreadable", message: `cannot read file: ${why}`, pointer: "", range: doc.rangeAt(0, 0), data: { reason: why } });
  return doc;
}

export function reason(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "it is a directory";
  return error instanceof Error ? error.message : String(error);
}
