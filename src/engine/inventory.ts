/** The inventory: the documents of one lint, their kinds, and the manifests wired to their policies. */
import { loadDocument, parseText, resolveReference, type DocumentProblem, type JsonValue, type SourceDocument } from "../document/index.js";
import type { FindingsSink } from "./findings-sink.js";
import { inferKind, type KindGuess } from "./kinds.js";
import type { ProjectPaths } from "./project-paths.js";
import { findReferencingManifests, policySlots } from "./references.js";
import { suggester } from "./suggest.js";
import { documentTarget, embeddedTarget, virtualTarget } from "./targets.js";
import { readCloudFormation } from "../inputs/cloudformation.js";
import { readTerraformPlan } from "../inputs/terraform-plan.js";
import type { InputReading, VirtualManifest } from "../inputs/virtual-manifest.js";
import type { DocumentKind, LintOptions, ManifestContext, PolicyRole, Target } from "./types.js";

/** One file of the lint, read and given its kind. */
export interface Entry {
  path: string;
  doc: SourceDocument;
  /** Named on the command line (not found by walking a directory). */
  explicit: boolean;
  /** A manifest found (`changed`) because it references a given file. */
  discovered?: boolean;
  /** Its kind, worked out once; undefined when the document did not parse. */
  kind: KindGuess | undefined;
  /** A CloudFormation template or Terraform plan: the manifests read out of it (its kind is then unknown). */
  input?: InputReading;
}

/** A manifest wired to its policies; `--live` adds the live facts and the buckets' live policies. */
export type WiredManifest = { -readonly [K in keyof ManifestContext]: ManifestContext[K] } & { bucketPolicies: Map<number, Target> };

/** What the inventory made of the lint's files. */
export interface Wiring {
  manifests: WiredManifest[];
  /** The policies given on their own (not referenced by a given manifest). */
  standalone: Target[];
  /** The files whose kind is unknown (not referenced by a given manifest). */
  unknown: (Entry & { kind: Extract<KindGuess, { kind: undefined }> })[];
}

const PROBLEM_RULES: Record<DocumentProblem["kind"], [string, string]> = {
  syntax: ["core/parse-error", "syntax"],
  "too-deep": ["core/parse-error", "tooDeep"],
  "too-large": ["core/parse-error", "tooLarge"],
  "too-many-nodes": ["core/parse-error", "tooManyNodes"],
  "too-many-nodes-written": ["core/parse-error", "tooManyNodesWritten"],
  unreadable: ["core/parse-error", "unreadable"],
  "duplicate-key": ["core/duplicate-key", "duplicateKey"],
  "numeric-account-id": ["core/numeric-account-id", "numericAccountId"],
};

/**
 * The documents of one lint: files read (each once) and given their kind, manifests wired to the policies they
 * reference or embed. The one place that reports documents' parse problems.
 */
export class Inventory {
  /** By absolute path. */
  readonly docs: Map<string, Promise<SourceDocument>>;
  /** Documents whose parse problems were reported. */
  private readonly reported = new Set<SourceDocument>();
  /** The real paths of the folders this lint read files in (see readBoundedFile). */
  private readonly realFolders = new Map<string, string>();
  /** With `changed`, once the given manifests are wired: the files whose findings are reported. */
  private shownPaths: Set<string> | undefined;

  constructor(
    private readonly options: Pick<LintOptions, "config" | "kind" | "documents">,
    private readonly paths: ProjectPaths,
    private readonly sink: FindingsSink,
  ) {
    this.docs = options.documents ?? new Map();
  }

  async entry(path: string, explicit: boolean): Promise<Entry> {
    const doc = await this.load(path);
    return this.entryOf(path, doc, explicit);
  }

