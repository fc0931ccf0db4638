/**
 * `mrap-guard plan` and `apply` for a whole manifest: lint it as `mrap-guard lint --live` would, then one
 * guarded call per change (create the MRAP, its policy, its routes, access point policies), each with the
 * same options, stopping at the first that does not end applied-and-verified or unchanged.
 */
import { relative, resolve, sep } from "node:path";
import type { PutMultiRegionAccessPointPolicyCommandInput, SubmitMultiRegionAccessPointRoutesCommandInput } from "@aws-sdk/client-s3-control";
import { loadDocument, resolveReference, type JsonValue, type SourceDocument } from "../document/index.js";
import { lintFiles } from "../engine/linter.js";
import type { LintResult } from "../engine/types.js";
import { ServiceError } from "../engine/services.js";
import { findingsOf, type Finding } from "../engine/types.js";
import { isObject, stringField, type JsonObject } from "../iam/json-fields.js";
import { mrapOf } from "../mrap/manifest.js";
import { mrapArn } from "../mrap/s3-arn.js";
import { putAccessPointPolicySteps } from "./put-access-point-policy.js";
import { appendAudit, auditRecord } from "./audit.js";
import { createMrapSteps } from "./create-mrap.js";
import { putMrapPolicySteps } from "./put-mrap-policy.js";
import { prettyPolicy } from "./policy-text.js";
import { submitRoutesSteps } from "./submit-routes.js";
import { planStep, result, runStep, sameSnapshot, type GuardedSteps } from "./guarded-call.js";
import { withSession, type Engine, type Session } from "./session.js";
import { errorDetails, GuardInputError, type GuardOptions, type GuardResult, type GuardStatus, type GuardedOperation, type Plan } from "./types.js";

export interface ManifestStep {
  operation: GuardedOperation;
  /** The MRAP or access point name. */
  name: string;
  accountId: string;
  /** The access point's Region (PutAccessPointPolicy). */
  region?: string;
  /** The guarded plan, when the step could be planned now. */
  plan?: Plan;
  /**
   * Why the step is planned only at apply time (its MRAP does not exist yet, so its alias is unknown), or
   * why it cannot be planned (its input is incomplete: then `refusal` is set too).
   */
  deferred?: string;
  refusal?: string;
  /** The desired value as text, for a step without a plan. */
  after?: string;
  /** The outcome, once applied. */
  result?: GuardResult;
}

export interface ManifestPlan {
  /** The manifest as given (relative to the working directory when inside it). */
  file: string;
  accountId?: string;
  name?: string;
  /** The lint of the manifest and its policy files (with the live state). */
  lint: LintResult[];
  /** Lint findings that stop the apply. */
  blocking: Finding[];
  steps: ManifestStep[];
  /** Why apply would not proceed; empty when it would. */
  refusals: string[];
  /** Whether apply would send anything. */
  changes: boolean;
}

export type ManifestStatus = "applied" | "no-change" | "refused" | "cancelled" | "failed" | "applied-not-verified";

export interface ManifestOutcome {
  plan: ManifestPlan;
  status: ManifestStatus;
  /** The steps as run (with their results); a step after the first that did not succeed has none. */
  steps: ManifestStep[];
  /** The guarded results in order. */
  results: GuardResult[];
}

export interface ManifestOptions extends GuardOptions {
  /** Sees the whole plan before anything is sent; `false` stops (status `cancelled`). Not asked when nothing would change. */
  confirmManifest?(plan: ManifestPlan): boolean | Promise<boolean>;
}

const OK: readonly GuardStatus[] = ["applied-and-verified", "no-change"];

/** A string field that is not empty (an empty name or Region is as good as none here). */
function text(value: JsonValue | undefined, key: string): string | undefined {
  return stringField(value, key) || undefined;
}

function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel.startsWith("..") ? path : rel.split(sep).join("/");
}

/** What the manifest asks for, with every policy as the text that would be sent. */
interface Desired {
  accountId?: string;
  mrap?: {
    name: string;
    input: JsonObject;
    policy?: string;
    routes?: JsonObject[];
  };
  accessPoints: { index: number; name?: string; region?: string; policy?: string }[];
}

/** The documents the manifest's lint read, by absolute path; a document it did not read is read now. */
type Documents = Map<string, Promise<SourceDocument>>;

