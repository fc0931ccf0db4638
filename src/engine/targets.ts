import { valueAtPointer, type LocateTarget, type Range, type SourceDocument } from "../document/index.js";
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
    value: valueAtPointer(manifest.value, base),
    locate: (pointer: string, at?: LocateTarget) => doc.locate(source(pointer), at),
    docPointer: source,
    unresolvedAt: (pointer: string) => manifest.unresolvedAt(base + pointer),
    placeholders: manifest.placeholders,
    ...extras,
  };
}