  private entryOf(path: string, doc: SourceDocument, explicit: boolean): Entry {
    const kind = this.kindOf(path, doc);
    // A template or plan has none of a manifest's keys and no Statement; a kind given for the file wins.
    const input = doc.ok && kind?.kind === undefined ? (readCloudFormation(doc.value) ?? readTerraformPlan(doc.value)) : undefined;
    return { path, doc, explicit, kind, ...(input ? { input } : {}) };
  }

  /** A document given as text; `filePath` decides the format and is used for findings and references. */
  async entryFromText(filePath: string, text: string): Promise<Entry> {
    const path = this.paths.absolute(filePath);
    const doc = await parseText(this.paths.display(path), text);
    this.docs.set(path, Promise.resolve(doc));
    return this.entryOf(path, doc, true);
  }

  /** The manifests under the root that reference one of the given files that are not manifests themselves. */
  async referencingManifests(given: readonly Entry[]): Promise<Entry[]> {
    const files = given.filter((entry) => entry.kind?.kind !== "manifest").map((entry) => entry.path);
    const found = await findReferencingManifests(files, {
      root: this.options.config.root,
      isIgnored: this.options.config.isIgnored,
      kindFor: this.options.config.kindFor,
      parse: (path, text) => {
        const doc = parseText(this.paths.display(path), text);
        this.docs.set(path, doc);
        return doc;
      },
    });
    return [...found].map(([path, doc]) => ({ path, doc, explicit: false, discovered: true, kind: { kind: "manifest" } }));
  }

  /** Sorts the entries by kind and wires each manifest to its policies; a file that did not parse is reported. */
  async wire(entries: readonly Entry[]): Promise<Wiring> {
    const manifests: Entry[] = [];
    const standalone: { entry: Entry; kind: DocumentKind }[] = [];
    const discovered: Entry[] = [];
    const unknown: Wiring["unknown"] = [];
    const wired: WiredManifest[] = [];
    for (const entry of entries) {
      const { doc, kind } = entry;
      if (!doc.ok || kind === undefined) {
        this.reportProblems(doc);
        this.sink.addFile(doc);
        continue;
      }
      if (entry.input) {
        wired.push(...(await this.wireInput(entry, entry.input)));
        continue;
      }
      if (entry.discovered) discovered.push(entry);
      else if (kind.kind === "manifest") manifests.push(entry);
      else if (kind.kind !== undefined) standalone.push({ entry, kind: kind.kind });
      else unknown.push({ ...entry, kind });
    }
    const referenced = new Set<string>();
    for (const manifest of manifests) wired.push(await this.wireManifest(manifest, referenced));
    if (discovered.length > 0) {
      this.shownPaths = new Set([...entries.map((entry) => entry.path), ...referenced]);
      for (const manifest of discovered) wired.push(await this.wireManifest(manifest, referenced));
    }
    return {
      manifests: wired,
      standalone: standalone.filter(({ entry }) => !referenced.has(entry.path)).map(({ entry, kind }) => documentTarget(kind, entry.doc)),
      unknown: unknown.filter((entry) => !referenced.has(entry.path)),
    };
  }

  /** `core/unknown-kind` for the files of unknown kind that are ours: named ones, and found ones that look like policies. */
  reportUnknownKinds(unknown: Wiring["unknown"]): void {
    for (const entry of unknown) {
      if (!entry.explicit && !entry.kind.policyLike) continue;
      this.reportProblems(entry.doc);
      this.sink.addFile(entry.doc);
      this.sink.report({ ruleId: "core/unknown-kind", messageId: "unknownKind", target: documentTarget("bucket-policy", entry.doc), data: { reason: entry.kind.reason } });
    }
  }

  /** Reports a document's parse problems (duplicate keys and the like too), once, unless it was read only for context. */
  reportProblems(doc: SourceDocument): void {
    if (this.reported.has(doc) || this.sink.isContextOnly(doc)) return;
    this.reported.add(doc);
    for (const problem of doc.problems) {
      const [ruleId, messageId] = PROBLEM_RULES[problem.kind];
      this.sink.report({ ruleId, messageId, doc, pointer: problem.pointer, range: problem.range, data: { message: problem.message, ...problem.data } });
    }
  }