function load(documents: Documents, path: string, root: string): Promise<SourceDocument> {
  let doc = documents.get(path);
  if (!doc) {
    doc = loadDocument(path, path, root);
    documents.set(path, doc);
  }
  return doc;
}

async function readPolicy(documents: Documents, manifestPath: string, root: string, value: JsonValue | undefined): Promise<string | undefined> {
  if (value === undefined) return undefined;
  if (typeof value !== "string") return JSON.stringify(value);
  if (value.trimStart().startsWith("{")) return value;
  const resolved = await resolveReference(manifestPath, value, root);
  if (!resolved.ok) return undefined;
  const doc = await load(documents, resolved.path, root);
  return doc.ok ? JSON.stringify(doc.value) : undefined;
}

async function readDesired(documents: Documents, path: string, root: string): Promise<Desired> {
  const doc = await load(documents, path, root);
  const value = doc.ok ? doc.value : undefined;
  const accountId = text(value, "AccountId");
  const mrap = mrapOf(value);
  const desired: Desired = { ...(accountId ? { accountId } : {}), accessPoints: [] };
  const name = text(mrap, "Name");
  if (mrap && name) {
    const policy = await readPolicy(documents, path, root, mrap["Policy"]);
    const routes = Array.isArray(mrap["Routes"]) ? mrap["Routes"].filter(isObject) : undefined;
    desired.mrap = { name, input: mrap, ...(policy !== undefined ? { policy } : {}), ...(routes && routes.length > 0 ? { routes } : {}) };
  }
  const accessPoints = isObject(value) && Array.isArray(value["AccessPoints"]) ? value["AccessPoints"] : [];
  for (const [index, ap] of accessPoints.entries()) {
    if (!isObject(ap) || ap["Policy"] === undefined) continue;
    const apName = text(ap, "Name");
    const region = text(ap, "Region");
    const policy = await readPolicy(documents, path, root, ap["Policy"]);
    desired.accessPoints.push({ index, ...(apName ? { name: apName } : {}), ...(region ? { region } : {}), ...(policy !== undefined ? { policy } : {}) });
  }
  return desired;
}

function createInput(accountId: string, mrap: NonNullable<Desired["mrap"]>) {
  const regions = Array.isArray(mrap.input["Regions"]) ? mrap.input["Regions"].filter(isObject) : [];
  const pab = isObject(mrap.input["PublicAccessBlock"]) ? mrap.input["PublicAccessBlock"] : undefined;
  const flag = (key: string) => (typeof pab?.[key] === "boolean" ? { [key]: pab[key] } : {});
  return {
    AccountId: accountId,
    Details: {
      Name: mrap.name,
      Regions: regions.map((region) => ({
        Bucket: text(region, "Bucket") ?? "",
        ...(text(region, "BucketAccountId") ? { BucketAccountId: text(region, "BucketAccountId") } : {}),
      })),
      ...(pab ? { PublicAccessBlock: { ...flag("BlockPublicAcls"), ...flag("IgnorePublicAcls"), ...flag("BlockPublicPolicy"), ...flag("RestrictPublicBuckets") } } : {}),
    },
  };
}

function policyInput(accountId: string, name: string, policy: string): PutMultiRegionAccessPointPolicyCommandInput {
  return { AccountId: accountId, Details: { Name: name, Policy: policy } };
}

function routesInput(accountId: string, alias: string, routes: JsonObject[]): SubmitMultiRegionAccessPointRoutesCommandInput {
  return {
    AccountId: accountId,
    Mrap: mrapArn("aws", accountId, alias),
    RouteUpdates: routes.map((route) => ({
      ...(text(route, "Bucket") ? { Bucket: text(route, "Bucket") } : {}),
      ...(text(route, "Region") ? { Region: text(route, "Region") } : {}),
      TrafficDialPercentage: typeof route["TrafficDialPercentage"] === "number" ? route["TrafficDialPercentage"] : Number.NaN,
    })),
  };
}

function routesText(routes: JsonObject[]): string {
  return routes.map((route) => `${text(route, "Bucket") ?? text(route, "Region") ?? "?"}: ${String(route["TrafficDialPercentage"])}%`).join("\n");
}

