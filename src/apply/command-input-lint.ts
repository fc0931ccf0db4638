/**
 * The four guarded S3 Control command inputs, linted offline as they are about to be sent: each input becomes
 * a minimal manifest with the rules that can judge it without live state, and every finding is reported at
 * the input field it is about (file `PutMultiRegionAccessPointPolicy input`, pointer `/Details/Policy/…`).
 */
import { join } from "node:path";
import { isWithin, parsePointer } from "../document/index.js";
import type { ResolvedConfig } from "../engine/config.js";
import { fingerprint } from "../engine/fingerprint.js";
import { lintText } from "../engine/linter.js";
import type { LintOptions } from "../engine/types.js";
import { findingsOf, type DocumentKind, type Finding, type RuleModule } from "../engine/types.js";
import { parseArn } from "../iam/arn.js";
import { policyValue, RawPolicy, spliceJson } from "./policy-splice.js";
import type { GuardedOperation } from "./types.js";

export const GUARDED_OPERATIONS: readonly GuardedOperation[] = [
  "CreateMultiRegionAccessPoint",
  "PutMultiRegionAccessPointPolicy",
  "PutAccessPointPolicy",
  "SubmitMultiRegionAccessPointRoutes",
];

/** `PutAccessPointPolicy` or `PutAccessPointPolicyCommand` (the SDK's `commandName`); undefined for any other command. */
export function guardedOperation(commandName: string): GuardedOperation | undefined {
  const name = commandName.endsWith("Command") ? commandName.slice(0, -"Command".length) : commandName;
  return GUARDED_OPERATIONS.find((operation) => operation === name);
}

/** Where a manifest pointer lands in the input: `[manifest prefix, input prefix]`, or null for what the input does not hold. */
type PointerPair = readonly [string, string | null];

/** One document the linter reads for an input. */
export interface LintUnit {
  text: string;
  kind: DocumentKind;
  /** Given to the linter; a `.json` name for a policy text that is not a JSON object, so it is parsed as JSON. */
  fileName: string;
  pairs: readonly PointerPair[];
  /** A policy spliced into `text` as written: its findings keep their line and column within the policy text. */
  policy?: { pointer: string; lineOffset: number };
  /** The text is the input's policy string itself. */
  standalone?: boolean;
}

/** Something the SDK command would not accept and no rule looks at (a missing policy, a Mrap that is not an MRAP ARN). */
export interface InputProblem {
  pointer: string;
  message: string;
}

export interface ConvertedInput {
  operation: GuardedOperation;
  /** The file every finding names: `<operation> input`. */
  label: string;
  units: LintUnit[];
  problems: InputProblem[];
  /** The rules that can judge this operation's input without live state. */
  selects(rule: RuleModule): boolean;
}

export interface ConvertHints {
  /** The Region of the access point (the client's Region), so access point policy ARNs are checked against it. */
  accessPointRegion?: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const MRAP = "/MultiRegionAccessPoint";
/** Stands in for the name a routes input does not carry; hyphens keep it from ever equalling an alias. */
const ROUTES_NAME = "routes-input";
const UNNAMED_BUCKET = "route-without-bucket";
/** Stands for the MRAP's buckets a route update does not name (shown in route-active's message). */
const UNNAMED_REGIONS = "the MRAP's other buckets";

// No input carries bucket policies or declares bucket Regions (AWS infers them), so the rules about those would
// only report what the input cannot say; a suppression report is about a whole run, not one call.
const CREATE_SKIPPED = new Set(["mrap/region-unknown", "mrap/cross-account-bucket-policy", "mrap/bucket-delegation", "mrap/bucket-consistency"]);
const MRAP_POLICY_MANIFEST_RULES = new Set(["mrap/valid-schema", "mrap/name-format", "mrap/account-id"]);
const ACCESS_POINT_MANIFEST_RULES = new Set(["mrap/valid-schema", "mrap/access-point-name", "mrap/account-id"]);
const ROUTE_RULES = new Set(["mrap/valid-schema", "mrap/account-id", "mrap/alias-format", "mrap/route-dial", "mrap/route-target", "mrap/route-active", "mrap/supported-region"]);
const NEVER = new Set(["core/unused-suppression"]);

const isCore = (rule: RuleModule) => rule.id.startsWith("core/");

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function field(value: unknown, key: string): unknown {
  return isRecord(value) && Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined;
}

/** The keys of `value` that the SDK serialises, or `value` itself when it is not an object (valid-schema reports it). */
function pick(value: unknown, keys: readonly string[]): unknown {
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of keys) if (value[key] !== undefined) out[key] = value[key];
  return out;
}

