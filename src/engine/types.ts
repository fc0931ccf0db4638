import type { JsonValue, LocateTarget, Range, SourceDocument } from "../document/index.js";
import type { ConfigFile } from "../../schemas/config.schema.js";
import type { AccessAnalyzerService, LiveMrap, LiveMrapPolicy, LiveStateService } from "./services.js";

export type Severity = "error" | "warning" | "info";
/** Severities in order, for thresholds such as `--fail-on`. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, error: 2 };
export type SeveritySetting = Severity | "off";

export const DOCUMENT_KINDS = ["manifest", "mrap-policy", "access-point-policy", "bucket-policy"] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
export const POLICY_KINDS = ["mrap-policy", "access-point-policy", "bucket-policy"] as const satisfies readonly DocumentKind[];

export type FindingData = Record<string, string | number>;

/**
 * One problem found in one place, as `lint()` returns it and `--format json` prints it. Lines and columns are
 * 1-based; the end is exclusive.
 */
export interface LintMessage {
  ruleId: string;
  /** The rule's message id (stable across wording changes). */
  messageId: string;
  severity: Severity;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** RFC 6901 JSON pointer of the value in its file. */
  pointer: string;
  /** Stable across runs and line moves: rule, file relative to the project root, pointer and message id. */
  fingerprint: string;
  /** The rule's doc page, or Access Analyzer's learnMoreLink. */
  helpUri?: string;
  /** The values the message was built from. */
  data?: FindingData;
  /** Other places in the same file the finding concerns (an Access Analyzer finding's further locations). */
  related?: RelatedLocation[];
}

/** A further place a finding concerns, in the finding's file. */
export interface RelatedLocation {
  pointer: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message?: string;
}

/** One file's results: the shape of `lint()` and of each entry of `--format json`. Clean files are included. */
export interface LintResult {
  /** Path as given or found (relative to the working directory when possible). */
  filePath: string;
  /** Sorted by line, then column, then rule id. */
  messages: LintMessage[];
  errorCount: number;
  warningCount: number;
  infoCount: number;
}

/** A message together with the file it is in, for lists that span files (apply, formatters). */
export interface Finding extends LintMessage {
  /** Path as given or found (relative to the working directory when possible). */
  file: string;
}

/** Every message of `results`, each with its file. */
export function findingsOf(results: readonly LintResult[]): Finding[] {
  return results.flatMap((result) => result.messages.map((message) => ({ ...message, file: result.filePath })));
}

/** Where a policy sits in a manifest. */
export type PolicyRole =
  | { type: "mrap"; pointer: string }
  | { type: "bucket"; index: number; pointer: string }
  | { type: "access-point"; index: number; pointer: string };

/** One document (or one policy embedded in a manifest) that rules run on. */
export interface Target {
  readonly kind: DocumentKind;
  /** The document that findings on this target land in. */
  readonly doc: SourceDocument;
  readonly value: JsonValue | undefined;
  /** The range of `pointer` (relative to this target's value) in `doc`. */
  locate(pointer: string, at?: LocateTarget): Range;
  /** The pointer in `doc` that a pointer relative to this target's value corresponds to. */
  docPointer(pointer: string): string;
  readonly manifest?: ManifestContext;
  readonly role?: PolicyRole;
  /**
   * For a manifest read out of a template or plan: the value at `pointer` (relative to this target's value) that
   * the source leaves undetermined (a parameter without a default, a value known only after deployment), if any.
   */
  unresolvedAt?(pointer: string): UnresolvedValue | undefined;
  /** Text that stands for a value fixed at deployment (an MRAP's alias), and what the source writes for it. */
  readonly placeholders?: readonly { value: string; expression: string }[];
}

/** A value a template or plan does not determine, where it sits in the source document and why. */
export interface UnresolvedValue {
  /** The pointer in the source document. */
  pointer: string;
  reason: string;
  /** The expression itself is wrong and reported as such: what rules find about its value is left out. */
  broken?: boolean;
}

/** What a manifest ties together: the policies it references, loaded and parsed. */
export interface ManifestContext {
  readonly target: Target;
  readonly mrapPolicy?: Target;
  readonly bucketPolicies: ReadonlyMap<number, Target>;
  readonly accessPointPolicies: ReadonlyMap<number, Target>;
  /** What AWS says about this MRAP, read with `--live` before any rule runs. */
  readonly live?: LiveFacts;
}

/** Live state of a manifest's MRAP and buckets; a part that could not be read is absent (and reported). */
export interface LiveFacts {
  /** `null`: the MRAP does not exist (yet); `undefined`: not read. */
  mrap?: LiveMrap | null;
  mrapPolicy?: LiveMrapPolicy;
  /** By index in `MultiRegionAccessPoint.Regions`. */
  buckets: ReadonlyMap<number, { region: string } | { missing: string }>;
  /**
   * Buckets whose policy GetBucketPolicy refused to this caller (405 MethodNotAllowed, or 403 for a bucket of
   * another account), by index in `MultiRegionAccessPoint.Regions`: their grants cannot be checked.
   */
  unreadablePolicies?: ReadonlyMap<number, { code: string; httpStatus?: number }>;
}

