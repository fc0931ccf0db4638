import { access as accessCallback } from "node:fs";
import { promisify } from "node:util";
import { dirname, join, relative, resolve, sep } from "node:path";
import { configSchema, validateConfig, type ConfigFile } from "../../schemas/index.js";
import { joinPointer, parseText, readBoundedFile } from "../document/index.js";
import { ConfigError } from "./errors.js";
import { PRESETS, presetSeverity, type PresetName } from "./presets.js";
import { schemaMessage } from "./schema-messages.js";
import { safeGlob } from "./glob.js";
import { didYouMean } from "./suggest.js";
import type { ConfigSource, ResolvedConfig, RuleModule, RuleSetting, SeveritySetting, Suppression } from "./types.js";

// Promisified callbacks, not node:fs/promises: that module loads the stream stack (~30 modules) at start-up.
const access = promisify(accessCallback);

export const CONFIG_FILES = ["mrap-guard.config.json", "mrap-guard.config.yaml", "mrap-guard.config.yml"] as const;

// The settings types live in types.ts; re-exported here for the modules that import them from the config.
export type { AccessAnalyzerSettings, ConfigSource, ResolvedConfig, RuleSetting, Suppression } from "./types.js";

const ALWAYS_IGNORED = /(^|\/)(node_modules|\.git)(\/|$)/;

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

export interface Discovery {
  root: string;
  configPath?: string;
  /** The config lives in package.json under "mrap-guard". */
  inPackageJson?: boolean;
}

/** The project root is the nearest folder (from `cwd` up) with a config file or `.git`; else `cwd`. */
export async function discover(cwd: string): Promise<Discovery> {
  let dir = resolve(cwd);
  for (;;) {
    for (const name of CONFIG_FILES) {
      const path = join(dir, name);
      if (await exists(path)) return { root: dir, configPath: path };
    }
    const pkg = join(dir, "package.json");
    if (await exists(pkg)) {
      // A package.json that is not a readable regular file under the size limit, or not JSON, is not ours to report.
      const read = readBoundedFile(pkg);
      if (read.ok && mentionsUs(read.bytes)) return { root: dir, configPath: pkg, inPackageJson: true };
    }
    if (await exists(join(dir, ".git"))) return { root: dir };
    const parent = dirname(dir);
    if (parent === dir) return { root: resolve(cwd) };
    dir = parent;
  }
}

function mentionsUs(bytes: Buffer): boolean {
  try {
    const parsed = JSON.parse(bytes.toString("utf8")) as unknown;
    return parsed !== null && typeof parsed === "object" && "mrap-guard" in parsed;
  } catch {
    return false;
  }
}

export interface LoadConfigOptions {
  cwd: string;
  rules: readonly RuleModule[];
  /** An explicit config file (`--config`); discovery still decides the project root. */
  configPath?: string;
}

export async function loadConfig(options: LoadConfigOptions): Promise<ResolvedConfig> {
  const found = await discover(options.cwd);
  const configPath = options.configPath ? resolve(options.cwd, options.configPath) : found.configPath;
  if (!configPath) return resolveConfig(undefined, { root: found.root, rules: options.rules });
  const shown = relative(options.cwd, configPath);
  const read = readBoundedFile(configPath, { root: found.root });
  if (!read.ok) throw new ConfigError(`cannot read config file ${configPath}: ${read.message}`);
  const text = read.bytes.toString("utf8");
  const doc = await parseText(shown.startsWith("..") ? configPath : shown.split(sep).join("/"), text);
  const problem = doc.problems[0];
  if (problem) {
    throw new ConfigError(`${problem.message}`, { file: doc.file, line: problem.range.start.line, column: problem.range.start.column });
  }
  const inPackageJson = options.configPath ? configPath.endsWith("package.json") : found.inPackageJson === true;
  const base = inPackageJson ? "/mrap-guard" : "";
  const raw = inPackageJson ? (doc.value as Record<string, unknown> | undefined)?.["mrap-guard"] : doc.value;
  return resolveConfig(raw, { root: found.root, rules: options.rules, source: { doc, base } });
}

interface ResolveContext {
  root: string;
  rules: readonly RuleModule[];
  source?: ConfigSource;
}

