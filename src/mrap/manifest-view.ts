import type { JsonValue } from "../document/index.js";

/** A parsed document (a manifest or one of its policies) as far as the MRAP model reads it. */
export interface DocumentView {
  readonly value: JsonValue | undefined;
}

/** What AWS said about the MRAP and its buckets (`--live`), as far as the MRAP model reads it. */
export interface LiveView {
  /** `null`: the MRAP does not exist (yet). */
  readonly mrap?: { readonly alias?: string } | null;
  /** By index in `MultiRegionAccessPoint.Regions`. */
  readonly buckets: ReadonlyMap<number, { region: string } | { missing: string }>;
}

/**
 * A manifest with the policies it references, loaded. `T` is the caller's type of a policy document, handed
 * back unchanged wherever the model names one (so a rule can report on it).
 */
export interface ManifestView<T extends DocumentView = DocumentView> {
  readonly target: DocumentView;
  readonly mrapPolicy?: DocumentView;
  readonly bucketPolicies: ReadonlyMap<number, T>;
  readonly live?: LiveView;
}
