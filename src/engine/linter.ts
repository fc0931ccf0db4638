import { isAbsolute, relative, resolve, sep } from "node:path";
import { isWithin, loadDocument, parseText, resolveReference, type DocumentProblem, type JsonValue, type SourceDocument } from "../document/index.js";
import type { ResolvedConfig, RuleSetting } from "./config.js";
import { UsageError } from "./errors.js";
import { expandInputs } from "./files.js";
import { fingerprint } from "./fingerprint.js";
import { inferKind } from "./kinds.js";
import { formatMessage } from "./messages.js";
import { findReferencingManifests, policySlots } from "./references.js";
import { documentTarget, embeddedTarget } from "./targets.js";
import type { ServiceError } from "./services.js";
import { SEVERITY_RANK, type DocumentKind, type Finding, type LintMessage, type LintResult, type FindingData, type LiveFacts, type ManifestContext, type NetworkRuleContext, type NetworkServices, type PolicyRole, type ReferencePolicy, type RelatedLocation, type Report, type RuleContext, type RuleModule, type Severity, type Target } from "./types.js";

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

type MutableManifestContext = { -readonly [K in keyof ManifestContext]: ManifestContext[K] } & { bucketPolicies: Map<number, Target> };

interface Loaded {
  path: string;
  doc: SourceDocument;
  explicit: boolean;
  /** A manifest found (`changed`) because it references a given file. */
  discovered?: boolean;
}

const PROBLEM_RULES: Record<DocumentProblem["kind"], [string, string]> = {
  syntax: ["core/parse-error", "syntax"],
  "too-deep": ["core/parse-error", "tooDeep"],
  "too-large": ["core/parse-error", "tooLarge"],
  "too-many-nodes": ["core/parse-error", "tooManyNodes"],
  unreadable: ["core/parse-error", "unreadable"],
  "duplicate-key": ["core/duplicate-key", "duplicateKey"],
  "numeric-account-id": ["core/numeric-account-id", "numericAccountId"],
};

/** Lints files, directories and globs. */
export type { LintResult } from "./types.js";

export async function lintFiles(patterns: readonly string[], options: LintOptions): Promise<LintResult[]> {
  const inputs = await expandInputs(patterns, options.cwd, options.config.root, options.config.isIgnored);
  if (inputs.length === 0) throw new UsageError("no files to lint");
  const run = new Run(options);
  const loaded: Loaded[] = await Promise.all(inputs.map(async (input) => ({ path: input.path, explicit: input.explicit, doc: await run.load(input.path) })));
  if (options.changed) loaded.push(...(await run.referencingManifests(loaded)));
  return run.lint(loaded);
}

/** Lints one document given as text; `filePath` decides the format and is used for findings and references. */
export async function lintText(text: string, filePath: string, options: LintOptions): Promise<LintResult[]> {
  const run = new Run(options);
  const path = run.absolute(filePath);
  const doc = await parseText(run.display(path), text);
  run.docs.set(path, Promise.resolve(doc));
  return run.lint([{ path, doc, explicit: true }]);
}

/**
 * A GetBucketPolicy refusal that means "this caller may not read it", not a failure: 405 MethodNotAllowed goes to
 * any identity outside the bucket owner's account, and a 403 for a bucket of another account is the same fact.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketPolicy.html
 */
function unreadablePolicy(error: unknown, bucketOwner: string | undefined, caller: string | undefined): { code: string; httpStatus?: number } | undefined {
  if (!isServiceError(error)) return undefined;
  const fact = { code: error.code, ...(error.httpStatus !== undefined ? { httpStatus: error.httpStatus } : {}) };
  if (error.code === "MethodNotAllowed" || error.httpStatus === 405) return fact;
  const denied = error.code === "AccessDenied" || error.httpStatus === 403;
  return denied && bucketOwner !== undefined && caller !== undefined && bucketOwner !== caller ? fact : undefined;
}

class Run {
  readonly docs: Map<string, Promise<SourceDocument>>;
  private readonly findings: Finding[] = [];
  private readonly seen = new Set<string>();
  private readonly rulesById: Map<string, RuleModule>;
  private readonly suppressionUses: number[];
  private readonly lintedFiles = new Set<string>();
  /** Documents read only as context for a discovered manifest (`changed`): none of their own findings is reported. */
  private readonly hidden = new Set<SourceDocument>();
  /** With `changed`, once the given manifests are resolved: the files whose findings are reported. */
  private shownPaths: Set<string> | undefined;