export interface Report<M extends string> {
  messageId: M;
  /** JSON pointer relative to the target's value; defaults to the root. */
  pointer?: string;
  /**
   * The value the finding is about, when it is reported elsewhere (a missing property is reported at the object
   * that lacks it): a finding about a value its template leaves unresolved becomes core/unresolved-value.
   */
  subject?: string;
  /** Underline the key instead of the value (unknown or duplicate keys). */
  at?: LocateTarget;
  data?: FindingData;
  /** Report on another document of the same manifest (cross-document rules). */
  target?: Target;
  /**
   * A lower severity for this finding, where AWS's documentation is uncertain. It can only lower the
   * configured severity, never raise it.
   */
  severity?: Severity;
  /** A help link for this finding instead of the rule's doc (Access Analyzer's learnMoreLink). */
  helpUri?: string;
  /** Further places in the same document the finding concerns (pointers relative to the target's value). */
  related?: { pointer: string; at?: LocateTarget; message?: string }[];
  /**
   * What tells this finding apart from others of its rule and message id at the same pointer (Access
   * Analyzer's issue code): part of the fingerprint and of the duplicate check.
   */
  distinct?: string;
}

export interface RuleContext<M extends string, O> {
  readonly ruleId: string;
  readonly kind: DocumentKind;
  readonly target: Target;
  readonly value: JsonValue | undefined;
  readonly options: O;
  readonly manifest: ManifestContext | undefined;
  report(report: Report<M>): void;
}

/** The AWS services a network rule may use; a rule whose service is absent does not run. */
export interface NetworkServices {
  accessAnalyzer?: AccessAnalyzerService;
  live?: LiveStateService;
}

/** A policy to compare against with CheckNoNewAccess (`--reference-policy`). */
export interface ReferencePolicy {
  file: string;
  kind: DocumentKind;
  text: string;
}

export interface NetworkRuleContext<M extends string, O> extends RuleContext<M, O> {
  readonly services: NetworkServices;
  readonly accessAnalyzer: AccessAnalyzerSettings;
  readonly referencePolicy?: ReferencePolicy;
}

export interface RuleDocs {
  /** An imperative phrase without a final period ("Require …"). */
  description: string;
  /** Part of the `recommended` preset. */
  recommended: boolean;
  /** Filled in from the rule id. */
  url?: string;
}

export interface RuleMeta<M extends string, O> {
  type: "problem" | "suggestion";
  docs: RuleDocs;
  /** Severity in the `recommended` preset. */
  severity: Severity;
  appliesTo: readonly DocumentKind[];
  /** A network rule: which service it needs (it runs only when that service was given). */
  requiresNetwork?: keyof NetworkServices;
  /** JSON Schema of the options object, validated when a config sets options. */
  options?: Record<string, unknown>;
  defaultOptions?: O;
  messages: Record<M, string>;
  /** Reported by the engine itself (parse errors, rule errors…), not by `check`. */
  engine?: boolean;
  /** The engine refuses a config that turns this rule off (it would make failures silent). */
  required?: boolean;
}

export interface RuleModule<M extends string = string, O = unknown> {
  id: string;
  meta: RuleMeta<M, O>;
  check?(context: RuleContext<M, O>): void;
  /** Network rules (`meta.requiresNetwork`): run after the offline rules, only when their service is there. */
  checkAsync?(context: NetworkRuleContext<M, O>): Promise<void>;
}

// Settings: what a config file resolves to (engine/config.ts reads and checks it).

/** A rule as the config turns it on: its severity and options. */
export interface RuleSetting {
  severity: Severity;
  options: unknown;
}

export interface Suppression {
  rule: string;
  file?: string;
  pointer?: string;
  reason: string;
  /** Pointer of this entry in the config document, for `core/unused-suppression`. */
  configPointer: string;
  matchesFile(relativePath: string): boolean;
}

export interface ConfigSource {
  doc: SourceDocument;
  /** Pointer of the config object in `doc` ("" for a config file, "/mrap-guard" in package.json). */
  base: string;
}

export interface ResolvedConfig {
  root: string;
  source?: ConfigSource;
  rules: ReadonlyMap<string, RuleSetting>;
  kindFor(relativePath: string): DocumentKind | undefined;
  isIgnored(relativePath: string): boolean;
  suppressions: readonly Suppression[];
  accessAnalyzer: AccessAnalyzerSettings;
}

export type AccessAnalyzerSettings = Readonly<NonNullable<ConfigFile["accessAnalyzer"]>>;

// The lint: what a caller gives it (engine/linter.ts runs it).

export interface LintOptions {
  cwd: string;
  config: ResolvedConfig;
  rules: readonly RuleModule[];
  /** Kind for every standalone file (`--kind`). */
  kind?: DocumentKind;
  /** Include stack traces in `core/rule-error` messages. */
  debug?: boolean;
  /** AWS services for the network rules; without it only offline rules run. */
  network?: NetworkRun;
  /**
   * The documents read, by absolute path: filled by the run, and read from when already there. The guarded apply
   * passes one so that what it sends is what this lint read, not a second read of a file changed meanwhile.
   */
  documents?: Map<string, Promise<SourceDocument>>;
  /**
   * The paths are the files that changed (`--changed`): the manifests under the project root that reference a
   * given file are linted too. Their other policies are read for context: their own findings are not
   * reported, and a cross-document finding placed on one moves to the manifest's line that references it.
   */
  changed?: boolean;
}

export interface NetworkRun {
  services: NetworkServices;
  /** Read the live MRAP, bucket Regions and missing bucket policies before the rules run (`--live`). */
  live?: boolean;
  referencePolicy?: ReferencePolicy;
  /** Called as network checks finish (for a progress line). */
  onProgress?(done: number, total: number): void;
}