  /** A document parsed from elsewhere (a bucket's live policy): whether it parsed; if not, its problems are reported. */
  admitParsed(doc: SourceDocument): boolean {
    if (doc.ok) return true;
    this.reportProblems(doc);
    return false;
  }

  private load(path: string): Promise<SourceDocument> {
    let doc = this.docs.get(path);
    if (!doc) {
      doc = loadDocument(path, this.paths.display(path), this.options.config.root, this.realFolders);
      this.docs.set(path, doc);
    }
    return doc;
  }

  private kindOf(path: string, doc: SourceDocument): KindGuess | undefined {
    if (!doc.ok) return undefined;
    const kind = this.options.kind ?? this.options.config.kindFor(this.paths.rootRelative(path));
    return kind !== undefined ? { kind } : inferKind(path, doc.value);
  }

  /**
   * The manifests of a template or plan, each wired to the policies written inside it. What belongs to no MRAP of
   * the source (a policy for an MRAP it does not define) is reported, not skipped.
   */
  private wireInput(entry: Entry, input: InputReading): Promise<WiredManifest[]> {
    this.reportProblems(entry.doc);
    this.sink.addFile(entry.doc);
    const source = documentTarget("manifest", entry.doc);
    for (const detached of input.detached) {
      this.sink.report({ ruleId: "core/unresolved-value", messageId: "detached", target: source, pointer: detached.pointer, data: { reason: detached.reason } });
    }
    const suggest = suggester();
    for (const { pointer, name, known } of input.unknownReferences ?? []) {
      const suggestion = suggest(name, known);
      // The sink shortens a long name in the message and data, as it does every quoted value.
      this.sink.report({ ruleId: "template/unknown-reference", messageId: suggestion ? "unknownDidYouMean" : "unknown", target: source, pointer, data: { name, ...(suggestion ? { suggestion } : {}) } });
    }
    return Promise.all(input.manifests.map((manifest) => this.wireVirtual(entry.doc, manifest)));
  }

  private async wireVirtual(doc: SourceDocument, manifest: VirtualManifest): Promise<WiredManifest> {
    const bucketPolicies = new Map<number, Target>();
    const accessPointPolicies = new Map<number, Target>();
    const context: WiredManifest = { target: virtualTarget("manifest", doc, manifest), bucketPolicies, accessPointPolicies };
    context.target = virtualTarget("manifest", doc, manifest, "", { manifest: context });
    for (const { kind, role, value } of policySlots(manifest.value)) {
      const target = await this.virtualPolicy(doc, manifest, kind, role, context, value);
      if (!target) continue;
      if (role.type === "mrap") context.mrapPolicy = target;
      else if (role.type === "bucket") bucketPolicies.set(role.index, target);
      else accessPointPolicies.set(role.index, target);
    }
    return context;
  }

  /**
   * A policy of a template (an object, where the template's own lines are kept) or of a plan (JSON text, as
   * `jsonencode` writes it: parsed, and its findings land on the string).
   */
  private async virtualPolicy(doc: SourceDocument, manifest: VirtualManifest, kind: DocumentKind, role: PolicyRole, context: ManifestContext, value: JsonValue): Promise<Target | undefined> {
    const extras = { manifest: context, role };
    if (value !== null && typeof value === "object" && !Array.isArray(value)) return virtualTarget(kind, doc, manifest, role.pointer, extras);
    const at = { target: context.target, pointer: role.pointer };
    if (typeof value !== "string" || !value.trimStart().startsWith("{")) {
      this.sink.report({ ruleId: "core/unresolved-value", messageId: "detached", ...at, data: { reason: "the policy is neither a JSON object nor JSON text of one" } });
      return undefined;
    }
    return this.embeddedPolicy(value, kind, doc, manifest.origin(role.pointer), at, extras);
  }

