/**
 * A manifest read out of another input format (CloudFormation template, Terraform plan JSON): the manifest-shaped
 * value every rule already understands, plus where each of its values came from in the source document.
 *
 * The engine (a later change) runs the manifest rules on `value` and moves every finding from its manifest pointer
 * to `origin(pointer)` in the source file. A finding at or below an `unresolved[].at` pointer is about a value the
 * input did not determine: the engine reports it as unresolved instead of as a problem. A placeholder value (for
 * now only an MRAP's alias, from `Fn::GetAtt Mrap.Alias`) stands for a value fixed at deployment: rules may compare
 * it, and messages should name `placeholders[].expression` instead of the placeholder text.
 */
import type { JsonValue } from "../document/index.js";
import { joinPointer, parsePointer } from "../document/index.js";

export type InputFormat = "cloudformation" | "terraform-plan";

/** A value the input does not determine: left out of `value` (fields), or kept as `${…}` text inside a policy. */
export interface Unresolved {
  /** Where the expression sits in the source document. */
  pointer: string;
  /** The manifest pointer the value would have had; "" when it belongs to no manifest field. */
  at: string;
  reason: string;
  /** The expression as the source writes it, e.g. `{"Ref":"BucketParam"}` or `after_unknown`. */
  expression: string;
  /** The expression is wrong, and reported as such (a Ref to nothing): findings about its value are not. */
  broken?: boolean;
}

/** A reference to something the document does not have (a Ref to no parameter, resource or pseudo parameter). */
export interface UnknownReference {
  pointer: string;
  name: string;
  /** What the reference could have named. */
  known: readonly string[];
}

export interface Placeholder {
  /** The text standing in the manifest value. */
  value: string;
  meaning: "mrap-alias";
  /** What the source says, e.g. `Fn::GetAtt OrdersMrap.Alias`. */
  expression: string;
}

/** A source value with no place in the manifest model (it is not checked, and the engine may say so). */
export interface Unmapped {
  pointer: string;
  reason: string;
}

export interface VirtualManifest {
  format: InputFormat;
  /** The MRAP's logical id (CloudFormation) or resource address (Terraform). */
  source: string;
  /** Manifest-shaped: AccountId, MultiRegionAccessPoint {Name, Alias, PublicAccessBlock, Regions, Policy}, AccessPoints. */
  value: JsonValue;
  /** The source pointer a manifest pointer came from: exact, or through the closest mapped ancestor. */
  origin(pointer: string): string;
  unresolved: Unresolved[];
  /** The unresolved value at a manifest pointer or at its closest ancestor (a lookup, once the adapter is done). */
  unresolvedAt(pointer: string): Unresolved | undefined;
  placeholders: Placeholder[];
  unmapped: Unmapped[];
}

/** What an adapter read from one document. */
export interface InputReading {
  format: InputFormat;
  manifests: VirtualManifest[];
  /** Resources that belong to no MRAP of the document (a policy for an MRAP it does not define, …). */
  detached: Unresolved[];
  /** References in the resources read that name nothing the document defines. */
  unknownReferences?: UnknownReference[];
}

export const ALIAS_PLACEHOLDER = /^mrapguardalias[0-9]+\.mrap$/;

/** A well-formed alias (rules read it as one) that no real MRAP has: real aliases are random, this one says what it is. */
export function aliasPlaceholder(index: number): string {
  return `mrapguardalias${index}.mrap`;
}

export function isAliasPlaceholder(text: string): boolean {
  return ALIAS_PLACEHOLDER.test(text);
}

/** Collects the mapping while an adapter builds one manifest value. */
export class OriginMap {
  private readonly exact = new Map<string, string>();
  private readonly subtree = new Map<string, string>();

  constructor(private readonly fallback: string) {}

  /** `manifest` came from `source`; with `deep`, so did everything below it, under the same relative path. */
  map(manifest: string, source: string, deep = false): void {
    (deep ? this.subtree : this.exact).set(manifest, source);
  }

  origin(pointer: string): string {
    let segments: string[];
    try {
      segments = parsePointer(pointer);
    } catch {
      return this.fallback;
    }
    for (let length = segments.length; length >= 0; length--) {
      const prefix = joinPointer("", ...segments.slice(0, length));
      const deep = this.subtree.get(prefix);
      if (deep !== undefined) return joinPointer(deep, ...segments.slice(length));
      const exact = this.exact.get(prefix);
      if (exact !== undefined) return exact;
    }
    return this.fallback;
  }
}

export function virtualManifest(
  format: InputFormat,
  source: string,
  value: JsonValue,
  origins: OriginMap,
  unresolved: Unresolved[],
  placeholders: Placeholder[],
  unmapped: Unmapped[],
): VirtualManifest {
  // Built on the first lookup: an adapter adds (and drops) entries until it has read the whole document.
  let byPointer: Map<string, Unresolved> | undefined;
  const unresolvedAt = (pointer: string): Unresolved | undefined => {
    if (!byPointer) {
      byPointer = new Map();
      for (const entry of unresolved) if (entry.at !== "" && !byPointer.has(entry.at)) byPointer.set(entry.at, entry);
    }
    if (byPointer.size === 0) return undefined;
    // A pointer's ancestors are its prefixes up to a "/" (a "/" inside a segment is written "~1").
    for (let at = pointer; at !== ""; at = at.slice(0, at.lastIndexOf("/"))) {
      const found = byPointer.get(at);
      if (found) return found;
    }
    return undefined;
  };
  return { format, source, value, origin: (pointer) => origins.origin(pointer), unresolved, unresolvedAt, placeholders, unmapped };
}

/** What an adapter knows of each MRAP it built: its name (when the source fixes it) and its buckets' indexes. */
export interface BuiltMrap {
  name: string | undefined;
  buckets: ReadonlyMap<string, number>;
}

/**
 * The MRAPs of one document by name and by bucket, so a policy or access point finds its MRAPs in one lookup
 * and a document of thousands of MRAPs is read in linear time. The first MRAP with a name keeps it.
 */
export class MrapIndex<T extends BuiltMrap> {
  private readonly names = new Map<string, T>();
  private readonly buckets = new Map<string, T[]>();

  constructor(built: readonly T[]) {
    for (const mrap of built) {
      if (mrap.name !== undefined && !this.names.has(mrap.name)) this.names.set(mrap.name, mrap);
      for (const bucket of mrap.buckets.keys()) {
        const list = this.buckets.get(bucket);
        if (list) list.push(mrap);
        else this.buckets.set(bucket, [mrap]);
      }
    }
  }

  named(name: string | undefined): T | undefined {
    return name === undefined ? undefined : this.names.get(name);
  }

  /** The MRAPs with this bucket among their Regions, in the document's order. */
  withBucket(bucket: string | undefined): readonly T[] {
    return bucket === undefined ? [] : (this.buckets.get(bucket) ?? []);
  }
}