type PolicyPart =
  | { kind: "spliced"; text: string }
  | { kind: "standalone"; text: string }
  | { kind: "problem"; message: string };

/**
 * A policy given as a JSON object's text is spliced into the manifest as written, so duplicate keys and
 * positions survive; a text that is not one JSON object is linted on its own (a splice could change the
 * manifest around it); an object is printed.
 */
function policyPart(policy: unknown): PolicyPart {
  if (policy === undefined || policy === null) return { kind: "problem", message: "is required: the policy document as a JSON string" };
  if (typeof policy === "string") {
    // The linter drops a file's byte order mark; the SDK sends this string as it is, mark and all.
    if (policy.charCodeAt(0) === 0xfeff) return { kind: "problem", message: "starts with a byte order mark (U+FEFF), which JSON does not allow; remove it" };
    return policyValue(policy) instanceof RawPolicy ? { kind: "spliced", text: policy } : { kind: "standalone", text: policy };
  }
  if (isRecord(policy)) {
    try {
      return { kind: "spliced", text: JSON.stringify(policy, null, 2) };
    } catch (error) {
      return { kind: "problem", message: `cannot be written as JSON: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
  return { kind: "problem", message: `is ${Array.isArray(policy) ? "an array" : `a ${typeof policy}`}; it must be the policy document as a JSON string` };
}

function converted(operation: GuardedOperation, selects: (rule: RuleModule) => boolean, units: LintUnit[], problems: InputProblem[]): ConvertedInput {
  return { operation, label: `${operation} input`, units, problems, selects: (rule) => !NEVER.has(rule.id) && selects(rule) };
}

/** Units for a policy operation: the manifest (with the policy spliced in when it is a JSON object) and, when it is not, the policy text alone. */
function policyUnits(
  operation: GuardedOperation,
  kind: DocumentKind,
  manifest: (policy: RawPolicy | undefined) => unknown,
  policy: unknown,
  policyPointers: { manifest: string; input: string },
  pairs: readonly PointerPair[],
  problems: InputProblem[],
): LintUnit[] {
  const label = `${operation} input`;
  const part = policyPart(policy);
  if (part.kind === "spliced") {
    const { text, lines } = spliceJson(manifest(new RawPolicy(part.text)));
    return [{ text, kind: "manifest", fileName: label, pairs, policy: { pointer: policyPointers.manifest, lineOffset: lines[0]! } }];
  }
  const units: LintUnit[] = [{ text: JSON.stringify(manifest(undefined)), kind: "manifest", fileName: label, pairs }];
  if (part.kind === "standalone") units.push({ text: part.text, kind, fileName: `${label}.json`, pairs: [["", policyPointers.input]], standalone: true });
  else problems.push({ pointer: policyPointers.input, message: `${policyPointers.input.slice(1).replace(/\//g, ".")} ${part.message}.` });
  return units;
}

function createUnits(input: unknown): ConvertedInput {
  const details = field(input, "Details");
  const regions = field(details, "Regions");
  const mrap = isRecord(details)
    ? {
        Name: details["Name"],
        PublicAccessBlock: details["PublicAccessBlock"],
        Regions: Array.isArray(regions) ? regions.map((entry) => pick(entry, ["Bucket", "BucketAccountId"])) : regions,
      }
    : details;
  const text = JSON.stringify({ AccountId: field(input, "AccountId"), MultiRegionAccessPoint: mrap ?? {} });
  const pairs: PointerPair[] = [
    [MRAP, "/Details"],
    ["", ""],
  ];
  return converted(
    "CreateMultiRegionAccessPoint",
    (rule) => rule.meta.appliesTo.includes("manifest") && !CREATE_SKIPPED.has(rule.id),
    [{ text, kind: "manifest", fileName: "CreateMultiRegionAccessPoint input", pairs }],
    [],
  );
}

function putMrapPolicyUnits(input: unknown): ConvertedInput {
  const operation = "PutMultiRegionAccessPointPolicy";
  const details = field(input, "Details");
  const problems: InputProblem[] = [];
  // Regions stay empty: the input does not name the buckets, and no rule chosen below reads them.
  const manifest = (policy: RawPolicy | undefined) => ({
    AccountId: field(input, "AccountId"),
    MultiRegionAccessPoint: { Name: field(details, "Name"), Regions: [], Policy: policy },
  });
  const pairs: PointerPair[] = [
    [`${MRAP}/Regions`, null],
    [MRAP, "/Details"],
    ["", ""],
  ];
  const units = policyUnits(operation, "mrap-policy", manifest, field(details, "Policy"), { manifest: `${MRAP}/Policy`, input: "/Details/Policy" }, pairs, problems);
  return converted(operation, (rule) => rule.meta.appliesTo.includes("mrap-policy") || MRAP_POLICY_MANIFEST_RULES.has(rule.id), units, problems);
}

function putAccessPointPolicyUnits(input: unknown, hints: ConvertHints): ConvertedInput {
  const operation = "PutAccessPointPolicy";
  const problems: InputProblem[] = [];
  const manifest = (policy: RawPolicy | undefined) => ({
    AccountId: field(input, "AccountId"),
    AccessPoints: [{ Name: field(input, "Name"), Region: hints.accessPointRegion, Policy: policy }],
  });
  const pairs: PointerPair[] = [
    ["/AccessPoints/0/Region", null],
    ["/AccessPoints/0", ""],
    ["/AccessPoints", ""],
    ["", ""],
  ];
  const units = policyUnits(operation, "access-point-policy", manifest, field(input, "Policy"), { manifest: "/AccessPoints/0/Policy", input: "/Policy" }, pairs, problems);
  return converted(operation, (rule) => rule.meta.appliesTo.includes("access-point-policy") || ACCESS_POINT_MANIFEST_RULES.has(rule.id), units, problems);
}

/**
 * `arn:PARTITION:s3::ACCOUNT:accesspoint/ALIAS`: the alias, or what is wrong with the ARN.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/mrap-failover-errors.html
 */
function readMrapArn(mrap: unknown, accountId: unknown): { alias: string } | { problem: string } {
  if (mrap === undefined || mrap === null) return { problem: 'Mrap is required: the Multi-Region Access Point ARN, "arn:aws:s3::ACCOUNT:accesspoint/ALIAS".' };
  if (typeof mrap !== "string") return { problem: `Mrap is a ${typeof mrap}; it must be the Multi-Region Access Point ARN as a string.` };
  const arn = parseArn(mrap);
  if (!arn || arn.service !== "s3" || !arn.resource.startsWith("accesspoint/")) {
    const hint = mrap.endsWith(".mrap") ? ` "${mrap}" looks like the alias; the ARN is "arn:aws:s3::ACCOUNT:accesspoint/${mrap}".` : "";
    return { problem: `Mrap "${mrap}" is not a Multi-Region Access Point ARN; SubmitMultiRegionAccessPointRoutes needs "arn:aws:s3::ACCOUNT:accesspoint/ALIAS", and AWS answers 400 Bad Request to anything else.${hint}` };
  }
  const { partition, region, account } = arn;
  const alias = arn.resource.slice("accesspoint/".length);
  if (partition === "") return { problem: `Mrap "${mrap}" has no partition; the ARN is "arn:aws:s3::ACCOUNT:accesspoint/ALIAS".` };
  if (region !== "") {
    return { problem: `Mrap "${mrap}" has the Region "${region}", which makes it a single-Region access point ARN; a Multi-Region Access Point ARN has no Region: "arn:${partition}:s3::${account}:accesspoint/${alias}".` };
  }
  if (typeof accountId === "string" && account !== accountId) {
    return { problem: `Mrap "${mrap}" names account "${account}", but AccountId is "${accountId}"; AccountId must be the account that owns the Multi-Region Access Point, the one in its ARN.` };
  }
  return { alias };
}

function routesUnits(input: unknown): ConvertedInput {
  const operation = "SubmitMultiRegionAccessPointRoutes";
  const problems: InputProblem[] = [];
  const accountId = field(input, "AccountId");
  const arn = readMrapArn(field(input, "Mrap"), accountId);
  if ("problem" in arn) problems.push({ pointer: "/Mrap", message: arn.problem });
  const updates = field(input, "RouteUpdates");
  const routes = Array.isArray(updates) ? updates.map((route) => pick(route, ["Bucket", "Region", "TrafficDialPercentage"])) : updates;
  const pairs: PointerPair[] = [
    [`${MRAP}/Name`, null],
    [`${MRAP}/Alias`, "/Mrap"],
    [`${MRAP}/Routes`, "/RouteUpdates"],
  ];
  // The input names no buckets, so the routes stand for them, plus one entry for the Regions the request does
  // not name: AWS keeps their routing, so setting every named route to 0 is a common failover that AWS accepts
  // when an unnamed Region is active. route-active warns about it; it does not block.
  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_SubmitMultiRegionAccessPointRoutes.html
  const regions: Json[] = [];
  if (Array.isArray(routes)) {
    routes.forEach((route, index) => {
      const bucket = field(route, "Bucket");
      const region = field(route, "Region");
      if (typeof bucket !== "string" && typeof region !== "string") return;
      const at = `${MRAP}/Regions/${regions.length}`;
      if (typeof bucket !== "string") pairs.push([`${at}/Bucket`, null]);
      pairs.push([at, `/RouteUpdates/${index}`]);
      regions.push({ Bucket: typeof bucket === "string" ? bucket : UNNAMED_BUCKET, ...(typeof region === "string" ? { Region: region } : {}) });
    });
  }
  regions.push({ Bucket: UNNAMED_REGIONS });
  pairs.push([`${MRAP}/Regions`, "/RouteUpdates"], [MRAP, ""], ["", ""]);
  if (updates === undefined || updates === null) problems.push({ pointer: "/RouteUpdates", message: "RouteUpdates is required: the routes to change, each with a Bucket or a Region and a TrafficDialPercentage." });
  const text = JSON.stringify({
    AccountId: accountId,
    MultiRegionAccessPoint: { Name: ROUTES_NAME, ...("alias" in arn ? { Alias: arn.alias } : {}), Regions: regions, Routes: routes ?? [] },
  });
  return converted(operation, (rule) => ROUTE_RULES.has(rule.id) || (isCore(rule) && rule.meta.appliesTo.includes("manifest")), [{ text, kind: "manifest", fileName: `${operation} input`, pairs }], problems);
}

/** What the linter checks for one input, with no live state. */
export function convertInput(operation: GuardedOperation, input: unknown, hints: ConvertHints = {}): ConvertedInput {
  switch (operation) {
    case "CreateMultiRegionAccessPoint":
      return createUnits(input);
    case "PutMultiRegionAccessPointPolicy":
      return putMrapPolicyUnits(input);
    case "PutAccessPointPolicy":
      return putAccessPointPolicyUnits(input, hints);
    case "SubmitMultiRegionAccessPointRoutes":
      return routesUnits(input);
  }
}

/** The input pointer for a pointer in a unit's text, or undefined when it is about something the input does not hold. */
export function inputPointer(pairs: readonly PointerPair[], pointer: string): string | undefined {
  let best: PointerPair | undefined;
  for (const pair of pairs) if (isWithin(pointer, pair[0]) && (best === undefined || pair[0].length > best[0].length)) best = pair;
  if (!best || best[1] === null) return undefined;
  return best[1] + pointer.slice(best[0].length);
}

/** A pointer as valid-schema's messages spell it: `MultiRegionAccessPoint.Routes[1]`. */
function describePointer(pointer: string, root: string): string {
  if (pointer === "") return root;
  return parsePointer(pointer)
    .map((segment, i) => (/^\d+$/.test(segment) ? `[${segment}]` : i === 0 ? segment : `.${segment}`))
    .join("");
}

/** valid-schema's message about the manifest, told about the input instead. */
function inputMessage(finding: Finding, pointer: string, label: string): string {
  if (finding.ruleId !== "mrap/valid-schema" || !finding.message.startsWith("Manifest: ")) return finding.message;
  const text = finding.message.slice("Manifest: ".length);
  const from = describePointer(finding.pointer, "the document");
  return `${label}: ${text.startsWith(from) ? describePointer(pointer, "the input") + text.slice(from.length) : text}`;
}

/** The pointers in a unit's text that an input pointer stands for (a suppression written against the input). */
function unitPointers(pairs: readonly PointerPair[], pointer: string): string[] {
  if (pointer === "") return [""];
  const out = new Set<string>();
  for (const [inUnit, inInput] of pairs) {
    if (inInput === null || inInput === "" || !isWithin(pointer, inInput)) continue;
    const candidate = inUnit + pointer.slice(inInput.length);
    if (inputPointer(pairs, candidate) === pointer) out.add(candidate);
  }
  return [...out];
}

/** The config with suppressions for the input's file translated to the unit's pointers. */
function configFor(config: ResolvedConfig, unit: LintUnit, label: string): ResolvedConfig {
  if (config.suppressions.length === 0) return config;
  const suppressions = config.suppressions.flatMap((suppression) => {
    if (suppression.pointer === undefined || !suppression.matchesFile(label)) return [suppression];
    const pointers = unitPointers(unit.pairs, suppression.pointer);
    return pointers.length === 0 ? [suppression] : pointers.map((pointer) => ({ ...suppression, pointer }));
  });
  return { ...config, suppressions };
}

/**
 * Lints a converted input with `options` (config, rules and any network services) and returns the findings at
 * the input's pointers, each naming `<operation> input` as its file.
 */
export async function lintConverted(converted: ConvertedInput, options: LintOptions): Promise<Finding[]> {
  const rules = options.rules.filter((rule) => converted.selects(rule));
  const { label } = converted;
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const push = (finding: Finding) => {
    const key = `${finding.ruleId}\0${finding.pointer}\0${finding.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    findings.push(finding);
  };

  const schema = options.config.rules.get("mrap/valid-schema");
  const schemaHelp = options.rules.find((rule) => rule.id === "mrap/valid-schema")?.meta.docs.url;
  for (const problem of converted.problems) {
    if (!schema) continue;
    push({
      ruleId: "mrap/valid-schema",
      messageId: "input",
      message: `${converted.operation} input: ${problem.message}`,
      severity: schema.severity,
      file: label,
      pointer: problem.pointer,
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 1,
      fingerprint: fingerprint("mrap/valid-schema", label, problem.pointer, "input"),
      ...(schemaHelp ? { helpUri: schemaHelp } : {}),
    });
  }

  for (const unit of converted.units) {
    const results = await lintText(unit.text, join(options.config.root, unit.fileName), {
      ...options,
      config: configFor(options.config, unit, label),
      rules,
      kind: unit.kind,
    });
    for (const finding of findingsOf(results)) {
      const pointer = inputPointer(unit.pairs, finding.pointer);
      if (pointer === undefined) continue;
      const inPolicy = unit.standalone || (unit.policy !== undefined && isWithin(finding.pointer, unit.policy.pointer));
      const offset = unit.policy && !unit.standalone ? unit.policy.lineOffset : 0;
      push({
        ...finding,
        file: label,
        pointer,
        message: inputMessage(finding, pointer, label),
        ...(inPolicy
          ? { line: finding.line - offset, endLine: finding.endLine - offset }
          : { line: 1, column: 1, endLine: 1, endColumn: 1 }),
        fingerprint: fingerprint(finding.ruleId, label, pointer, finding.messageId),
      });
    }
  }
  return findings;
}
