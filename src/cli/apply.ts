/**
 * `mrap-guard plan` and `mrap-guard apply`. Loaded only for those commands, so `lint` never loads the apply
 * pipeline or the AWS SDK.
 */
import { createInterface } from "node:readline";
import { resolve } from "node:path";
import { rules } from "../../rules/index.js";
import { diffLines, formatDiff } from "../apply/diff.js";
import { endpointFromEnv } from "../aws/clients.js";
import { applyManifest, planManifest, type ManifestOutcome, type ManifestPlan, type ManifestStep } from "../apply/manifest-plan.js";
import type { GuardOptions, GuardResult } from "../apply/types.js";
import { ServiceError } from "../engine/services.js";
import type { Finding, Severity } from "../engine/types.js";
import { formatters } from "../formatters/index.js";
import { findingLines as tableLines } from "../formatters/stylish.js";
import { terminalLine as line } from "../engine/escape.js";
import { version } from "../version.js";
import type { ApplyArgs } from "./args.js";
import { terminalWidth, useColor, type Io } from "./terminal.js";

const DEFAULT_AUDIT_LOG = ".mrap-guard/audit.jsonl";

interface Paint {
  bold(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  dim(text: string): string;
}

function painter(color: boolean): Paint {
  const ansi = (open: number, close: number) => (text: string) => (color ? `\u001b[${open}m${text}\u001b[${close}m` : text);
  return { bold: ansi(1, 22), red: ansi(31, 39), green: ansi(32, 39), yellow: ansi(33, 39), dim: ansi(2, 22) };
}

export async function planOrApply(args: ApplyArgs, io: Io): Promise<number> {
  const applying = args.command === "apply" && !args.dryRun;
  if (applying && !args.yes && io.stdin?.isTTY !== true) {
    io.stderr.write("mrap-guard: apply asks for confirmation on a terminal; without one, pass --yes to apply (nothing was sent)\n");
    return 2;
  }
  const options: GuardOptions = {
    cwd: io.cwd,
    env: io.env,
    ...(args.profile ? { profile: args.profile } : {}),
    ...(args.region ? { region: args.region } : {}),
    ...(args.config ? { configFile: args.config } : {}),
    allowNewAccess: args.allowNewAccess,
    skipAccessAnalyzer: args.skipAccessAnalyzer,
    ...(args.timeoutSeconds !== undefined ? { timeoutSeconds: args.timeoutSeconds } : {}),
    // A warning can quote a lock file, the audit log, a name or an answer from AWS: one escaped line.
    logger: { warn: (text) => io.stderr.write(`mrap-guard: ${line(text)}\n`) },
  };
  try {
    return await planOrApplyWith(args, io, options, applying);
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    io.stderr.write(serviceErrorLine(error, args.command, io.env));
    return 1;
  }
}

/**
 * An AWS call of the plan that failed for good (a refused connection, an HTML page, a 5xx after retries): one
 * line, the `core/service-error` that `lint --live` reports. A ServiceError gets out of planManifest and
 * applyManifest only before anything is sent (a step's own failures are its result).
 */
function serviceErrorLine(error: ServiceError, command: "plan" | "apply", env: NodeJS.ProcessEnv): string {
  const variable = error.service === "S3 Control" ? "S3_CONTROL" : error.service === "S3" ? "S3" : "ACCESSANALYZER";
  const override = endpointFromEnv(env, variable);
  const endpoint = override ? `the endpoint ${override} (AWS_ENDPOINT_URL_${variable} or AWS_ENDPOINT_URL)` : `the ${error.service} endpoint`;
  const answer = [error.httpStatus !== undefined ? `HTTP ${error.httpStatus}` : "", error.requestId ? `request id ${error.requestId}` : ""].filter(Boolean).join(", ");
  const message = error.message.length > 300 ? `${error.message.slice(0, 300)}…` : error.message;
  const text = `core/service-error: ${error.service} ${error.operation} failed: ${message}${answer ? ` (${answer})` : ""}; nothing was sent. Check that ${endpoint} is reachable and answers as AWS does, and the credentials, profile and Region, then run ${command} again.`;
  return `mrap-guard: ${line(text)}\n`;
}

async function planOrApplyWith(args: ApplyArgs, io: Io, options: GuardOptions, applying: boolean): Promise<number> {
  const engine = { rules, toolVersion: version() };
  const color = useColor(args.color, io);
  const paint = painter(color);
  const width = terminalWidth(io);
  const view = { cwd: io.cwd, ...(width ? { width } : {}) };
  const json = args.format === "json";

  if (!applying) {
    const plan = await planManifest(args.manifest, options, engine);
    io.stdout.write(json ? `${JSON.stringify(planJson(plan), null, 2)}\n` : renderPlan(plan, view, color));
    return plan.refusals.length > 0 ? 1 : 0;
  }

  const outcome = await applyManifest(
    args.manifest,
    {
      ...options,
      auditLog: resolve(io.cwd, args.auditLog ?? DEFAULT_AUDIT_LOG),
      confirmManifest: async (plan) => {
        if (!json) io.stdout.write(renderPlan(plan, view, color));
        if (args.yes) return true;
        io.stderr.write(`Apply these changes to ${line(plan.name ?? plan.file)}? Only "yes" is accepted: `);
        const answer = await readLine(io);
        if (answer?.trim() === "yes") return true;
        io.stderr.write("mrap-guard: not applied (the answer was not \"yes\")\n");
        return false;
      },
    },
    engine,
  );
  if (json) io.stdout.write(`${JSON.stringify(outcomeJson(outcome), null, 2)}\n`);
  else {
    // The plan was shown by confirmManifest, unless apply stopped before asking.
    if (outcome.plan.refusals.length > 0 || !outcome.plan.changes) io.stdout.write(renderPlan(outcome.plan, view, color));
    io.stdout.write(renderResults(outcome, outcome.plan, paint, view.width ?? 80));
  }
  return outcome.status === "applied" || outcome.status === "no-change" ? 0 : 1;
}

function readLine(io: Io): Promise<string | undefined> {
  const input = io.stdin;
  if (!input) return Promise.resolve(undefined);
  return new Promise((done) => {
    const lines = createInterface({ input, terminal: false });
    let answered = false;
    lines.once("line", (line) => {
      answered = true;
      lines.close();
      done(line);
    });
    lines.once("close", () => {
      if (!answered) done(undefined);
    });
  });
}

function symbol(step: ManifestStep): string {
  if (step.refusal || (step.plan?.refusals.length ?? 0) > 0) return "!";
  if (step.deferred) return step.operation === "SubmitMultiRegionAccessPointRoutes" ? "~" : "+";
  if (!step.plan?.changes) return "=";
  return step.plan.before === undefined ? "+" : "~";
}

/** The create step's configuration, one setting a line, so drift reads as a diff. */
function configLines(text: string | undefined): string {
  if (text === undefined) return "";
  return text
    .split("; ")
    .flatMap((part) => (part.startsWith("buckets ") ? [part] : part.split(", ")))
    .join("\n");
}

function stepTitle(step: ManifestStep): string {
  return line(`${step.operation} ${step.name} (${step.accountId}${step.region ? `, ${step.region}` : ""})`);
}

/** Findings as stylish lays them out, with the file in front: `file:line:col`, or `file#pointer` without a line. */
function findingLines(findings: readonly Finding[], paint: Paint, width: number): string[] {
  if (findings.length === 0) return [];
  const rows = findings.map((f) => ({
    location: line(f.line > 0 ? `${f.file}:${f.line}:${f.column}` : f.pointer ? `${f.file}#${f.pointer}` : f.file),
    severity: f.severity,
    ruleId: line(f.ruleId),
    message: line(f.message),
  }));
  const severity = (s: Severity) => (s === "error" ? paint.red : s === "warning" ? paint.yellow : paint.dim);
  return tableLines(rows, { width, indent: "    ", dim: paint.dim, severity });
}

function stepLines(step: ManifestStep, shownFindings: Set<string>, color: boolean, paint: Paint, width: number): string[] {
  const mark = symbol(step);
  const title = `${mark} ${stepTitle(step)}`;
  const lines = [mark === "!" ? paint.red(title) : mark === "=" ? title : paint.bold(title)];
  const plan = step.plan;
  if (step.refusal) lines.push(`    ${paint.red("refused:")} ${line(step.refusal)}`);
  for (const refusal of plan?.refusals ?? []) lines.push(`    ${paint.red("refused:")} ${line(refusal)}`);
  if (step.deferred) lines.push(`    note: ${line(step.deferred)}`);
  for (const note of plan?.notes ?? []) lines.push(`    note: ${line(note)}`);
  if (plan && !plan.changes && plan.refusals.length === 0) lines.push("    no change: the live state already matches");
  const create = step.operation === "CreateMultiRegionAccessPoint";
  const before = create ? configLines(plan?.before) : (plan?.before ?? "");
  const after = create ? configLines(plan?.after) : (plan?.after ?? step.after ?? "");
  const showDiff = plan ? plan.changes || plan.refusals.length > 0 : after !== "";
  // The texts come from files and from AWS: every line is made terminal-safe before it is diffed and printed.
  const safe = (text: string) => text.split("\n").map(line).join("\n");
  if (showDiff && before !== after) lines.push(...formatDiff(diffLines(safe(before), safe(after)), { color, indent: "    " }));
  lines.push(...findingLines((plan?.findings ?? []).filter((f) => !shownFindings.has(`${f.ruleId}\0${f.message}`)), paint, width));
  return lines;
}

/** The plan as a terminal shows it; text from the manifest, its policies or AWS cannot drive the terminal. */
export function renderPlan(plan: ManifestPlan, view: { cwd: string; width?: number }, color: boolean): string {
  const paint = painter(color);
  const width = view.width ?? 80;
  const out: string[] = [];
  const what = plan.name ? `Multi-Region Access Point ${plan.name}` : "access points";
  out.push(paint.bold(line(`Plan for ${plan.file} (${what}${plan.accountId ? `, account ${plan.accountId}` : ""})`)), "");
  const lint = formatters.stylish(plan.lint, { cwd: view.cwd, root: view.cwd, rules, version: version(), color, width });
  if (lint.trim() !== "") out.push(lint.replace(/\n+$/, ""), "");
  const shown = new Set(plan.lint.flatMap((r) => r.messages.map((f) => `${f.ruleId}\0${f.message}`)));
  for (const step of plan.steps) out.push(...stepLines(step, shown, color, paint, width), "");
  const count = (mark: string) => plan.steps.filter((s) => symbol(s) === mark).length;
  out.push(`Plan: ${count("+")} to add, ${count("~")} to change, ${count("=")} unchanged, ${count("!")} refused.`);
  if (plan.refusals.length > 0) {
    out.push(paint.red("Apply would refuse:"));
    for (const refusal of plan.refusals) out.push(`  - ${line(refusal)}`);
  } else {
    out.push(plan.changes ? "Apply would proceed." : "No changes: the live state matches the manifest.");
  }
  return out.join("\n") + "\n";
}

const STATUS_TEXT: Record<GuardResult["status"], string> = {
  "applied-and-verified": "applied and verified",
  "no-change": "no change",
  refused: "not applied (refused)",
  failed: "not applied (failed)",
  "applied-not-verified": "applied, not yet verified",
};

function renderResults(outcome: ManifestOutcome, plan: ManifestPlan, paint: Paint, width: number): string {
  if (outcome.status === "cancelled") return "Not applied: the change was not confirmed.\n";
  const out = ["", paint.bold("Apply:")];
  const shown = new Set(plan.lint.flatMap((r) => r.messages.map((f) => `${f.ruleId}\0${f.message}`)));
  for (const step of outcome.steps) {
    const res = step.result;
    if (!res) continue;
    const ok = res.status === "applied-and-verified" || res.status === "no-change";
    const status = ok ? paint.green(STATUS_TEXT[res.status]) : paint.red(STATUS_TEXT[res.status]);
    out.push(`  ${stepTitle(step)}: ${status}`, `    ${line(res.message)}`);
    if (res.requestTokenArn) out.push(`    request token: ${res.requestTokenArn}`);
    if (!ok && step.deferred) out.push(...findingLines((res.plan?.blocking ?? []).filter((f) => !shown.has(`${f.ruleId}\0${f.message}`)), paint, width));
  }
  const skipped = plan.steps.length - outcome.steps.filter((s) => s.result).length;
  if (outcome.results.length > 0 && skipped > 0 && outcome.status !== "refused") out.push(`  ${skipped} later step(s) not run.`);
  const verdict: Record<ManifestOutcome["status"], string> = {
    applied: paint.green("Applied and verified."),
    "no-change": "No changes: the live state matches the manifest.",
    refused: paint.red("Not applied: refused."),
    cancelled: "Not applied.",
    failed: paint.red("Failed: see the step above."),
    "applied-not-verified": paint.yellow("Applied, not yet verified: check again later."),
  };
  out.push(verdict[outcome.status]);
  return out.join("\n") + "\n";
}

function stepJson(step: ManifestStep): Record<string, unknown> {
  const plan = step.plan;
  return {
    operation: step.operation,
    accountId: step.accountId,
    name: step.name,
    ...(step.region ? { region: step.region } : {}),
    action: { "+": "add", "~": "change", "=": "none", "!": "refused" }[symbol(step)],
    ...(step.deferred ? { deferred: step.deferred } : {}),
    ...(step.refusal ? { refusal: step.refusal } : {}),
    ...(plan
      ? {
          live: plan.live,
          ...(plan.before !== undefined ? { before: plan.before } : {}),
          ...(plan.after !== undefined ? { after: plan.after } : {}),
          changes: plan.changes,
          refusals: plan.refusals,
          notes: plan.notes,
          findings: plan.findings.map(findingJson),
          ...(plan.clientToken ? { clientToken: plan.clientToken } : {}),
        }
      : step.after !== undefined
        ? { after: step.after }
        : {}),
    ...(step.result ? { result: resultJson(step.result) } : {}),
  };
}

function findingJson(f: Finding): Record<string, unknown> {
  return { ruleId: f.ruleId, severity: f.severity, message: f.message, file: f.file, line: f.line, column: f.column, pointer: f.pointer, ...(f.helpUri ? { helpUri: f.helpUri } : {}) };
}

function resultJson(r: GuardResult): Record<string, unknown> {
  const { plan: _plan, findings, ...rest } = r;
  return { ...rest, findings: findings.map(findingJson) };
}

function planJson(plan: ManifestPlan): Record<string, unknown> {
  return {
    manifest: plan.file,
    ...(plan.accountId ? { accountId: plan.accountId } : {}),
    ...(plan.name ? { name: plan.name } : {}),
    proceed: plan.refusals.length === 0,
    changes: plan.changes,
    refusals: plan.refusals,
    lint: plan.lint,
    steps: plan.steps.map(stepJson),
  };
}

function outcomeJson(outcome: ManifestOutcome): Record<string, unknown> {
  // The Region too: one access point name can be two access points, in two Regions.
  const key = (s: ManifestStep) => `${s.operation}\0${s.name}\0${s.region ?? ""}`;
  const ran = new Map(outcome.steps.map((s) => [key(s), s]));
  return {
    ...planJson(outcome.plan),
    status: outcome.status,
    steps: outcome.plan.steps.map((s) => stepJson(ran.get(key(s)) ?? s)),
  };
}
