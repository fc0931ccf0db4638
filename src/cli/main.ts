import { closeSync, mkdir as mkdirCallback, open as openCallback, writeSync } from "node:fs";
import { promisify } from "node:util";
import { dirname, resolve } from "node:path";
import { rules } from "../../rules/index.js";
import { loadConfig } from "../engine/config.js";
import { ConfigError, UsageError } from "../engine/errors.js";
import { lintFiles } from "../engine/linter.js";
import { withNetwork } from "../network.js";
import { SEVERITY_RANK, type LintResult, type ResolvedConfig } from "../engine/types.js";
import { formatterChunks } from "../formatters/index.js";
import { terminalLine } from "../engine/escape.js";
import { version } from "../version.js";
import { parseCommandLine, type LintArgs } from "./args.js";
import { APPLY_HELP, LINT_HELP, MAIN_HELP, PLAN_HELP, RULES_HELP } from "./help.js";
import { terminalWidth, useColor, type Io } from "./terminal.js";

export type { Io } from "./terminal.js";

const HELP: Record<string, string> = { lint: LINT_HELP, rules: RULES_HELP, plan: PLAN_HELP, apply: APPLY_HELP };

/** Runs the CLI and returns the exit code: 0 clean, 1 findings at or above the threshold, 2 usage/config/internal error. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  let debug = argv.includes("--debug");
  try {
    const args = parseCommandLine(argv);
    switch (args.command) {
      case "help":
        io.stdout.write((args.topic !== undefined && Object.hasOwn(HELP, args.topic) ? HELP[args.topic]! : MAIN_HELP) + "\n");
        return 0;
      case "version":
        io.stdout.write(version() + "\n");
        return 0;
      case "rules": {
        debug = args.debug;
        const config = await loadConfig({ cwd: io.cwd, rules, ...(args.config ? { configPath: args.config } : {}) });
        io.stdout.write(listRules(config, useColor(args.color, io)));
        return 0;
      }
      case "lint":
        debug = args.debug;
        return await lint(args, io);
      case "plan":
      case "apply": {
        debug = args.debug;
        const { planOrApply } = await import("./apply.js");
        return await planOrApply(args, io);
      }
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      // The message can quote argv or a config file from a pull request.
      io.stderr.write(`mrap-guard: ${error instanceof ConfigError ? "config error: " : ""}${terminalLine(error.message)}\n`);
      return 2;
    }
    io.stderr.write(internalError(error, debug));
    return 2;
  }
}

async function lint(args: LintArgs, io: Io): Promise<number> {
  const config = await loadConfig({ cwd: io.cwd, rules, ...(args.config ? { configPath: args.config } : {}) });
  const progress = progressLine(io);
  const results = await withNetwork(
    io.cwd,
    config,
    {
      ...(args.kind ? { kind: args.kind } : {}),
      debug: args.debug,
      live: args.live,
      ...(args.accessAnalyzer !== undefined ? { accessAnalyzer: args.accessAnalyzer } : {}),
      ...(args.profile ? { profile: args.profile } : {}),
      ...(args.region ? { region: args.region } : {}),
      ...(args.referencePolicy ? { referencePolicy: args.referencePolicy } : {}),
      ...(args.cache !== undefined ? { cache: args.cache } : {}),
      onNotice: (line) => io.stderr.write(`mrap-guard: ${terminalLine(line)}\n`),
      onProgress: progress.update,
    },
    (options) => lintFiles(args.paths, args.changed ? { ...options, changed: true } : options),
  ).finally(() => progress.done());
  const shown = args.quiet ? results.map(onlyErrors) : results;
  // Only stylish output with findings reads the terminal; asking it otherwise would open stdout for nothing.
  const toTerminal = !args.outputFile && args.format === "stylish" && shown.some((r) => r.messages.length > 0);
  const color = toTerminal ? useColor(args.color, io) : false;
  const width = toTerminal ? terminalWidth(io) : undefined;
  const output = formatterChunks[args.format](shown, { cwd: io.cwd, root: config.root, rules, version: version(), color, ...(width ? { width } : {}), ...(args.maxFindingsPerFile !== undefined ? { maxFindingsPerFile: args.maxFindingsPerFile } : {}) });
  if (args.outputFile) await writeReport(io.cwd, args.outputFile, output);
  else await writeOutput(output, (text) => io.stdout.write(text), io.stdout.drained);
  return verdict(results, args, io);
}

/** The exit code, from every finding: --quiet hides warnings and infos from the report, not from the verdict. */
function verdict(results: readonly LintResult[], args: LintArgs, io: Io): number {
  const findings = results.flatMap((r) => r.messages);
  const hidden = args.quiet ? " (not shown: --quiet)" : "";
  const warnings = findings.filter((f) => f.severity === "warning").length;
  if (args.maxWarnings !== undefined && warnings > args.maxWarnings) {
    io.stderr.write(`mrap-guard: ${plural(warnings, "warning")}${hidden} ${warnings === 1 ? "exceeds" : "exceed"} --max-warnings ${args.maxWarnings}\n`);
    return 1;
  }
  const failing = findings.filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[args.failOn]);
  if (failing.length === 0) return 0;
  if (args.quiet && !failing.some((f) => f.severity === "error")) {
    // The report shows none of them, so without this line the exit code would have no visible cause.
    const counts = (["warning", "info"] as const).map((s) => [s, failing.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
    io.stderr.write(`mrap-guard: ${counts.map(([s, n]) => plural(n, s)).join(" and ")}${hidden} at or above --fail-on ${args.failOn}\n`);
  }
  return 1;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** Pieces of a report are written in blocks of about this many characters. */
const WRITE_BLOCK = 1 << 20;

/**
 * Writes a report's pieces in blocks, ending with a newline; an empty report writes nothing. A report of many
 * findings is never held whole (as one string and again as the buffer written), only a block of it at a time.
 */
async function writeOutput(pieces: Iterable<string>, write: (text: string) => unknown, drained?: () => Promise<void>): Promise<void> {
  let block = "";
  let last = "";
  for (const piece of pieces) {
    if (piece === "") continue;
    block += piece;
    last = piece;
    if (block.length >= WRITE_BLOCK) {
      if (write(block) === false && drained) await drained();
      block = "";
    }
  }
  if (last === "") return;
  write(last.endsWith("\n") ? block : `${block}\n`);
}

async function writeReport(cwd: string, file: string, output: Iterable<string>): Promise<void> {
  const path = resolve(cwd, file);
  try {
    // Promisified callbacks, not node:fs/promises: that module loads the stream stack at start-up.
    await promisify(mkdirCallback)(dirname(path), { recursive: true });
    const fd = await promisify(openCallback)(path, "w");
    try {
      await writeOutput(output, (text) => writeSync(fd, text));
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw new UsageError(`cannot write --output-file ${terminalLine(file)}: ${writeFailure(error)}`);
  }
}

function writeFailure(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  switch (code) {
    case "ENOENT":
      return "a file cannot be created there (no such file or directory)";
    case "ENOTDIR":
    case "EEXIST":
      return "part of the path is a file, not a directory";
    case "EISDIR":
      return "it is a directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EROFS":
      return "the file system is read-only";
    case "ENOSPC":
      return "no space left on the device";
    case "ENAMETOOLONG":
      return "the name is too long";
    default:
      return terminalLine((error instanceof Error ? error.message : String(error)).split("\n", 1)[0] ?? "");
  }
}

/**
 * One line for a bug of ours (an error nothing else caught): its first line, escaped and cut short, never source
 * text; `--debug` prints the whole stack.
 */
export function internalError(error: unknown, debug: boolean): string {
  if (debug && error instanceof Error && error.stack) return `mrap-guard: internal error: ${error.stack}\n`;
  const text = error instanceof Error ? error.message : String(error);
  const first = terminalLine(text.split("\n", 1)[0] ?? "");
  const short = first.length > 300 ? `${first.slice(0, 300)}…` : first;
  return `mrap-guard: internal error: ${short}; run with --debug for the stack\n`;
}

/** "mrap-guard: AWS checks 12/40" on a TTY, for runs with many network checks; erased when done. */
function progressLine(io: Io): { update(done: number, total: number): void; done(): void } {
  let shown = false;
  return {
    update(done, total) {
      if (total < 10 || !io.stderr.isTTY) return;
      shown = true;
      io.stderr.write(`\r\u001b[Kmrap-guard: AWS checks ${done}/${total}`);
    },
    done() {
      if (shown) io.stderr.write("\r\u001b[K");
    },
  };
}

function onlyErrors(result: LintResult): LintResult {
  const messages = result.messages.filter((m) => m.severity === "error");
  return { ...result, messages, warningCount: 0, infoCount: 0 };
}

function listRules(config: ResolvedConfig, color: boolean): string {
  const paint = (code: string, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const width = Math.max(...rules.map((r) => r.id.length));
  const lines = rules.map((rule) => {
    const severity = config.rules.get(rule.id)?.severity ?? "off";
    const shown = severity === "error" ? paint("31", "error  ") : severity === "warning" ? paint("33", "warning") : severity === "info" ? paint("36", "info   ") : paint("2", "off    ");
    const network = rule.meta.requiresNetwork ? " (network)" : "";
    return `${rule.id.padEnd(width)}  ${shown}  ${rule.meta.docs.description}${network}`;
  });
  return lines.join("\n") + "\n";
}
