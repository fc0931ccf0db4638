/**
 * mrap-guard's library API: lint Multi-Region Access Point manifests and policies with the same rules,
 * config and output as the CLI.
 */
import { rules } from "../rules/index.js";
import { discover, loadConfig, resolveConfig } from "./engine/config.js";
import { lintFiles, lintText as lintDocumentText } from "./engine/linter.js";
import type { DocumentKind, LintResult, ResolvedConfig } from "./engine/types.js";
import { UsageError } from "./engine/errors.js";
import { DOCUMENT_KINDS } from "./engine/types.js";
import { withNetwork, type NetworkOptions } from "./network.js";

export interface LintApiOptions extends NetworkOptions {
  /** Working directory for relative paths and config discovery (default: process.cwd()). */
  cwd?: string;
  /** A config file to use instead of discovering one. */
  configFile?: string;
  /** A config object to use instead of any file (the same shape as mrap-guard.config.json). */
  config?: Record<string, unknown>;
  /** The kind of standalone documents. */
  kind?: DocumentKind;
  /** Include stack traces in `core/rule-error` messages. */
  debug?: boolean;
  /** The paths are changed files (`--changed`): the manifests under the project root that reference them are linted too. */
  changed?: boolean;
}

async function configFor(options: LintApiOptions): Promise<{ cwd: string; config: ResolvedConfig }> {
  const cwd = options.cwd ?? process.cwd();
  if (options.config) {
    const { root } = await discover(cwd);
    return { cwd, config: await resolveConfig(options.config, { root, rules }) };
  }
  return { cwd, config: await loadConfig({ cwd, rules, ...(options.configFile ? { configPath: options.configFile } : {}) }) };
}

const typeName = (value: unknown): string => (value === null ? "null" : Array.isArray(value) ? "array" : typeof value);

/** The checks the CLI's argument parser makes, for callers that reach the library without it (plain JS, `as` casts). */
function checkOptions(caller: string, options: unknown): asserts options is LintApiOptions {
  if (options === null || typeof options !== "object" || Array.isArray(options)) throw new UsageError(`${caller} options must be an object (got ${typeName(options)})`);
  const given = options as Record<string, unknown>;
  for (const name of ["cwd", "configFile"] as const) {
    const value = given[name];
    if (value !== undefined && (typeof value !== "string" || value.trim() === "")) throw new UsageError(`${caller} option "${name}" needs a non-empty string (got ${typeName(value)})`);
  }
  const config = given["config"];
  if (config !== undefined && (config === null || typeof config !== "object" || Array.isArray(config))) throw new UsageError(`${caller} option "config" must be an object (got ${typeName(config)})`);
  const kind = given["kind"];
  if (kind !== undefined && !(DOCUMENT_KINDS as readonly unknown[]).includes(kind)) {
    throw new UsageError(`unknown kind "${String(kind)}"; use one of ${DOCUMENT_KINDS.join(", ")}`);
  }
}

/** Lints files, directories and globs. Throws UsageError or ConfigError for what the CLI exits 2 on. */
export async function lint(patterns: readonly string[], options: LintApiOptions = {}): Promise<LintResult[]> {
  if (!Array.isArray(patterns) || !patterns.every((p) => typeof p === "string" && p !== "" && !p.includes("\0"))) {
    throw new UsageError(`lint() needs an array of file, directory or glob names (got ${typeName(patterns)})`);
  }
  if (patterns.length === 0) throw new UsageError("lint needs at least one file, directory or glob (for example: mrap-guard lint .)");
  checkOptions("lint()", options);
  const { cwd, config } = await configFor(options);
  return withNetwork(cwd, config, options, (lintOptions) => lintFiles(patterns, options.changed ? { ...lintOptions, changed: true } : lintOptions));
}

/** Lints one document held in memory. `filePath` picks JSON or YAML and anchors relative policy paths. */
export async function lintText(text: string, options: LintApiOptions & { filePath: string }): Promise<LintResult[]> {
  if (typeof text !== "string") throw new UsageError(`lintText() needs the document's text as a string (got ${typeName(text)})`);
  checkOptions("lintText()", options);
  const filePath: unknown = options.filePath;
  if (typeof filePath !== "string" || filePath.trim() === "") throw new UsageError(`lintText() option "filePath" needs a non-empty string (got ${typeName(filePath)})`);
  const { cwd, config } = await configFor(options);
  return withNetwork(cwd, config, options, (lintOptions) => lintDocumentText(text, options.filePath, lintOptions));
}

export { rules };