/** A step whose input is not one the SDK would take: planned as a refusal, never sent. */
function guarded(make: () => GuardedSteps, step: Omit<ManifestStep, "plan">): { steps?: GuardedSteps; step: ManifestStep } {
  try {
    return { steps: make(), step };
  } catch (error) {
    if (error instanceof GuardInputError) return { step: { ...step, refusal: `The manifest does not give a valid input: ${error.pointer} ${error.message.split(": ").slice(2).join(": ") || error.message}.` } };
    throw error;
  }
}

interface Built {
  step: ManifestStep;
  steps?: GuardedSteps;
  /** For a step deferred until the MRAP exists: its steps, given the alias AWS assigned. */
  later?: (alias: string) => GuardedSteps;
}

/** The steps in order; `alias` is the live MRAP's alias, undefined while it does not exist. */
function buildSteps(desired: Desired, mrapExists: boolean, alias: string | undefined): Built[] {
  const accountId = desired.accountId ?? "";
  const built: Built[] = [];
  const mrap = desired.mrap;
  if (mrap) {
    built.push(guarded(() => createMrapSteps(createInput(accountId, mrap)), { operation: "CreateMultiRegionAccessPoint", name: mrap.name, accountId }));
    const deferred = "The Multi-Region Access Point does not exist yet: this step is planned after it is created, against the alias AWS assigns.";
    if (mrap.input["Policy"] !== undefined) {
      const step: ManifestStep = { operation: "PutMultiRegionAccessPointPolicy", name: mrap.name, accountId };
      if (mrap.policy === undefined) built.push({ step: { ...step, refusal: "The policy could not be read (see the lint findings)." } });
      else if (mrapExists) built.push(guarded(() => putMrapPolicySteps(policyInput(accountId, mrap.name, mrap.policy!)), step));
      else built.push({ step: { ...step, deferred, after: prettyPolicy(mrap.policy) }, later: () => putMrapPolicySteps(policyInput(accountId, mrap.name, mrap.policy!)) });
    }
    if (mrap.routes) {
      const step: ManifestStep = { operation: "SubmitMultiRegionAccessPointRoutes", name: mrap.name, accountId, after: routesText(mrap.routes) };
      const routes = mrap.routes;
      if (mrapExists && alias) built.push(guarded(() => submitRoutesSteps(routesInput(accountId, alias, routes)), step));
      else built.push({ step: { ...step, deferred }, later: (assigned) => submitRoutesSteps(routesInput(accountId, assigned, routes)) });
    }
  }
  for (const ap of desired.accessPoints) {
    const step: ManifestStep = { operation: "PutAccessPointPolicy", name: ap.name ?? `AccessPoints/${ap.index}`, accountId, ...(ap.region ? { region: ap.region } : {}) };
    if (!ap.region) built.push({ step: { ...step, refusal: `AccessPoints/${ap.index} gives no Region; the access point's Region is needed to reach it.` } });
    else if (ap.policy === undefined || !ap.name) built.push({ step: { ...step, refusal: "The access point's name or policy could not be read (see the lint findings)." } });
    else built.push(guarded(() => putAccessPointPolicySteps({ AccountId: accountId, Name: ap.name!, Policy: ap.policy! }, ap.region!), step));
  }
  return built;
}

interface Prepared {
  plan: ManifestPlan;
  built: Built[];
}

