import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { MAX_FILE_BYTES } from "./limits.js";
import { parseJson } from "./parse-json.js";
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

/** Reads and parses a file. Files over the size limit are not read; an unreadable file becomes a problem. */
export async function loadDocument(path: string, file: string = path): Promise<SourceDocument> {
  // Synchronous reads, with one fstat for both the size limit and the buffer: thousands of small files read
  // one after another beat as many concurrent async reads.
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    return unreadable(file, reason(error));
  }
  let text: string;
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return unreadable(file, "it is not a regular file");
    if (info.size > MAX_FILE_BYTES) return oversized(file, "", formatFor(file, ""), info.size);
    const buffer = Buffer.allocUnsafe(info.size);
    let read = 0;
    while (read < info.size) {
      const n = readSync(fd, buffer, read, info.size - read, read);
      if (n === 0) break;
      read += n;
    }
    text = buffer.toString("utf8", 0, read);
  } catch (error) {
    return unreadable(file, reason(error));
  } finally {
    closeSync(fd);
  }
  return parseText(file, text);
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
