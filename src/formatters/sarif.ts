import { isAbsolute, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import type { Location, Log, Notification, PhysicalLocation, Region, ReportingDescriptor, Result } from "sarif";
import type { LintMessage, RuleModule, Severity } from "../engine/types.js";
import { omittedNote, shownFindings } from "./limits.js";
import { escapeUnsafe } from "../engine/escape.js";
import type { Formatter, FormatterContext } from "./types.js";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
export const INFORMATION_URI = "https://github.com/mrap-guard/mrap-guard";
/** The key of mrap-guard's fingerprint in `partialFingerprints`; bump the version if its inputs change. */
export const FINGERPRINT_KEY = "mrapGuard/v1";
const SRCROOT = "%SRCROOT%";

const LEVEL: Record<Severity, Result.level> = { error: "error", warning: "warning", info: "note" };

/** The root as a `file:` URL that ends with a slash (SARIF requires it of a base URI). */
export function rootUri(root: string): string {
  const href = pathToFileURL(resolve(root)).href;
  return href.endsWith("/") ? href : `${href}/`;
}

/**
 * Where a finding's file is: relative to the root (forward slashes, percent-encoded) with `%SRCROOT%`
 * as its base, or an absolute `file:` URL when the file is outside the root.
 */
function artifactLocation(file: string, context: Pick<FormatterContext, "cwd" | "root">): { uri: string; uriBaseId?: string } {
  const absolute = resolve(context.cwd, file);
  const fromRoot = relative(resolve(context.root), absolute);
  if (fromRoot === "" || fromRoot === ".." || fromRoot.startsWith(`..${sep}`) || isAbsolute(fromRoot)) {
    return { uri: pathToFileURL(absolute).href };
  }
  return { uri: fromRoot.split(sep).map(encodeURIComponent).join("/"), uriBaseId: SRCROOT };
}

function descriptor(rule: RuleModule): ReportingDescriptor {
  const { meta } = rule;
  const result: ReportingDescriptor = {
    id: rule.id,
    shortDescription: { text: meta.docs.description },
    defaultConfiguration: { level: LEVEL[meta.severity] },
    properties: { tags: [meta.type, ...meta.appliesTo] },
  };
  if (meta.docs.url !== undefined) result.helpUri = meta.docs.url;
  return result;
}

/** A descriptor for a rule id that the context's rules don't list (so every result has a `ruleIndex`). */
function unknownDescriptor(finding: LintMessage): ReportingDescriptor {
  const result: ReportingDescriptor = { id: finding.ruleId };
  if (finding.helpUri !== undefined) result.helpUri = finding.helpUri;
  return result;
}

/** Regions need positive numbers; a position the engine couldn't place is left out rather than made up. */
function region(finding: Pick<LintMessage, "line" | "column" | "endLine" | "endColumn">): Region | undefined {
  if (!(finding.line >= 1)) return undefined;
  const out: Region = { startLine: finding.line };
  if (finding.column >= 1) out.startColumn = finding.column;
  if (finding.endLine >= finding.line) {
    out.endLine = finding.endLine;
    if (finding.endColumn >= 1 && out.startColumn !== undefined) out.endColumn = finding.endColumn;
  }
  return out;
}

/** SARIF 2.1.0 with every known rule in `tool.driver.rules`, root-relative URIs and partial fingerprints. */
export const sarif: Formatter = (results, context) => {
  const rules: ReportingDescriptor[] = [];
  const ruleIndex = new Map<string, number>();
  const addRule = (id: string, make: () => ReportingDescriptor): number => {
    let index = ruleIndex.get(id);
    if (index === undefined) {
      index = rules.push(make()) - 1;
      ruleIndex.set(id, index);
    }
    return index;
  };
  for (const rule of context.rules) addRule(rule.id, () => descriptor(rule));

  const sarifResults: Result[] = [];
  const notes: Notification[] = [];
  for (const lintResult of results) {
    const capped = shownFindings(lintResult, context);
    if (capped.omitted > 0) {
      notes.push({ level: "warning", message: { text: omittedNote(capped) }, locations: [{ physicalLocation: { artifactLocation: artifactLocation(lintResult.filePath, context) } }] });
    }
    for (const finding of capped.shown) {
      const physicalLocation: PhysicalLocation = {
        artifactLocation: artifactLocation(lintResult.filePath, context),
      };
      const where = region(finding);
      if (where !== undefined) physicalLocation.region = where;
      const location: Location = { physicalLocation };
      if (finding.pointer !== "") location.logicalLocations = [{ fullyQualifiedName: finding.pointer }];
      const relatedLocations = (finding.related ?? []).map((related, id): Location => {
        const at: PhysicalLocation = { artifactLocation: artifactLocation(lintResult.filePath, context) };
        const relatedRegion = region(related);
        if (relatedRegion !== undefined) at.region = relatedRegion;
        const out: Location = { id, physicalLocation: at };
        if (related.pointer !== "") out.logicalLocations = [{ fullyQualifiedName: related.pointer }];
        if (related.message !== undefined) out.message = { text: escapeUnsafe(related.message) };
        return out;
      });
      sarifResults.push({
        ruleId: finding.ruleId,
        ruleIndex: addRule(finding.ruleId, () => unknownDescriptor(finding)),
        level: LEVEL[finding.severity],
        message: { text: escapeUnsafe(finding.message) },
        locations: [location],
        ...(relatedLocations.length ? { relatedLocations } : {}),
        partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
        properties: { pointer: finding.pointer, messageId: finding.messageId },
      });
    }
  }

  const log: Log = {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "mrap-guard", version: context.version, informationUri: INFORMATION_URI, rules } },
        originalUriBaseIds: { [SRCROOT]: { uri: rootUri(context.root) } },
        columnKind: "utf16CodeUnits",
        results: sarifResults,
        // Findings left out by the per-file cap are said here, so the log never looks complete when it is not.
        ...(notes.length > 0 ? { invocations: [{ executionSuccessful: true, toolExecutionNotifications: notes }] } : {}),
      },
    ],
  };
  return JSON.stringify(log, null, 2);
};