/** The manifest's lint and its steps, each planned, all in one session. */
async function prepare(manifest: string, session: Session): Promise<Prepared> {
  const { cwd, engine } = session;
  const path = resolve(cwd, manifest);
  const file = displayPath(cwd, path);
  let mrapExists = false;
  let alias: string | undefined;
  // One read of each file: what is sent is what this lint read, even if a file changes meanwhile.
  const documents: Documents = new Map();
  const lint = await lintFiles([manifest], {
    cwd,
    config: session.config,
    rules: engine.rules,
    kind: "manifest",
    network: { services: { live: session.live }, live: true },
    documents,
  });
  const desired = await readDesired(documents, path, session.config.root);
  if (desired.accountId && desired.mrap) {
    const live = await session.live.getMultiRegionAccessPoint({ accountId: desired.accountId, name: desired.mrap.name });
    mrapExists = live !== undefined;
    alias = live?.alias;
  }
  const findings = findingsOf(lint);
  const blocking = findings.filter((f) => f.severity === "error");
  const refusals: string[] = [];
  if (blocking.length > 0) refusals.push(`The manifest has ${blocking.length} blocking finding(s).`);
  if (!desired.accountId) refusals.push("The manifest gives no AccountId.");
  const built = desired.accountId ? buildSteps(desired, mrapExists, alias) : [];
  const blocked = blocking.length > 0;
  for (const item of built) {
    // The create is still planned (it sends no policy to Access Analyzer), so immutable drift shows as a diff.
    if (blocked && item.step.operation !== "CreateMultiRegionAccessPoint") {
      // Listed, so the plan shows what was asked for and the audit log names the step that was refused.
      item.step.refusal ??= "Not planned: the manifest has blocking findings.";
      delete item.steps;
      delete item.later;
    } else if (item.steps) {
      try {
        item.step.plan = await planStep(item.steps, session);
      } catch (error) {
        if (!(error instanceof ServiceError)) throw error;
        item.step.refusal = `The live state could not be read: ${error.operation} failed (${error.code}: ${error.message}).`;
      }
    }
  }
  const steps = built.map((b) => b.step);
  for (const step of blocked ? [] : steps) {
    if (step.refusal) refusals.push(`${step.operation} ${step.name}: ${step.refusal}`);
    for (const refusal of step.plan?.refusals ?? []) refusals.push(`${step.operation} ${step.name}: ${refusal}`);
  }
  if (steps.length === 0 && refusals.length === 0) refusals.push("The manifest asks for nothing that mrap-guard applies (no MultiRegionAccessPoint, no access point policies).");
  return {
    plan: {
      file,
      ...(desired.accountId ? { accountId: desired.accountId } : {}),
      ...(desired.mrap ? { name: desired.mrap.name } : {}),
      lint,
      blocking,
      steps,
      refusals,
      changes: steps.some((s) => s.deferred !== undefined || s.plan?.changes === true),
    },
    built,
  };
}

/** What `apply` would do; sends nothing. */
export function planManifest(manifest: string, options: GuardOptions, engine: Engine): Promise<ManifestPlan> {
  return withSession(options, engine, async (session) => (await prepare(manifest, session)).plan);
}

function refusedResult(step: ManifestStep, message: string): GuardResult {
  return result(step, "refused", message, { findings: step.plan?.findings ?? [], ...(step.plan ? { plan: step.plan } : {}) });
}

/** `blocking`: the manifest lint's blocking findings, named in the line when the step has no plan of its own. */
async function audit(options: GuardOptions, engine: Engine, outcome: GuardResult, blocking: readonly Finding[] = []): Promise<void> {
  if (!options.auditLog) return;
  const record = auditRecord(outcome, {
    tool: `mrap-guard ${engine.toolVersion}`,
    ...(options.caller ? { caller: options.caller } : {}),
    accessAnalyzer: options.skipAccessAnalyzer ? "skipped" : "checked",
    ...(options.allowNewAccess ? { allowNewAccess: true } : {}),
  });
  if (record.blockingRules === undefined && blocking.length > 0) record.blockingRules = [...new Set(blocking.map((finding) => finding.ruleId))];
  await appendAudit(options.auditLog, record);
}

function overall(results: readonly GuardResult[]): ManifestStatus {
  const last = results.at(-1);
  if (!last) return "no-change";
  if (last.status === "refused" || last.status === "failed" || last.status === "applied-not-verified") return last.status;
  return results.some((r) => r.status === "applied-and-verified") ? "applied" : "no-change";
}

/**
 * Plans, asks `confirmManifest`, then runs each step as its own guarded call (each re-plans, re-reads the
 * live state and writes its audit line). A step shown deferred is planned once the MRAP exists.
 */
export async function applyManifest(manifest: string, given: ManifestOptions, engine: Engine): Promise<ManifestOutcome> {
  // One deadline for the whole manifest (--timeout), not one per step.
  const options: ManifestOptions = { ...given, deadlineAt: given.deadlineAt ?? Date.now() + (given.timeoutSeconds ?? 600) * 1000 };
  // One session for the plan and every step: one config, one set of clients, one Access Analyzer cache.
  return withSession(options, engine, (session) => applyPrepared(manifest, options, session));
}

