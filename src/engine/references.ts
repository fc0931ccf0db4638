import { closeSync, constants, openSync, readSync } from "node:fs";
import { basename, relative, sep } from "node:path";
import { MAX_FILE_BYTES, resolveReference, type JsonValue, type SourceDocument } from "../document/index.js";
import { expandInputs } from "./files.js";
import { inferKind } from "./kinds.js";
import type { DocumentKind, PolicyRole } from "./types.js";

/** One place in a manifest where a policy is given: inline, as a JSON string, or as a path to a file. */
export interface PolicySlot {
  kind: DocumentKind;
  role: PolicyRole;
  value: JsonValue;
}

/** The policies a manifest gives: `MultiRegionAccessPoint.Policy`, each Region's `BucketPolicy`, each access point's `Policy`. */
export function policySlots(manifest: JsonValue | undefined): PolicySlot[] {
  const slots: PolicySlot[] = [];
  const mrap = field(manifest, "MultiRegionAccessPoint");
  const mrapPolicy = field(mrap, "Policy");
  if (mrapPolicy !== undefined) slots.push({ kind: "mrap-policy", role: { type: "mrap", pointer: "/MultiRegionAccessPoint/Policy" }, value: mrapPolicy });
  list(field(mrap, "Regions")).forEach((region, index) => {
    const value = field(region, "BucketPolicy");
    if (value !== undefined) slots.push({ kind: "bucket-policy", role: { type: "bucket", index, pointer: `/MultiRegionAccessPoint/Regions/${index}/BucketPolicy` }, value });
  });
  list(field(manifest, "AccessPoints")).forEach((ap, index) => {
    const value = field(ap, "Policy");
    if (value !== undefined) slots.push({ kind: "access-point-policy", role: { type: "access-point", index, pointer: `/AccessPoints/${index}/Policy` }, value });
  });
  return slots;
}

/** A policy given as a path to a file (a string that is not JSON text). */
export function isPolicyPath(value: JsonValue): value is string {
  return typeof value === "string" && !value.trimStart().startsWith("{");
}

export interface FindManifestsOptions {
  root: string;
  isIgnored(rootRelative: string): boolean;
  kindFor(rootRelative: string): DocumentKind | undefined;
  /** Parses a candidate's text into the document the lint will use (so it is not read twice). */
  parse(path: string, text: string): Promise<SourceDocument>;
}

/** Above this many files, the names are not searched for one by one; every file that may be a manifest is parsed. */
const MAX_NAME_SEARCHES = 32;
const MANIFEST_NAME = /\.mrap\.(json|ya?ml)$/i;
const BACKSLASH = 0x5c;
const READ_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/**
 * The manifests under the project root that reference one of `files` (absolute paths) as a policy, found as
 * directory linting finds files (the same skips and ignores; symlinks are not followed). Each candidate is read
 * (up to the document size limit) and parsed only when its text could be such a manifest: it may be a manifest
 * (by name, config `files` kind, or the text "AccessPoint" of its top-level keys) and it holds one of the files'
 * names. Text with a backslash is parsed too, since an escape can spell either. The references are then
 * resolved as the linter resolves them.
 */
export async function findReferencingManifests(files: readonly string[], options: FindManifestsOptions): Promise<Map<string, SourceDocument>> {
  const found = new Map<string, SourceDocument>();
  if (files.length === 0) return found;
  const wanted = new Set(files);
  const names = files.length <= MAX_NAME_SEARCHES ? [...new Set(files.map((file) => basename(file)))] : undefined;
  const candidates = await expandInputs([options.root], options.root, options.root, options.isIgnored);
  const prefix = options.root.endsWith(sep) ? options.root : options.root + sep;
  for (const { path } of candidates) {
    if (wanted.has(path)) continue;
    const rel = sep === "/" && path.startsWith(prefix) ? path.slice(prefix.length) : relative(options.root, path).split(sep).join("/");
    const declared = options.kindFor(rel);
    if (declared !== undefined && declared !== "manifest") continue;
    const bytes = readBounded(path);
    if (!bytes) continue;
    const escaped = bytes.includes(BACKSLASH);
    const mayBeManifest = escaped || declared === "manifest" || MANIFEST_NAME.test(path) || bytes.includes("AccessPoint");
    if (!mayBeManifest) continue;
    if (names && !escaped && !names.some((name) => bytes.includes(name))) continue;
    const doc = await options.parse(path, bytes.toString("utf8"));
    if (!doc.ok || (declared ?? inferKind(path, doc.value).kind) !== "manifest") continue;
    for (const slot of policySlots(doc.value)) {
      if (!isPolicyPath(slot.value)) continue;
      const resolved = await resolveReference(path, slot.value, options.root);
      if (resolved.ok && wanted.has(resolved.path)) {
        found.set(path, doc);
        break;
      }
    }
  }
  return found;
}

let scratch = Buffer.allocUnsafe(64 * 1024);

/**
 * A file's bytes, up to the size limit; undefined when it is over the limit, a symlink or cannot be read. The
 * walk lists only regular files; a FIFO swapped in meanwhile does not block the read (O_NONBLOCK) and a device
 * is cut at the limit. No fstat: on thousands of files its Stats object costs more than the read. The bytes
 * are only valid until the next call.
 */
function readBounded(path: string): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(path, READ_FLAGS);
  } catch {
    return undefined;
  }
  try {
    let read = 0;
    for (;;) {
      if (read === scratch.length) {
        if (scratch.length > MAX_FILE_BYTES) return undefined;
        const grown = Buffer.allocUnsafe(Math.min(scratch.length * 4, MAX_FILE_BYTES + 1));
        scratch.copy(grown, 0, 0, read);
        scratch = grown;
      }
      const n = readSync(fd, scratch, read, scratch.length - read, null);
      if (n === 0) break;
      read += n;
    }
    return read > MAX_FILE_BYTES ? undefined : scratch.subarray(0, read);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

function field(value: JsonValue | undefined, key: string): JsonValue | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  return Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined;
}

function list(value: JsonValue | undefined): JsonValue[] {
  return Array.isArray(value) ? value : [];
}
