/** The findings sink: where one lint's findings are reported, and the results it makes of them. */
import { isWithin, type LocateTarget, type Range, type SourceDocument } from "../document/index.js";
import { fingerprint } from "./fingerprint.js";
import { formatMessage, shortenedData } from "./messages.js";
import type { ProjectPaths } from "./project-paths.js";
import { documentTarget } from "./targets.js";
import { SEVERITY_RANK, type Finding, type FindingData, type LintMessage, type LintResult, type RelatedLocation, type Report, type ResolvedConfig, type RuleModule, type Severity, type Target } from "./types.js";

/** What a rule's check asked for besides the place (see Report): the findings sink applies it. */
export interface CheckReport {
  /** The target the check ran on: a finding placed on another document is cross-document. */
  ranOn: Target;
  severity?: Severity;
  helpUri?: string;
  related?: Report<string>["related"];
  distinct?: string;
}

/**
 * One finding as it is reported: its rule and message, and its place: a pointer relative to a target's value,
 * or an exact range in a document (a parse problem's).
 */
export type Reported = { ruleId: string; messageId: string; data?: FindingData } & (
  | { target: Target; pointer?: string; at?: LocateTarget; check?: CheckReport }
  | { doc: SourceDocument; pointer: string; range: Range }
);

/**
 * Where one lint's findings go: the rule's severity and message, suppressions (counting their uses),
 * duplicates dropped, fingerprints, and at the end the results by file.
 */
export class FindingsSink {
  private readonly findings: Finding[] = [];
  private readonly seen = new Set<string>();
  private readonly rulesById: ReadonlyMap<string, RuleModule>;
  private readonly suppressionUses: number[];
  private readonly files = new Set<string>();
  /** Documents read only as context for a discovered manifest (`changed`): none of their own findings is reported. */
  private readonly contextOnly = new Set<SourceDocument>();

  constructor(
    private readonly config: ResolvedConfig,
    rules: readonly RuleModule[],
    private readonly paths: ProjectPaths,
  ) {
    this.rulesById = new Map(rules.map((rule) => [rule.id, rule]));
    this.suppressionUses = config.suppressions.map(() => 0);
  }

  markContextOnly(doc: SourceDocument): void {
    this.contextOnly.add(doc);
  }

  isContextOnly(doc: SourceDocument): boolean {
    return this.contextOnly.has(doc);
  }

  /** A file of this lint: it has a result even when clean (unless it was read only for context). */
  addFile(doc: SourceDocument): void {
    if (!this.contextOnly.has(doc)) this.files.add(doc.file);
  }

  /**
   * Records a finding, unless its rule is off, a suppression covers it, or it was recorded already. A rule's
   * check may only use its own message ids; the engine's findings fall back to the bare message.
   */
  report(finding: Reported): void {
    const rule = this.rulesById.get(finding.ruleId);
    const setting = this.config.rules.get(finding.ruleId);
    if (!rule || !setting) return;
    const { ruleId, messageId, data } = finding;
    const check = "target" in finding ? finding.check : undefined;
    const template = (rule.meta.messages as Record<string, string>)[messageId] ?? (check ? undefined : "{{message}}");
    if (template === undefined) throw new Error(`rule ${ruleId} reported unknown messageId "${messageId}"`);
    const found = placeOf(finding);
    let { place, related } = found;
    let rel = this.paths.rootRelative(place.doc.file);
    if (this.suppressed(ruleId, rel, place.pointer)) return;
    let message = formatMessage(template, data);
    if (this.contextOnly.has(place.doc)) {
      // A context-only file: a cross-document finding on it (the MRAP as a whole is wrong, whichever file
      // changed) moves to the line of the manifest that references the file; the file's own findings go.
      const crossDocument = check && found.on && found.on.doc !== check.ranOn.doc ? found.on : undefined;
      const manifest = crossDocument?.manifest?.target;
      const role = crossDocument?.role;
      if (!manifest || !role || this.contextOnly.has(manifest.doc)) return;
      message = `${message} (in ${place.doc.file}:${place.range.start.line}:${place.range.start.column})`;
      place = { doc: manifest.doc, pointer: role.pointer, range: manifest.locate(role.pointer) };
      related = undefined;
      rel = this.paths.rootRelative(place.doc.file);
      if (this.suppressed(ruleId, rel, place.pointer)) return;
    }
    const distinct = check?.distinct;
    const key = `${ruleId}\0${place.doc.file}\0${place.pointer}\0${message}\0${place.range.start.offset}\0${distinct ?? ""}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const helpUri = check?.helpUri ?? rule.meta.docs.url;
    this.findings.push({
      ruleId,
      messageId,
      severity: lower(setting.severity, check?.severity),
      message,
      file: place.doc.file,
      line: place.range.start.line,
      column: place.range.start.column,
      endLine: place.range.end.line,
      endColumn: place.range.end.column,
      pointer: place.pointer,
      fingerprint: fingerprint(ruleId, rel, place.pointer, messageId, distinct),
      ...(helpUri ? { helpUri } : {}),
      ...(data ? { data: shortenedData(data) } : {}),
      ...(related ? { related } : {}),
    });
  }

  /** Whether a suppression covers this finding (and counts its use). */
  private suppressed(ruleId: string, rel: string, pointer: string): boolean {
    // A required rule (parse, rule and service errors…) is never suppressed: the config refuses to name one, and
    // a wildcard such as `core/*` does not cover it.
    const suppressions = this.rulesById.get(ruleId)?.meta.required ? [] : this.config.suppressions;
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

  /** The results by file, sorted; first the suppressions this lint's files never used are reported. */
  results(): LintResult[] {
    this.reportUnusedSuppressions();
    const byFile = new Map<string, LintMessage[]>();
    for (const file of this.files) byFile.set(file, []);
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

  private reportUnusedSuppressions(): void {
    const source = this.config.source;
    if (!source) return;
    const target = documentTarget("manifest", source.doc);
    this.config.suppressions.forEach((s, i) => {
      if (this.suppressionUses[i]! > 0) return;
      // Only judge suppressions whose files were part of this run (a pre-commit run sees a few files).
      if (s.file !== undefined && ![...this.files].some((file) => s.matchesFile(this.paths.rootRelative(file)))) return;
      const where = `${s.file ? ` in ${s.file}` : ""}${s.pointer ? ` at ${s.pointer}` : ""}`;
      this.report({ ruleId: "core/unused-suppression", messageId: "unused", target, pointer: s.configPointer, data: { rule: s.rule, where } });
    });
  }
}

function lower(configured: Severity, requested: Severity | undefined): Severity {
  return requested !== undefined && SEVERITY_RANK[requested] < SEVERITY_RANK[configured] ? requested : configured;
}

/** Where a finding lands in its document, and the further places a check's report names there. */
function placeOf(finding: Reported): { place: { doc: SourceDocument; pointer: string; range: Range }; on?: Target; related?: RelatedLocation[] } {
  if (!("target" in finding)) return { place: { doc: finding.doc, pointer: finding.pointer, range: finding.range } };
  const on = finding.target;
  const pointer = finding.pointer ?? "";
  const related = finding.check?.related?.map((r): RelatedLocation => {
    const range = on.locate(r.pointer, r.at);
    const { line, column } = range.start;
    return { pointer: on.docPointer(r.pointer), line, column, endLine: range.end.line, endColumn: range.end.column, ...(r.message !== undefined ? { message: r.message } : {}) };
  });
  return { place: { doc: on.doc, pointer: on.docPointer(pointer), range: on.locate(pointer, finding.at) }, on, ...(related?.length ? { related } : {}) };
}