  constructor(private readonly options: LintOptions) {
    this.docs = options.documents ?? new Map();
    this.rulesById = new Map(options.rules.map((rule) => [rule.id, rule]));
    this.suppressionUses = options.config.suppressions.map(() => 0);
  }

  absolute(path: string): string {
    return resolve(this.options.cwd, path);
  }

  display(path: string): string {
    const below = pathBelow(this.options.cwd, path);
    if (below !== undefined) return below;
    const rel = relative(this.options.cwd, path);
    return rel.startsWith("..") ? path : rel.split(sep).join("/");
  }

  private readonly rootRelatives = new Map<string, string>();

  private rootRelative(file: string): string {
    if (isAbsolute(file)) {
      const below = pathBelow(this.options.config.root, file);
      if (below !== undefined) return below;
    }
    let rel = this.rootRelatives.get(file);
    if (rel === undefined) {
      const plain = this.options.config.root === this.options.cwd && !isAbsolute(file) && !file.startsWith("..") && !file.includes("/../");
      rel = plain ? file : relative(this.options.config.root, resolve(this.options.cwd, file)).split(sep).join("/");
      this.rootRelatives.set(file, rel);
    }
    return rel;
  }

  load(path: string): Promise<SourceDocument> {
    let doc = this.docs.get(path);
    if (!doc) {
      doc = loadDocument(path, this.display(path));
      this.docs.set(path, doc);
    }
    return doc;
  }

  /** The manifests under the root that reference one of the given files that are not manifests themselves. */
  async referencingManifests(given: readonly Loaded[]): Promise<Loaded[]> {
    const files = given.filter((input) => this.kindOf(input) !== "manifest").map((input) => input.path);
    const found = await findReferencingManifests(files, {
      root: this.options.config.root,
      isIgnored: this.options.config.isIgnored,
      kindFor: this.options.config.kindFor,
      parse: (path, text) => {
        const doc = parseText(this.display(path), text);
        this.docs.set(path, doc);
        return doc;
      },
    });
    return [...found].map(([path, doc]) => ({ path, doc, explicit: false, discovered: true }));
  }

  private kindOf(input: Loaded): DocumentKind | undefined {
    if (input.discovered) return "manifest";
    if (!input.doc.ok) return undefined;
    return this.options.kind ?? this.options.config.kindFor(this.rootRelative(input.path)) ?? inferKind(input.path, input.doc.value).kind;
  }

  async lint(inputs: Loaded[]): Promise<LintResult[]> {
    const targets: Target[] = [];
    const manifests: Loaded[] = [];
    const standalone: { input: Loaded; kind: DocumentKind }[] = [];
    const discovered: Loaded[] = [];
    const reported = new Set<SourceDocument>();
    const unknown: Loaded[] = [];

    for (const input of inputs) {
      const doc = input.doc;
      if (!doc.ok) {
        this.reportProblems(doc, reported);
        this.lintedFiles.add(doc.file);
        continue;
      }
      const kind = this.kindOf(input);
      if (input.discovered) discovered.push(input);
      else if (kind === "manifest") manifests.push(input);
      else if (kind) standalone.push({ input, kind });
      else unknown.push(input);
    }

    const referenced = new Set<string>();
    const contexts: MutableManifestContext[] = [];
    for (const manifest of manifests) contexts.push(await this.manifestContext(manifest, referenced));
    if (discovered.length > 0) {
      this.shownPaths = new Set([...inputs.map((input) => input.path), ...referenced]);
      for (const manifest of discovered) contexts.push(await this.manifestContext(manifest, referenced));
    }
    const live = this.options.network?.live ? this.options.network.services.live : undefined;
    if (live) await Promise.all(contexts.map((context) => this.readLive(context, live)));
    for (const context of contexts) {
      targets.push(context.target);
      if (context.mrapPolicy) targets.push(context.mrapPolicy);
      targets.push(...context.bucketPolicies.values(), ...context.accessPointPolicies.values());
    }
    for (const { input, kind } of standalone) {
      if (referenced.has(input.path)) continue;
      targets.push(documentTarget(kind, input.doc));
    }
    for (const input of unknown) {
      if (referenced.has(input.path)) continue;
      const guess = inferKind(input.path, input.doc.value);
      // Files found by walking a directory are ours only when they look like policies.
      if (guess.kind !== undefined || (!input.explicit && !guess.policyLike)) continue;
      this.reportProblems(input.doc, reported);
      this.lintedFiles.add(input.doc.file);
      this.emit("core/unknown-kind", "unknownKind", documentTarget("bucket-policy", input.doc), "", { reason: guess.reason });
    }

    for (const target of targets) {
      this.reportProblems(target.doc, reported);
      if (!this.hidden.has(target.doc)) this.lintedFiles.add(target.doc.file);
      this.runRules(target);
    }
    if (this.options.network) await this.runNetworkRules(targets, this.options.network);
    this.reportUnusedSuppressions();
    return this.results();
  }

