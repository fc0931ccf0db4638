import { parseArgs } from "node:util";
import { DOCUMENT_KINDS, type DocumentKind, type Severity } from "../engine/types.js";
import { UsageError } from "../engine/errors.js";
import { didYouMean } from "../engine/suggest.js";

export const FORMATS = ["stylish", "json", "sarif", "github", "junit"] as const;
export type FormatName = (typeof FORMATS)[number];

export interface LintArgs {
  command: "lint";
  paths: string[];
  format: FormatName;
  outputFile?: string;
  failOn: Severity;
  maxWarnings?: number;
  /** At most this many findings of one file in the report (the verdict counts them all). */
  maxFindingsPerFile?: number;
  kind?: DocumentKind;
  config?: string;
  quiet: boolean;
  color?: boolean;
  debug: boolean;
  /** `--access-analyzer`: required; unset: as the config says. */
  accessAnalyzer?: boolean;
  live: boolean;
  /** `--changed`: the paths are changed files; the manifests that reference them are linted too. */
  changed: boolean;
  profile?: string;
  region?: string;
  referencePolicy?: string;
  /** A directory, or false for --no-cache. */
  cache?: string | false;
}

export interface ApplyArgs {
  command: "plan" | "apply";
  manifest: string;
  format: "stylish" | "json";
  config?: string;
  color?: boolean;
  debug: boolean;
  profile?: string;
  region?: string;
  allowNewAccess: boolean;
  skipAccessAnalyzer: boolean;
  /** apply only */
  yes: boolean;
  dryRun: boolean;
  timeoutSeconds?: number;
  auditLog?: string;
}

export type Args =
  | LintArgs
  | ApplyArgs
  | { command: "rules"; config?: string; color?: boolean; debug: boolean }
  | { command: "help"; topic?: string }
  | { command: "version" };

const LINT_OPTIONS = {
  format: { type: "string", short: "f" },
  "output-file": { type: "string", short: "o" },
  "fail-on": { type: "string" },
  "max-warnings": { type: "string" },
  "max-findings-per-file": { type: "string" },
  kind: { type: "string" },
  config: { type: "string", short: "c" },
  quiet: { type: "boolean", short: "q" },
  color: { type: "boolean" },
  "no-color": { type: "boolean" },
  debug: { type: "boolean" },
  "access-analyzer": { type: "boolean" },
  "no-access-analyzer": { type: "boolean" },
  live: { type: "boolean" },
  profile: { type: "string" },
  region: { type: "string" },
  "reference-policy": { type: "string" },
  "cache-location": { type: "string" },
  "no-cache": { type: "boolean" },
  changed: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} as const;

