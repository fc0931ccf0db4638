/**
 * `validateCommandInput` and the S3 Control client plugin: the four commands that change an MRAP or an access
 * point policy are linted, offline unless Access Analyzer is asked for, before the SDK serialises them; a
 * blocking finding stops the call with MrapGuardRefusedError and nothing is sent. The engine and the rules load
 * on the first guarded call, and the SDK is never imported here.
 */
import type { S3ControlClient } from "@aws-sdk/client-s3-control";
import type { HandlerExecutionContext, InitializeHandler, InitializeHandlerArguments, InitializeHandlerOutput, MetadataBearer } from "@smithy/types";
import type { ResolvedConfig } from "../engine/config.js";
import { SEVERITY_RANK, type Finding, type RuleModule, type Severity } from "../engine/types.js";
import type { LintOptions, LintResult } from "../engine/types.js";
import type { NetworkOptions } from "../engine/network-options.js";
import { MrapGuardRefusedError, type GuardedOperation } from "./types.js";

export { MrapGuardRefusedError };
export type { GuardedOperation };

/** The rules to lint with, or a loader for them (called once, on first use). */
export type RulesSource = readonly RuleModule[] | (() => Promise<readonly RuleModule[]>);

/** Lints with the network services the options ask for (src/network.ts's withNetwork, passed in from the API layer). */
export type WithNetwork = (cwd: string, config: ResolvedConfig, options: NetworkOptions, run: (lintOptions: LintOptions) => Promise<LintResult[]>) => Promise<LintResult[]>;

/** What the plugin needs from the layers above it: the rules and the network runner. */
export interface PluginEngine {
  rules: RulesSource;
  withNetwork: WithNetwork;
}

export interface ValidateCommandInputOptions extends Omit<NetworkOptions, "kind" | "live" | "accessAnalyzer"> {
  /** Working directory for config discovery (default: process.cwd()). */
  cwd?: string;
  /** A config file to use instead of discovering one. */
  configFile?: string;
  /** A config object to use instead of any file (the same shape as mrap-guard.config.json). */
  config?: Record<string, unknown>;
  /** Findings at or above this severity block (default `error`). */
  failOn?: Severity;
  /**
   * Also run the IAM Access Analyzer checks on the policy (ValidatePolicy, CheckNoPublicAccess…). Off unless
   * `true` (config `accessAnalyzer.enabled` does not turn it on here); when on, a service that cannot be reached
   * is a blocking `core/service-error`. The service comes from `services`, else from `credentials`/`profile`/
   * `region` or the SDK's default chain.
   */
  accessAnalyzer?: boolean;
  /** PutAccessPointPolicy: the access point's Region (the client's), so the policy's ARNs are checked against it. */
  accessPointRegion?: string;
}

export interface CommandInputValidation {
  operation: GuardedOperation;
  /** Every finding, at pointers into the input (`/Details/Policy/Statement/0/Principal`), with file `<operation> input`. */
  findings: Finding[];
  /** The findings at or above `failOn`. */
  blocking: Finding[];
}

export interface MrapGuardPluginOptions extends ValidateCommandInputOptions {
  /** Called before the command is sent when an input has findings but none blocks. */
  onFindings?(findings: Finding[], operation: GuardedOperation): void;
}

/** What `client.middlewareStack.use()` takes on an S3ControlClient. */
export type MrapGuardPluggable = Parameters<S3ControlClient["middlewareStack"]["use"]>[0];

export const MIDDLEWARE_NAME = "mrapGuardMiddleware";


// The SDK names the command in the handler context after its class: commandName "PutAccessPointPolicyCommand".
const GUARDED_COMMANDS: ReadonlyMap<string, GuardedOperation> = new Map(
  (["CreateMultiRegionAccessPoint", "PutMultiRegionAccessPointPolicy", "PutAccessPointPolicy", "SubmitMultiRegionAccessPointRoutes"] as const).map((operation) => [`${operation}Command`, operation]),
);

function loadRules(source: RulesSource): () => Promise<readonly RuleModule[]> {
  let loaded: Promise<readonly RuleModule[]> | undefined;
  return () => (loaded ??= typeof source === "function" ? source() : Promise.resolve(source));
}