async function applyPrepared(manifest: string, options: ManifestOptions, session: Session): Promise<ManifestOutcome> {
  const { engine } = session;
  const { plan, built } = await prepare(manifest, session);
  if (plan.refusals.length > 0) {
    const first = plan.steps.find((s) => s.refusal || (s.plan?.refusals.length ?? 0) > 0) ?? plan.steps[0];
    const results: GuardResult[] = [];
    if (first) {
      const outcome = refusedResult(first, `Not applied: ${plan.refusals.join(" ")}`);
      await audit(options, engine, outcome, plan.blocking);
      results.push(outcome);
    }
    return { plan, status: "refused", steps: plan.steps, results };
  }
  if (plan.changes && options.confirmManifest && !(await options.confirmManifest(plan))) {
    return { plan, status: "cancelled", steps: plan.steps, results: [] };
  }
  const results: GuardResult[] = [];
  const steps: ManifestStep[] = [];
  let alias: string | undefined;
  let unknownAlias = "the Multi-Region Access Point's alias is not known, so this step could not be planned.";
  for (const item of built) {
    const shown = item.step;
    let guardSteps: GuardedSteps | undefined;
    let unplanned = unknownAlias;
    try {
      guardSteps = item.steps ?? (item.later && alias ? item.later(alias) : undefined);
    } catch (error) {
      // A step planned only after the create can still find its input unusable: a refusal with an audit line,
      // not an exit 2 after the create has already run.
      if (!(error instanceof GuardInputError)) throw error;
      unplanned = `${error.message}.`;
    }
    if (!guardSteps) {
      const outcome = refusedResult(shown, `Not applied: ${unplanned}`);
      await audit(options, engine, outcome);
      results.push(outcome);
      steps.push({ ...shown, result: outcome });
      break;
    }
    const confirm = async (now: Plan): Promise<boolean> => {
      // The user saw `shown`; anything else is not what was confirmed.
      const same = shown.plan ? sameSnapshot(shown.plan.live, now.live) && shown.plan.after === now.after : shown.after === undefined || shown.after === now.after;
      if (!same) options.logger?.warn?.(`${shown.operation} ${shown.name}: the live state changed since the plan was shown; not applied. Plan again.`);
      // options.confirm may answer with a promise: awaited, so a `false` it resolves to stops the step.
      return same && (await options.confirm?.(now)) !== false;
    };
    let outcome: GuardResult;
    try {
      outcome = await runStep(guardSteps, session, { ...options, confirm });
    } catch (error) {
      // runGuarded has written the audit line (failed); the later steps are not run.
      if (!(error instanceof ServiceError)) throw error;
      outcome = result(shown, "failed", `${error.operation} failed (${error.code}: ${error.message}); nothing more was sent.`, { error: errorDetails(error) });
    }
    if (outcome.operation === "CreateMultiRegionAccessPoint" && OK.includes(outcome.status)) {
      try {
        alias = outcome.plan?.live.alias ?? (await aliasAfterCreate(outcome, session));
      } catch (error) {
        // The create was sent: a failed read of its alias is a refusal of the later steps, not an error that
        // would read as "nothing was sent".
        if (!(error instanceof ServiceError)) throw error;
        unknownAlias = `${error.operation} failed (${error.code}: ${error.message}), so the new Multi-Region Access Point's alias is not known and this step could not be planned.`;
      }
    }
    if (outcome.status === "refused" && shown.deferred && alias && outcome.plan?.blocking.some((f) => f.ruleId === "mrap/policy-alias-match")) {
      outcome.message += ` The new Multi-Region Access Point's alias is ${alias}: use arn:aws:s3::${shown.accountId}:accesspoint/${alias} in the policy (and Alias: ${alias} in the manifest), then apply again.`;
    }
    results.push(outcome);
    steps.push({ ...shown, ...(outcome.plan ? { plan: outcome.plan } : {}), result: outcome });
    if (!OK.includes(outcome.status)) break;
  }
  return { plan, status: overall(results), steps, results };
}

/** The alias of an MRAP just created (the create's plan saw it missing). */
async function aliasAfterCreate(outcome: GuardResult, session: Session): Promise<string | undefined> {
  return (await session.live.getMultiRegionAccessPoint({ accountId: outcome.accountId, name: outcome.name }))?.alias;
}
