import { parsePointer, type JsonValue, type LocateTarget, type Range, type SourceDocument } from "../document/index.js";
import type { VirtualManifest } from "../inputs/virtual-manifest.js";
import type { DocumentKind, ManifestContext, PolicyRole, Target } from "./types.js";

interface TargetExtras {
  manifest?: ManifestContext;
  role?: PolicyRole;
}

/** A whole file, or the subtree at `base` of one (an inline policy in a manifest). */
export function documentTarget(kind: DocumentKind, doc: SourceDocument, base = "", extras: TargetExtras = {}): Target {
  const value = base === "" ? doc.value : doc.valueAt(base);
  return {
    kind,
    doc,
    value,
    locate: (pointer: string, at?: LocateTarget) => doc.locate(base + pointer, at),
    docPointer: (pointer: string) => base + pointer,
    ...extras,
  };
}

/**
 * A policy written as a JSON string inside a manifest. It is parsed as its own document, but every finding
 * lands on the string in the manifest, since positions inside an escaped string do not map back cleanly.
 */
export function embeddedTarget(kind: DocumentKind, host: SourceDocument, hostPointer: string, inner: SourceDocument, extras: TargetExtras = {}): Target {
  const range: Range = host.locate(hostPointer);
  return {
    kind,
    doc: host,
    value: inner.value,
    locate: () => range,
    docPointer: () => hostPointer,
    ...extras,
  };
}

/**
 * A manifest read out of a template or plan (or a policy inside it, at `base`): rules see the manifest-shaped
 * value, and every pointer they report is carried to the source document through the manifest's origins.
 */
export function virtualTarget(kind: DocumentKind, doc: SourceDocument, manifest: VirtualManifest, base = "", extras: TargetExtras = {}): Target {
  const source = (pointer: string) => manifest.origin(base + pointer);
  return {
    kind,
    doc,
    value: valueAt(manifest.value, base),
    locate: (pointer: string, at?: LocateTarget) => doc.locate(source(pointer), at),
    docPointer: source,
    unresolvedAt: (pointer: string) => {
      const found = unresolvedIndex(manifest).find(base + pointer);
      return found && { pointer: found.pointer, reason: found.reason, expression: found.expression, ...(found.broken ? { broken: true } : {}) };
    },
    placeholders: manifest.placeholders,
    ...extras,
  };
}

function valueAt(value: JsonValue, pointer: string): JsonValue | undefined {
  let current: JsonValue | undefined = value;
  for (const segment of parsePointer(pointer)) {
    if (current === null || typeof current !== "object") return undefined;
    current = Array.isArray(current) ? current[Number(segment)] : Object.prototype.hasOwnProperty.call(current, segment) ? current[segment] : undefined;
  }
  return current;
}

type UnresolvedEntry = VirtualManifest["unresolved"][number];

/** The unresolved values of a manifest by their manifest pointer: a lookup walks a pointer's ancestors, not the list. */
class UnresolvedIndex {
  private readonly byPointer = new Map<string, UnresolvedEntry>();

  constructor(entries: readonly UnresolvedEntry[]) {
    for (const entry of entries) if (entry.at !== "" && !this.byPointer.has(entry.at)) this.byPointer.set(entry.at, entry);
  }

  /** The unresolved value at `pointer` or at one of its ancestors (the closest). */
  find(pointer: string): UnresolvedEntry | undefined {
    if (this.byPointer.size === 0) return undefined;
    for (let at = pointer; at !== ""; at = at.slice(0, at.lastIndexOf("/"))) {
      const found = this.byPointer.get(at);
      if (found) return found;
    }
    return undefined;
  }
}

const indexes = new WeakMap<VirtualManifest, UnresolvedIndex>();

function unresolvedIndex(manifest: VirtualManifest): UnresolvedIndex {
  let index = indexes.get(manifest);
  if (!index) indexes.set(manifest, (index = new UnresolvedIndex(manifest.unresolved)));
  return index;
}