/** Validates a config object and resolves presets, severities, options, globs and suppressions. */
export async function resolveConfig(raw: unknown, context: ResolveContext): Promise<ResolvedConfig> {
  const { source } = context;
  const fail = (message: string, pointer = "", at: "key" | "value" = "value"): never => {
    if (!source) throw new ConfigError(message);
    const range = source.doc.locate(source.base + pointer, at);
    throw new ConfigError(message, { file: source.doc.file, line: range.start.line, column: range.start.column });
  };
  const config = (raw ?? {}) as ConfigFile;
  if (!validateConfig(config)) {
    const error = validateConfig.errors![0]!;
    const described = schemaMessage(error, configSchema as unknown as Record<string, unknown>, config);
    fail(`invalid config: ${described.message}`, described.pointer, described.at);
  }

  const byId = new Map(context.rules.map((rule) => [rule.id, rule]));
  const severities = new Map<string, SeveritySetting>();
  const presets: string[] = config.extends === undefined ? ["recommended"] : typeof config.extends === "string" ? [config.extends] : config.extends;
  presets.forEach((preset, i) => {
    if (!(PRESETS as readonly string[]).includes(preset)) {
      const pointer = typeof config.extends === "string" ? "/extends" : `/extends/${i}`;
      fail(`unknown preset "${preset}"; use one of ${PRESETS.join(", ")}`, pointer);
    }
    for (const rule of context.rules) severities.set(rule.id, presetSeverity(preset as PresetName, rule));
  });

  const userOptions = new Map<string, { options: Record<string, unknown>; pointer: string }>();
  for (const [id, entry] of Object.entries(config.rules ?? {})) {
    const pointer = joinPointer("/rules", id);
    const rule = byId.get(id);
    if (!rule) {
      const hint = didYouMean(id, byId.keys());
      fail(`unknown rule "${id}"${hint ? `; did you mean "${hint}"?` : ""}`, pointer, "key");
    }
    const [setting, options] = typeof entry === "string" ? [entry, undefined] : (entry as [string, Record<string, unknown>?]);
    const severity = normaliseSeverity(setting);
    if (severity === "off" && rule!.meta.required) fail(`rule "${id}" cannot be turned off: it is what makes failures visible`, pointer);
    severities.set(id, severity);
    if (options !== undefined) {
      if (!rule!.meta.options) fail(`rule "${id}" takes no options`, `${pointer}/1`);
      userOptions.set(id, { options, pointer: `${pointer}/1` });
    }
  }

  const rules = new Map<string, RuleSetting>();
  for (const rule of context.rules) {
    const severity = severities.get(rule.id) ?? "off";
    if (severity === "off") continue;
    const given = userOptions.get(rule.id);
    const options = { ...(rule.meta.defaultOptions ?? {}), ...(given?.options ?? {}) };
    if (given) {
      const problem = await checkOptions(rule, options);
      if (problem) fail(`invalid options for rule "${rule.id}": ${problem.message}`, given.pointer + problem.pointer);
    }
    rules.set(rule.id, { severity, options });
  }

  const fileKinds = (config.files ?? []).map((entry, i) => ({
    match: safeGlob(typeof entry.files === "string" ? [entry.files] : entry.files, (_, j, problem) =>
      fail(`the pattern ${problem}`, typeof entry.files === "string" ? `/files/${i}/files` : `/files/${i}/files/${j}`),
    ),
    kind: entry.kind,
  }));
  const userIgnored = config.ignores?.length ? safeGlob(config.ignores, (_, i, problem) => fail(`the pattern ${problem}`, `/ignores/${i}`)) : undefined;
  const ignored = (path: string) => ALWAYS_IGNORED.test(path) || (userIgnored !== undefined && userIgnored(path));

  const suppressions: Suppression[] = (config.suppressions ?? []).map((entry, i) => {
    const configPointer = `${source?.base ?? ""}/suppressions/${i}`;
    if (entry.reason.trim() === "") fail("a suppression needs a reason", `/suppressions/${i}/reason`);
    const known = entry.rule.endsWith("/*") ? context.rules.some((r) => r.id.startsWith(entry.rule.slice(0, -1))) : byId.has(entry.rule);
    if (!known) {
      const hint = didYouMean(entry.rule, byId.keys());
      fail(`suppression names unknown rule "${entry.rule}"${hint ? `; did you mean "${hint}"?` : ""}`, `/suppressions/${i}/rule`);
    }
    // A suppression would make a required rule silent just as turning it off would (a service that cannot be
    // reached would let a guarded put through unchecked); a wildcard simply does not cover them.
    if (byId.get(entry.rule)?.meta.required) fail(`rule "${entry.rule}" cannot be suppressed: it is what makes failures visible`, `/suppressions/${i}/rule`);
    const fileMatch = entry.file === undefined ? () => true : safeGlob([entry.file], (_, _j, problem) => fail(`the pattern ${problem}`, `/suppressions/${i}/file`));
    return { ...entry, configPointer, matchesFile: (path: string) => fileMatch(path) };
  });

  return {
    root: context.root,
    ...(source ? { source } : {}),
    rules,
    kindFor: (path) => fileKinds.find((entry) => entry.match(path))?.kind,
    isIgnored: (path) => ignored(path),
    suppressions,
    accessAnalyzer: config.accessAnalyzer ?? {},
  };
}

function normaliseSeverity(setting: string): SeveritySetting {
  return setting === "warn" ? "warning" : (setting as SeveritySetting);
}

async function checkOptions(rule: RuleModule, options: unknown): Promise<{ message: string; pointer: string } | undefined> {
  // Options are rare, so ajv is loaded only for a config that sets some.
  const { Ajv2020 } = await import("ajv/dist/2020.js");
  const ajv = new Ajv2020({ allErrors: false, strict: false });
  const validate = ajv.compile(rule.meta.options!);
  if (validate(options)) return undefined;
  const error = validate.errors![0]!;
  const described = schemaMessage(error, rule.meta.options!, options);
  return { message: described.message, pointer: described.pointer };
}