const APPLY_OPTIONS = {
  format: { type: "string", short: "f" },
  config: { type: "string", short: "c" },
  color: { type: "boolean" },
  "no-color": { type: "boolean" },
  debug: { type: "boolean" },
  profile: { type: "string" },
  region: { type: "string" },
  "allow-new-access": { type: "boolean" },
  "skip-access-analyzer": { type: "boolean" },
  yes: { type: "boolean", short: "y" },
  "dry-run": { type: "boolean" },
  timeout: { type: "string" },
  "audit-log": { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} as const;

const COMMANDS = ["lint", "rules", "plan", "apply", "help"];
const COMMAND_LIST = "lint, rules, plan, apply or help";

/** Parses argv (without node and the script). Anything unknown or malformed is a UsageError (exit 2). */
export function parseCommandLine(argv: readonly string[]): Args {
  const [first, ...rest] = argv;
  if (first === undefined || first === "--help" || first === "-h") return { command: "help" };
  if (first === "--version" || first === "-v") return { command: "version" };
  if (first === "help") return rest[0] === undefined ? { command: "help" } : { command: "help", topic: rest[0] };
  if (!COMMANDS.includes(first)) {
    const near = first.startsWith("-") ? undefined : didYouMean(first, COMMANDS);
    if (near) throw new UsageError(`unknown command "${first}"; did you mean ${near}?`);
    throw new UsageError(first.startsWith("-") ? `unknown option "${first}"; a command comes first (${COMMAND_LIST})` : `unknown command "${first}"; use ${COMMAND_LIST}`);
  }
  if (first === "plan" || first === "apply") return parseApply(first, rest);
  let parsed;
  try {
    parsed = parseArgs({ args: [...rest], options: LINT_OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(describeParseError(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: "help", topic: first };
  if (values.version) return { command: "version" };
  const color = values["no-color"] ? false : values.color ? true : undefined;
  if (first === "rules") {
    if (positionals.length > 0) throw new UsageError(`"rules" takes no paths (got "${positionals[0]}")`);
    const lintOnly = (
      ["format", "output-file", "fail-on", "max-warnings", "max-findings-per-file", "kind", "quiet", "access-analyzer", "no-access-analyzer", "live", "profile", "region", "reference-policy", "cache-location", "no-cache", "changed"] as const
    ).find((k) => values[k] !== undefined);
    if (lintOnly) throw new UsageError(`option "--${lintOnly}" applies to "lint" only`);
    return { command: "rules", ...(values.config ? { config: values.config } : {}), ...(color === undefined ? {} : { color }), debug: values.debug === true };
  }
  if (positionals.length === 0) throw new UsageError("lint needs at least one file, directory or glob (for example: mrap-guard lint .)");
  const format = values.format ?? "stylish";
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format "${format}"; use one of ${FORMATS.join(", ")}`);
  const failOn = values["fail-on"] ?? "error";
  if (!["error", "warning", "info"].includes(failOn)) throw new UsageError(`--fail-on must be error, warning or info (got "${failOn}")`);
  let maxWarnings: number | undefined;
  if (values["max-warnings"] !== undefined) {
    if (!/^\d+$/.test(values["max-warnings"])) throw new UsageError(`--max-warnings needs a whole number (got "${values["max-warnings"]}")`);
    maxWarnings = Number(values["max-warnings"]);
  }
  let maxFindingsPerFile: number | undefined;
  const perFile = values["max-findings-per-file"];
  if (perFile !== undefined) {
    if (!/^[1-9]\d{0,8}$/.test(perFile)) throw new UsageError(`--max-findings-per-file needs a whole number from 1 to 999999999 (got "${perFile}")`);
    maxFindingsPerFile = Number(perFile);
  }
  const kind = values.kind;
  if (kind !== undefined && !(DOCUMENT_KINDS as readonly string[]).includes(kind)) {
    throw new UsageError(`unknown kind "${kind}"; use one of ${DOCUMENT_KINDS.join(", ")}`);
  }
  if (values["access-analyzer"] && values["no-access-analyzer"]) throw new UsageError("--access-analyzer and --no-access-analyzer contradict each other");
  if (values["no-cache"] && values["cache-location"] !== undefined) throw new UsageError("--no-cache and --cache-location contradict each other");
  const region = values.region;
  if (region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) throw new UsageError(`--region needs a Region code such as us-east-1 (got "${region}")`);
  for (const name of ["profile", "reference-policy", "cache-location"] as const) {
    if (values[name] !== undefined && values[name].trim() === "") throw new UsageError(`option "--${name}" needs a value`);
  }
  const accessAnalyzer = values["access-analyzer"] ? true : values["no-access-analyzer"] ? false : undefined;
  const cache = values["no-cache"] ? false : values["cache-location"];
  return {
    command: "lint",
    paths: positionals,
    format: format as FormatName,
    ...(values["output-file"] ? { outputFile: values["output-file"] } : {}),
    failOn: failOn as Severity,
    ...(maxWarnings === undefined ? {} : { maxWarnings }),
    ...(maxFindingsPerFile === undefined ? {} : { maxFindingsPerFile }),
    ...(kind ? { kind: kind as DocumentKind } : {}),
    ...(values.config ? { config: values.config } : {}),
    quiet: values.quiet === true,
    ...(color === undefined ? {} : { color }),
    debug: values.debug === true,
    ...(accessAnalyzer === undefined ? {} : { accessAnalyzer }),
    live: values.live === true,
    changed: values.changed === true,
    ...(values.profile ? { profile: values.profile } : {}),
    ...(region ? { region } : {}),
    ...(values["reference-policy"] ? { referencePolicy: values["reference-policy"] } : {}),
    ...(cache === undefined ? {} : { cache }),
  };
}

function parseApply(command: "plan" | "apply", rest: readonly string[]): Args {
  let parsed;
  try {
    parsed = parseArgs({ args: [...rest], options: APPLY_OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(describeParseError(error, Object.keys(APPLY_OPTIONS), command));
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: "help", topic: command };
  if (values.version) return { command: "version" };
  if (command === "plan") {
    const applyOnly = (["yes", "dry-run", "timeout", "audit-log"] as const).find((k) => values[k] !== undefined);
    if (applyOnly) throw new UsageError(`option "--${applyOnly}" applies to "apply" only`);
  }
  if (positionals.length !== 1) {
    throw new UsageError(positionals.length === 0 ? `${command} needs a manifest (for example: mrap-guard ${command} orders.mrap.yaml)` : `${command} takes one manifest (got ${positionals.length} paths)`);
  }
  const format = values.format ?? "stylish";
  if (format !== "stylish" && format !== "json") throw new UsageError(`${command} prints stylish or json (got "${format}")`);
  const region = values.region;
  if (region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) throw new UsageError(`--region needs a Region code such as us-east-1 (got "${region}")`);
  let timeoutSeconds: number | undefined;
  if (values.timeout !== undefined) {
    if (!/^\d+$/.test(values.timeout) || Number(values.timeout) === 0) throw new UsageError(`--timeout needs a whole number of seconds above 0 (got "${values.timeout}")`);
    timeoutSeconds = Number(values.timeout);
  }
  for (const name of ["profile", "audit-log", "config"] as const) {
    if (values[name] !== undefined && values[name].trim() === "") throw new UsageError(`option "--${name}" needs a value`);
  }
  const color = values["no-color"] ? false : values.color ? true : undefined;
  return {
    command,
    manifest: positionals[0]!,
    format,
    ...(values.config ? { config: values.config } : {}),
    ...(color === undefined ? {} : { color }),
    debug: values.debug === true,
    ...(values.profile ? { profile: values.profile } : {}),
    ...(region ? { region } : {}),
    allowNewAccess: values["allow-new-access"] === true,
    skipAccessAnalyzer: values["skip-access-analyzer"] === true,
    yes: values.yes === true,
    dryRun: values["dry-run"] === true,
    ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
    ...(values["audit-log"] ? { auditLog: values["audit-log"] } : {}),
  };
}

function describeParseError(error: unknown, known?: readonly string[], command?: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  const unknown = /Unknown option '([^']+)'/.exec(message);
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && unknown) {
    const near = known && unknown[1]!.startsWith("--") ? didYouMean(unknown[1]!.slice(2), known) : undefined;
    if (near) return `unknown option "${unknown[1]}"; did you mean --${near}? (see mrap-guard ${command ? `${command} ` : ""}--help)`;
    return `unknown option "${unknown[1]}"; see mrap-guard ${command ? `${command} ` : ""}--help`;
  }
  const missing = /Option '([^']+?)(?: <value>)?' argument missing/.exec(message);
  if (missing) return `option "${missing[1]!.replace(/^-\w, /, "")}" needs a value`;
  return message.split("\n")[0]!.replace(/\. To specify.*$/, "");
}