  private async manifestContext(manifest: Loaded, referenced: Set<string>): Promise<MutableManifestContext> {
    const bucketPolicies = new Map<number, Target>();
    const accessPointPolicies = new Map<number, Target>();
    const context: MutableManifestContext = {
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

  private async policyTarget(
    manifest: Loaded,
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
    if (policy.trimStart().startsWith("{")) {
      if (policy.charCodeAt(0) === 0xfeff) {
        // parseText drops a file's byte order mark; this string is sent as it is, so its mark is not skipped.
        this.emit("core/parse-error", "embeddedSyntax", host, role.pointer, { message: "it starts with a byte order mark (U+FEFF), which JSON does not allow; remove it" });
        return undefined;
      }
      const inner = await parseText(manifest.doc.file, policy, "json");
      const target = embeddedTarget(kind, manifest.doc, role.pointer, inner, extras);
      for (const problem of inner.problems) {
        const [ruleId, messageId] = PROBLEM_RULES[problem.kind];
        this.emit(ruleId, messageId === "syntax" ? "embeddedSyntax" : messageId, host, role.pointer, { message: problem.message, ...problem.data });
      }
      return inner.ok ? target : undefined;
    }
    const resolved = await resolveReference(manifest.path, policy, this.options.config.root);
    if (!resolved.ok) {
      this.emit("core/unresolved-reference", "refused", host, role.pointer, { path: policy, reason: resolved.message });
      return undefined;
    }
    referenced.add(resolved.path);
    const doc = await this.load(resolved.path);
    if (this.shownPaths !== undefined && !this.shownPaths.has(resolved.path)) this.hidden.add(doc);
    const unreadable = doc.problems.find((p) => p.kind === "unreadable");
    if (unreadable) {
      this.emit("core/unresolved-reference", "missing", host, role.pointer, { path: policy, reason: String(unreadable.data?.["reason"] ?? unreadable.message) });
      return undefined;
    }
    if (!doc.ok) {
      this.reportProblems(doc, new Set());
      if (!this.hidden.has(doc)) this.lintedFiles.add(doc.file);
      return undefined;
    }
    return documentTarget(kind, doc, "", extras);
  }

  /** Reads what AWS knows about a manifest's MRAP and buckets; a failed read is `core/service-error`. */
  private async readLive(context: MutableManifestContext, live: NonNullable<NetworkServices["live"]>): Promise<void> {
    const value = context.target.value;
    const mrap = field(value, "MultiRegionAccessPoint");
    const accountId = field(value, "AccountId");
    const name = field(mrap, "Name");
    const buckets = new Map<number, { region: string } | { missing: string }>();
    const unreadablePolicies = new Map<number, { code: string; httpStatus?: number }>();
    const facts: { -readonly [K in keyof LiveFacts]: LiveFacts[K] } = { buckets, unreadablePolicies };
    const guard = async <T>(pointer: string, read: () => Promise<T>): Promise<T | undefined> => {
      try {
        return await read();
      } catch (error) {
        this.serviceError(context.target, pointer, error);
        return undefined;
      }
    };
    const jobs: Promise<void>[] = [];
    const report = typeof accountId === "string" && typeof name === "string" ? guard("/MultiRegionAccessPoint/Name", () => live.getMultiRegionAccessPoint({ accountId, name })) : Promise.resolve(undefined);
    if (typeof accountId === "string" && typeof name === "string") {
      jobs.push(
        (async () => {
          const found = await report;
          if (found === undefined) return;
          facts.mrap = found ?? null;
          if (!found) return;
          const policy = await guard("/MultiRegionAccessPoint/Name", () => live.getMultiRegionAccessPointPolicy({ accountId, name }));
          if (policy) facts.mrapPolicy = policy;
        })(),
      );
    }
    list(field(mrap, "Regions")).forEach((region, index) => {
      const bucket = field(region, "Bucket");
      if (typeof bucket !== "string") return;
      const owner = field(region, "BucketAccountId");
      const expectedOwner = typeof owner === "string" ? { expectedOwner: owner } : {};
      const pointer = `/MultiRegionAccessPoint/Regions/${index}/Bucket`;
      jobs.push(
        (async () => {
          // The MRAP's own report names each bucket's Region; HeadBucket is asked only for a bucket it does not list.
          const reported = (await report)?.regions.find((entry) => entry.bucket === bucket && entry.region);
          const location = reported?.region ? { region: reported.region } : await guard(pointer, () => live.getBucketRegion({ bucket, ...expectedOwner }));
          if (!location) return;
          buckets.set(index, location);
          if (!("region" in location) || field(region, "BucketPolicy") !== undefined) return;
          const bucketOwner = typeof owner === "string" ? owner : reported?.bucketAccountId;
          let text: string | undefined;
          try {
            text = await live.getBucketPolicy({ bucket, region: location.region, ...expectedOwner });
          } catch (error) {
            const refused = unreadablePolicy(error, bucketOwner, typeof accountId === "string" ? accountId : undefined);
            if (refused) unreadablePolicies.set(index, refused);
            else this.serviceError(context.target, pointer, error);
            return;
          }
          if (text === undefined) return;
          const role: PolicyRole = { type: "bucket", index, pointer: `/MultiRegionAccessPoint/Regions/${index}/BucketPolicy` };
          const doc = await parseText(`s3://${bucket}?policy`, text, "json");
          if (!doc.ok) return this.reportProblems(doc, new Set());
          context.bucketPolicies.set(index, documentTarget("bucket-policy", doc, "", { manifest: context, role }));
        })(),
      );
    });
    await Promise.all(jobs);
    context.live = facts;
  }

  private async runNetworkRules(targets: readonly Target[], network: NetworkRun): Promise<void> {
    const jobs: (() => Promise<void>)[] = [];
    for (const target of targets) {
      // A context-only policy's own findings are not reported: no call is made for them.
      if (this.hidden.has(target.doc)) continue;
      for (const check of this.checksFor(target.kind, network)) jobs.push(() => this.runNetworkRule(target, check.rule, check.setting, network));
    }
    let done = 0;
    await Promise.all(
      jobs.map(async (job) => {
        await job();
        network.onProgress?.(++done, jobs.length);
      }),
    );
  }

  private async runNetworkRule(target: Target, rule: RuleModule, setting: RuleSetting, network: NetworkRun): Promise<void> {
    const context: NetworkRuleContext<string, unknown> = {
      ruleId: rule.id,
      kind: target.kind,
      target,
      value: target.value,
      options: setting.options,
      manifest: target.manifest,
      services: network.services,
      accessAnalyzer: this.options.config.accessAnalyzer,
      ...(network.referencePolicy ? { referencePolicy: network.referencePolicy } : {}),
      report: (report) => this.report(rule, setting, target, report),
    };
    try {
      await rule.checkAsync!(context);
    } catch (error) {
      if (isServiceError(error)) return this.serviceError(target, "", error);
      this.ruleError(target, rule, error);
    }
  }

  private ruleError(target: Target, rule: RuleModule, error: unknown): void {
    const text = error instanceof Error ? (this.options.debug ? error.stack ?? error.message : error.message) : String(error);
    this.emit("core/rule-error", "ruleError", target, "", { rule: rule.id, error: text });
  }

  private serviceError(target: Target, pointer: string, error: unknown): void {
    if (!isServiceError(error)) {
      const text = error instanceof Error ? error.message : String(error);
      this.emit("core/service-error", "serviceError", target, pointer, { service: "AWS", operation: "call", error: text, code: "Error" });
      return;
    }
    const request = error.requestId ? ` (request id ${error.requestId})` : "";
    this.emit("core/service-error", "serviceError", target, pointer, {
      service: error.service,
      operation: error.operation,
      error: `${error.message}${request}`,
      code: error.code,
      ...(error.requestId ? { requestId: error.requestId } : {}),
    });
  }

  private reportProblems(doc: SourceDocument, reported: Set<SourceDocument>): void {
    if (reported.has(doc) || this.hidden.has(doc)) return;
    reported.add(doc);
    for (const problem of doc.problems) {
      const [ruleId, messageId] = PROBLEM_RULES[problem.kind];
      this.emitAt(ruleId, messageId, doc, problem.pointer, problem.range, { message: problem.message, ...problem.data });
    }
  }

  private readonly checksByKind = new Map<string, { rule: RuleModule; setting: RuleSetting }[]>();

  /**
   * The enabled rules for one kind, worked out once per run: the offline rules with a check, or (given the
   * network) the network rules whose service this run has.
   */
  private checksFor(kind: DocumentKind, network?: NetworkRun): { rule: RuleModule; setting: RuleSetting }[] {
    const key = network ? `network:${kind}` : kind;
    let checks = this.checksByKind.get(key);
    if (!checks) {
      checks = [];
      for (const [id, setting] of this.options.config.rules) {
        const rule = this.rulesById.get(id);
        if (!rule || rule.meta.engine || !rule.meta.appliesTo.includes(kind)) continue;
        const service = rule.meta.requiresNetwork;
        const runs = network ? rule.checkAsync && service && network.services[service] && (service !== "live" || network.live) : rule.check && !service;
        if (runs) checks.push({ rule, setting });
      }
      this.checksByKind.set(key, checks);
    }
    return checks;
  }

  private runRules(target: Target): void {
    let current!: { rule: RuleModule; setting: RuleSetting };
    // One context per target; only the rule and its options change between checks (checks are synchronous).
    const context: RuleContext<string, unknown> = {
      ruleId: "",
      kind: target.kind,
      target,
      value: target.value,
      options: undefined,
      manifest: target.manifest,
      report: (report) => this.report(current.rule, current.setting, target, report),
    };
    const mutable = context as { ruleId: string; options: unknown };
    for (const check of this.checksFor(target.kind)) {
      current = check;
      mutable.ruleId = check.rule.id;
      mutable.options = check.setting.options;
      try {
        check.rule.check!(context);
      } catch (error) {
        this.ruleError(target, check.rule, error);
      }
    }
  }

  /** A finding a rule reported on `target` (or on another document of its manifest). */
  private report(rule: RuleModule, setting: RuleSetting, target: Target, report: Report<string>): void {
    const on = report.target ?? target;
    const pointer = report.pointer ?? "";
    const message = (rule.meta.messages as Record<string, string>)[report.messageId];
    if (message === undefined) throw new Error(`rule ${rule.id} reported unknown messageId "${report.messageId}"`);
    const crossDocument = on.doc !== target.doc ? on : undefined;
    const related = report.related?.map((r): RelatedLocation => {
      const range = on.locate(r.pointer, r.at);
      const { line, column } = range.start;
      return { pointer: on.docPointer(r.pointer), line, column, endLine: range.end.line, endColumn: range.end.column, ...(r.message !== undefined ? { message: r.message } : {}) };
    });
    const extra = { ...(related?.length ? { related } : {}), ...(report.distinct !== undefined ? { distinct: report.distinct } : {}) };
    this.push(rule.id, report.messageId, message, lower(setting.severity, report.severity), on.doc, on.docPointer(pointer), on.locate(pointer, report.at), report.data, report.helpUri, crossDocument, extra);
  }

  private emit(ruleId: string, messageId: string, target: Target, pointer: string, data: FindingData): void {
    this.emitAt(ruleId, messageId, target.doc, target.docPointer(pointer), target.locate(pointer), data);
  }

  private emitAt(ruleId: string, messageId: string, doc: SourceDocument, pointer: string, range: ReturnType<Target["locate"]>, data: FindingData): void {
    const setting = this.options.config.rules.get(ruleId);
    const rule = this.rulesById.get(ruleId);
    if (!setting || !rule) return;
    const template = (rule.meta.messages as Record<string, string>)[messageId] ?? "{{message}}";
    this.push(ruleId, messageId, template, setting.severity, doc, pointer, range, data);
  }

  private push(
    ruleId: string,
    messageId: string,
    template: string,
    severity: Severity,
    doc: SourceDocument,
    pointer: string,
    range: ReturnType<Target["locate"]>,
    data: FindingData | undefined,
    helpOverride?: string,
    crossDocument?: Target,
    extra: { related?: RelatedLocation[]; distinct?: string } = {},
  ): void {
    let rel = this.rootRelative(doc.file);
    let related = extra.related;
    if (this.suppressed(ruleId, rel, pointer)) return;
    let message = formatMessage(template, data);
    let place = { doc, pointer, range };
    if (this.hidden.has(doc)) {
      // A context-only file: a cross-document finding on it (the MRAP as a whole is wrong, whichever file
      // changed) moves to the line of the manifest that references the file; the file's own findings go.
      const manifest = crossDocument?.manifest?.target;
      const role = crossDocument?.role;
      if (!manifest || !role || this.hidden.has(manifest.doc)) return;
      message = `${message} (in ${doc.file}:${range.start.line}:${range.start.column})`;
      place = { doc: manifest.doc, pointer: role.pointer, range: manifest.locate(role.pointer) };
      related = undefined;
      rel = this.rootRelative(place.doc.file);
      if (this.suppressed(ruleId, rel, place.pointer)) return;
    }
    const key = `${ruleId}\0${place.doc.file}\0${place.pointer}\0${message}\0${place.range.start.offset}\0${extra.distinct ?? ""}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const helpUri = helpOverride ?? this.rulesById.get(ruleId)?.meta.docs.url;
    this.findings.push({
      ruleId,
      messageId,
      severity,
      message,
      file: place.doc.file,
      line: place.range.start.line,
      column: place.range.start.column,
      endLine: place.range.end.line,
      endColumn: place.range.end.column,
      pointer: place.pointer,
      fingerprint: fingerprint(ruleId, rel, place.pointer, messageId, extra.distinct),
      ...(helpUri ? { helpUri } : {}),
      ...(data ? { data } : {}),
      ...(related ? { related } : {}),
    });
  }

  /** Whether a suppression covers this finding (and counts its use). */
  private suppressed(ruleId: string, rel: string, pointer: string): boolean {
    // A required rule (parse, rule and service errors…) is never suppressed: the config refuses to name one, and
    // a wildcard such as `core/*` does not cover it.
    const suppressions = this.rulesById.get(ruleId)?.meta.required ? [] : this.options.config.suppressions;
    for (let i = 0; i < suppressions.length; i++) {
      const s = suppressions[i]!;
      const ruleMatches = s.rule === ruleId || (s.rule.endsWith("/*") && ruleId.startsWith(s.rule.slice(0, -1)));
      if (ruleMatches && s.matchesFile(rel) && (s.pointer === undefined || isWithin(pointer, s.pointer))) {
        this.suppressionUses[i]!++;
        return true;
      }
    }
    return false;
  }

  private reportUnusedSuppressions(): void {
    const source = this.options.config.source;
    if (!source) return;
    const target = documentTarget("manifest", source.doc);
    this.options.config.suppressions.forEach((s, i) => {
      if (this.suppressionUses[i]! > 0) return;
      // Only judge suppressions whose files were part of this run (a pre-commit run sees a few files).
      if (s.file !== undefined && ![...this.lintedFiles].some((file) => s.matchesFile(this.rootRelative(file)))) return;
      const where = `${s.file ? ` in ${s.file}` : ""}${s.pointer ? ` at ${s.pointer}` : ""}`;
      this.emit("core/unused-suppression", "unused", target, s.configPointer, { rule: s.rule, where });
    });
  }

  private results(): LintResult[] {
    const byFile = new Map<string, LintMessage[]>();
    for (const file of this.lintedFiles) byFile.set(file, []);
    for (const { file, ...message } of this.findings) {
      const list = byFile.get(file);
      if (list) list.push(message);
      else byFile.set(file, [message]);
    }
    return [...byFile.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([filePath, messages]) => {
        messages.sort((a, b) => a.line - b.line || a.column - b.column || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
        return {
          filePath,
          messages,
          errorCount: messages.filter((m) => m.severity === "error").length,
          warningCount: messages.filter((m) => m.severity === "warning").length,
          infoCount: messages.filter((m) => m.severity === "info").length,
        };
      });
  }
}

function lower(configured: Severity, requested: Severity | undefined): Severity {
  return requested !== undefined && SEVERITY_RANK[requested] < SEVERITY_RANK[configured] ? requested : configured;
}

function isServiceError(error: unknown): error is ServiceError {
  return error instanceof Error && error.name === "ServiceError" && "code" in error && "operation" in error;
}

/**
 * `path` relative to the folder `base` when it lies below it: a slice, not path.relative (which resolves both
 * paths again), for thousands of files. Undefined where the slice might differ from what path.relative gives.
 */
const NOT_NORMAL = /\/\/|\/\.\.?(\/|$)|\/$/;

function pathBelow(base: string, path: string): string | undefined {
  const prefix = base.endsWith(sep) ? base : base + sep;
  if (sep !== "/" || !path.startsWith(prefix) || NOT_NORMAL.test(path)) return undefined;
  return path.slice(prefix.length);
}

function field(value: JsonValue | undefined, key: string): JsonValue | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  return Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined;
}

function list(value: JsonValue | undefined): JsonValue[] {
  return Array.isArray(value) ? value : [];
}