async function resolveConfigFor(options: ValidateCommandInputOptions, rules: readonly RuleModule[]): Promise<{ cwd: string; config: ResolvedConfig }> {
  const { discover, loadConfig, resolveConfig } = await import("../engine/config.js");
  const cwd = options.cwd ?? process.cwd();
  if (options.config) {
    const { root } = await discover(cwd);
    return { cwd, config: await resolveConfig(options.config, { root, rules }) };
  }
  return { cwd, config: await loadConfig({ cwd, rules, ...(options.configFile ? { configPath: options.configFile } : {}) }) };
}

type Resolved = { cwd: string; config: ResolvedConfig; rules: readonly RuleModule[]; withNetwork: WithNetwork };

async function validateResolved(commandName: string, input: unknown, options: ValidateCommandInputOptions, resolved: Resolved): Promise<CommandInputValidation> {
  const { convertInput, guardedOperation, lintConverted, GUARDED_OPERATIONS } = await import("./command-input-lint.js");
  const operation = guardedOperation(commandName);
  if (!operation) throw new TypeError(`mrap-guard: "${commandName}" is not a guarded command; expected one of ${GUARDED_OPERATIONS.join(", ")}`);
  const converted = convertInput(operation, input, options.accessPointRegion ? { accessPointRegion: options.accessPointRegion } : {});
  const { cwd, config, rules } = resolved;
  const run = (lintOptions: LintOptions) => lintConverted(converted, { ...lintOptions, rules });
  let findings: Finding[];
  if (options.accessAnalyzer === true) {
    const { withNetwork } = resolved;
    // withNetwork expects lint results back; the findings (which span the converted input's files) are kept aside.
    let found: Finding[] = [];
    await withNetwork(cwd, config, { ...options, accessAnalyzer: true }, async (lintOptions) => {
      found = await run(lintOptions);
      return [];
    });
    findings = found;
  } else {
    findings = await run({ cwd, config, rules, ...(options.debug ? { debug: true } : {}) });
  }
  const threshold = SEVERITY_RANK[options.failOn ?? "error"];
  return { operation, findings, blocking: findings.filter((finding) => SEVERITY_RANK[finding.severity] >= threshold) };
}

/**
 * Lints the exact input of CreateMultiRegionAccessPoint, PutMultiRegionAccessPointPolicy, PutAccessPointPolicy or
 * SubmitMultiRegionAccessPointRoutes (`commandName` with or without the `Command` suffix), offline unless
 * `accessAnalyzer: true`. Throws TypeError for another command, ConfigError for a broken config.
 */
export async function validateCommandInputWith(engine: PluginEngine, commandName: string, input: unknown, options: ValidateCommandInputOptions = {}): Promise<CommandInputValidation> {
  const rules = await loadRules(engine.rules)();
  return validateResolved(commandName, input, options, { ...(await resolveConfigFor(options, rules)), rules, withNetwork: engine.withNetwork });
}

/**
 * A plugin for `@aws-sdk/client-s3-control`'s S3ControlClient: `client.middlewareStack.use(plugin)`. It adds one
 * initialize-step middleware that validates the four guarded commands' input and throws MrapGuardRefusedError
 * when a finding blocks; every other command, and every input that passes, goes on unchanged.
 */
export function mrapGuardPluginWith(engine: PluginEngine, options: MrapGuardPluginOptions = {}): MrapGuardPluggable {
  const rules = loadRules(engine.rules);
  // The config is read once per plugin, on the first guarded call; a failed read is retried on the next one.
  let resolved: Promise<Resolved> | undefined;
  const resolve = () => {
    resolved ??= rules()
      .then(async (list) => ({ ...(await resolveConfigFor(options, list)), rules: list, withNetwork: engine.withNetwork }))
      .catch((error: unknown) => {
        resolved = undefined;
        throw error;
      });
    return resolved;
  };
  const middleware =
    <Output extends MetadataBearer>(next: InitializeHandler<object, Output>, context: HandlerExecutionContext): InitializeHandler<object, Output> =>
    async (args: InitializeHandlerArguments<object>): Promise<InitializeHandlerOutput<Output>> => {
      const operation = context.commandName === undefined ? undefined : GUARDED_COMMANDS.get(context.commandName);
      if (!operation) return next(args);
      const result = await validateResolved(operation, args.input, options, await resolve());
      if (result.blocking.length > 0) throw new MrapGuardRefusedError(operation, result.findings, result.blocking);
      if (result.findings.length > 0) options.onFindings?.(result.findings, operation);
      return next(args);
    };
  return {
    applyToStack(stack) {
      stack.add(middleware, { step: "initialize", name: MIDDLEWARE_NAME, override: true, tags: ["MRAP_GUARD"] });
    },
  };
}