// The S3 Control client plugin and the input check behind it (src/apply/plugin.ts), bound to the built-in rules.
import { mrapGuardPluginWith, validateCommandInputWith, type CommandInputValidation, type MrapGuardPluggable, type MrapGuardPluginOptions, type ValidateCommandInputOptions } from "./apply/plugin.js";
export { GuardInputError, MrapGuardRefusedError } from "./apply/types.js";
export type { CommandInputValidation, MrapGuardPluggable, MrapGuardPluginOptions, ValidateCommandInputOptions };
export type { GuardedOperation } from "./apply/types.js";
/** Lints the exact input of one of the four guarded S3 Control commands; see ValidateCommandInputOptions. */
export function validateCommandInput(commandName: string, input: unknown, options: ValidateCommandInputOptions = {}): Promise<CommandInputValidation> {
  return validateCommandInputWith({ rules, withNetwork }, commandName, input, options);
}
/** `client.middlewareStack.use(mrapGuardPlugin())` on an S3ControlClient: refuses guarded calls with blocking findings. */
export function mrapGuardPlugin(options: MrapGuardPluginOptions = {}): MrapGuardPluggable {
  return mrapGuardPluginWith({ rules, withNetwork }, options);
}
export { formatters } from "./formatters/index.js";
export { ConfigError, UsageError } from "./engine/errors.js";
export { DOCUMENT_KINDS } from "./engine/types.js";
export type { DocumentKind, Finding, FindingData, LintMessage, LintResult, NetworkServices, RuleModule, RuleMeta, Severity } from "./engine/types.js";
export { ServiceError } from "./engine/services.js";
export type { AccessAnalyzerService, LiveStateService, LiveMrap, LiveMrapPolicy, ValidatePolicyFinding, CheckResult, PathElement } from "./engine/services.js";
export type { ConfigFile } from "../schemas/config.schema.js";
export type { Manifest } from "../schemas/manifest.schema.js";
export type { PolicyDocument } from "../schemas/policy.schema.js";

// The guarded apply (src/apply): loaded when one of these is called, so a lint never loads it or the AWS SDK.
import type {
  CreateMultiRegionAccessPointCommandInput,
  PutAccessPointPolicyCommandInput,
  PutMultiRegionAccessPointPolicyCommandInput,
  SubmitMultiRegionAccessPointRoutesCommandInput,
} from "@aws-sdk/client-s3-control";
import type { GuardOptions, GuardResult } from "./apply/types.js";
import type { ManifestOptions, ManifestOutcome, ManifestPlan } from "./apply/manifest-plan.js";
import { version } from "./version.js";
export type { GuardLogger, GuardOptions, GuardResult, GuardStatus, LiveSnapshot, Plan } from "./apply/types.js";
export type { ManifestOptions, ManifestOutcome, ManifestPlan, ManifestStatus, ManifestStep } from "./apply/manifest-plan.js";

const guardEngine = () => ({ rules, toolVersion: version() });

/** PutMultiRegionAccessPointPolicy through the guarded pipeline (lint, live diff, new-access check, put once, wait, verify). */
export async function guardedPutMultiRegionAccessPointPolicy(input: PutMultiRegionAccessPointPolicyCommandInput, options: GuardOptions = {}): Promise<GuardResult> {
  return (await import("./apply/index.js")).putMultiRegionAccessPointPolicy(input, options, guardEngine());
}

/** CreateMultiRegionAccessPoint, guarded: an existing MRAP is no change when it matches and a refusal when it does not. */
export async function guardedCreateMultiRegionAccessPoint(input: CreateMultiRegionAccessPointCommandInput, options: GuardOptions = {}): Promise<GuardResult> {
  return (await import("./apply/index.js")).createMultiRegionAccessPoint(input, options, guardEngine());
}

/** PutAccessPointPolicy, guarded; the access point's Region goes in `options.region`. */
export async function guardedPutAccessPointPolicy(input: PutAccessPointPolicyCommandInput, options: GuardOptions = {}): Promise<GuardResult> {
  return (await import("./apply/index.js")).putAccessPointPolicy(input, options, guardEngine());
}

/** SubmitMultiRegionAccessPointRoutes, guarded (`Mrap` is the ARN with the alias). */
export async function guardedSubmitMultiRegionAccessPointRoutes(input: SubmitMultiRegionAccessPointRoutesCommandInput, options: GuardOptions = {}): Promise<GuardResult> {
  return (await import("./apply/index.js")).submitMultiRegionAccessPointRoutes(input, options, guardEngine());
}

/** What `mrap-guard plan` shows for a manifest file; sends nothing. */
export async function planManifest(manifest: string, options: GuardOptions = {}): Promise<ManifestPlan> {
  return (await import("./apply/index.js")).planManifest(manifest, options, guardEngine());
}

/** What `mrap-guard apply` does for a manifest file: each step a guarded call, stopping at the first that does not succeed. */
export async function applyManifest(manifest: string, options: ManifestOptions = {}): Promise<ManifestOutcome> {
  return (await import("./apply/index.js")).applyManifest(manifest, options, guardEngine());
}