  /**
   * A policy written as JSON text inside a document (a manifest's string, a plan's `jsonencode`): parsed on its
   * own, its parse problems and findings reported on the string (`at`).
   */
  private async embeddedPolicy(
    text: string,
    kind: DocumentKind,
    host: SourceDocument,
    hostPointer: string,
    at: { target: Target; pointer: string },
    extras: { manifest: ManifestContext; role: PolicyRole },
  ): Promise<Target | undefined> {
    if (text.charCodeAt(0) === 0xfeff) {
      // parseText drops a file's byte order mark; this string is sent as it is, so its mark is not skipped.
      this.sink.report({ ruleId: "core/parse-error", messageId: "embeddedSyntax", ...at, data: { message: "it starts with a byte order mark (U+FEFF), which JSON does not allow; remove it" } });
      return undefined;
    }
    const inner = await parseText(host.file, text, "json");
    for (const problem of inner.problems) {
      const [ruleId, messageId] = PROBLEM_RULES[problem.kind];
      this.sink.report({ ruleId, messageId: messageId === "syntax" ? "embeddedSyntax" : messageId, ...at, data: { message: problem.message, ...problem.data } });
    }
    return inner.ok ? embeddedTarget(kind, host, hostPointer, inner, extras) : undefined;
  }

  private async wireManifest(manifest: Entry, referenced: Set<string>): Promise<WiredManifest> {
    const bucketPolicies = new Map<number, Target>();
    const accessPointPolicies = new Map<number, Target>();
    const context: WiredManifest = {
      target: documentTarget("manifest", manifest.doc),
      bucketPolicies,
      accessPointPolicies,
    };
    context.target = documentTarget("manifest", manifest.doc, "", { manifest: context });
    await Promise.all(
      policySlots(manifest.doc.value).map(async ({ kind, role, value }) => {
        const target = await this.policyTarget(manifest, value, kind, role, context, referenced);
        if (!target) return;
        if (role.type === "mrap") context.mrapPolicy = target;
        else if (role.type === "bucket") bucketPolicies.set(role.index, target);
        else accessPointPolicies.set(role.index, target);
      }),
    );
    return context;
  }

  /** A manifest's policy: inline, embedded as a JSON string, or a file it references. */
  private async policyTarget(
    manifest: Entry,
    policy: JsonValue,
    kind: DocumentKind,
    role: PolicyRole,
    context: ManifestContext,
    referenced: Set<string>,
  ): Promise<Target | undefined> {
    const extras = { manifest: context, role };
    if (policy !== null && typeof policy === "object" && !Array.isArray(policy)) return documentTarget(kind, manifest.doc, role.pointer, extras);
    if (typeof policy !== "string") return undefined;
    const host = documentTarget("manifest", manifest.doc);
    const at = { target: host, pointer: role.pointer };
    if (policy.trimStart().startsWith("{")) return this.embeddedPolicy(policy, kind, manifest.doc, role.pointer, at, extras);
    const resolved = await resolveReference(manifest.path, policy, this.options.config.root);
    if (!resolved.ok) {
      this.sink.report({ ruleId: "core/unresolved-reference", messageId: "refused", ...at, data: { path: policy, reason: resolved.message } });
      return undefined;
    }
    referenced.add(resolved.path);
    const doc = await this.load(resolved.path);
    if (this.shownPaths !== undefined && !this.shownPaths.has(resolved.path)) this.sink.markContextOnly(doc);
    const unreadable = doc.problems.find((p) => p.kind === "unreadable");
    if (unreadable) {
      this.sink.report({ ruleId: "core/unresolved-reference", messageId: "missing", ...at, data: { path: policy, reason: String(unreadable.data?.["reason"] ?? unreadable.message) } });
      return undefined;
    }
    if (!doc.ok) {
      this.reportProblems(doc);
      this.sink.addFile(doc);
      return undefined;
    }
    return documentTarget(kind, doc, "", extras);
  }
}
