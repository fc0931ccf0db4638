// Runs a composite action's steps the way the GitHub runner does, for the few expressions action.yml may use.
//
// Each `run:` step is written to a file and run with `bash --noprofile --norc -eo pipefail <file>` (GitHub's
// command for an explicit `shell: bash`), in the workspace, with a fresh GITHUB_OUTPUT file whose
// `name=value` and `name<<DELIMITER` entries become the step's outputs. Expressions (`${{ … }}`) are evaluated in
// `env:`, `with:`, `working-directory:`, `if:` and the action's `outputs.*.value` by a deliberately small
// evaluator: `inputs.<declared input>` (the given value, else the declared default), `github.action_path`,
// `steps.<id>.outputs.<name>` and `always()`. Anything else throws, so a new expression in action.yml fails the
// test until the evaluator understands it. A `run:` that contains an expression throws too: GitHub would paste
// the value into the script text (a script injection); inputs must reach scripts through `env:`.
// Steps that `uses:` another action are not run; each is recorded in `skipped`.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { parse } from "yaml";

export interface ActionInput {
  description?: string;
  required?: boolean;
  default?: string;
}

export interface ActionStep {
  name?: string;
  id?: string;
  if?: string | boolean;
  shell?: string;
  run?: string;
  uses?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
  "working-directory"?: string;
}

export interface ActionFile {
  name: string;
  description: string;
  inputs?: Record<string, ActionInput>;
  outputs?: Record<string, { description?: string; value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

export interface StepResult {
  name: string;
  id: string | undefined;
  status: "success" | "failure" | "skipped";
  exitCode: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
}

export interface ActionRun {
  steps: StepResult[];
  /** The action's outputs, from `outputs.*.value`. */
  outputs: Record<string, string>;
  /** One note per `uses:` step that was not run. */
  skipped: string[];
  /** Whether the action (its last step that ran) failed, as the calling workflow would see it. */
  failed: boolean;
}

export interface RunOptions {
  actionPath: string;
  workspace: string;
  runnerTemp: string;
  inputs?: Record<string, string>;
  /** Added to the steps' base environment (PATH with this Node first, HOME, npm offline). */
  env?: Record<string, string>;
  timeoutMs?: number;
}

export function readAction(file: string): ActionFile {
  const action = parse(readFileSync(file, "utf8")) as ActionFile;
  if (action.runs?.using !== "composite") throw new Error(`${file}: runs.using is ${String(action.runs?.using)}, not composite`);
  return action;
}

interface Context {
  action: ActionFile;
  inputs: Record<string, string>;
  actionPath: string;
  steps: Map<string, Record<string, string>>;
}

type Value = string | boolean;

/** Evaluates one expression (the text inside `${{ }}`). */
export function evaluate(expression: string, context: Context): Value {
  const text = expression.trim();
  let match: RegExpExecArray | null;
  if ((match = /^inputs\.([A-Za-z_][A-Za-z0-9_-]*)$/.exec(text))) {
    const name = match[1]!;
    const declared = context.action.inputs?.[name];
    if (declared === undefined) throw new Error(`expression \`${text}\`: the action declares no input ${name}`);
    return context.inputs[name] ?? declared.default ?? "";
  }
  if (text === "github.action_path") return context.actionPath;
  if ((match = /^steps\.([A-Za-z_][A-Za-z0-9_-]*)\.outputs\.([A-Za-z_][A-Za-z0-9_-]*)$/.exec(text))) {
    return context.steps.get(match[1]!)?.[match[2]!] ?? "";
  }
  if (text === "always()") return true;
  throw new Error(`expression \`${text}\` is not one the test's evaluator understands (inputs.*, github.action_path, steps.<id>.outputs.*, always())`);
}

const EXPRESSION = /\$\{\{([\s\S]*?)\}\}/g;

/** Substitutes every `${{ … }}` in a value; a value that is one expression keeps the expression's type. */
export function substitute(value: string, context: Context): Value {
  const whole = /^\s*\$\{\{([\s\S]*?)\}\}\s*$/.exec(value);
  if (whole) return evaluate(whole[1]!, context);
  return value.replace(EXPRESSION, (_, inner: string) => String(evaluate(inner, context)));
}

function substituteString(value: string, context: Context): string {
  return String(substitute(value, context));
}

/** An `if:`: an expression with or without `${{ }}`; a string is true unless empty (GitHub's coercion). */
function condition(value: string | boolean, context: Context): boolean {
  if (typeof value === "boolean") return value;
  const result = /\$\{\{/.test(value) ? substitute(value, context) : evaluate(value, context);
  return typeof result === "boolean" ? result : result !== "";
}

/** Reads a GITHUB_OUTPUT file: `name=value` lines and `name<<DELIMITER` … `DELIMITER` blocks. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === "") continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const value: string[] = [];
      i++;
      while (i < lines.length && lines[i] !== heredoc[2]) value.push(lines[i++]!);
      if (i >= lines.length) throw new Error(`GITHUB_OUTPUT: no closing delimiter ${heredoc[2]} for ${heredoc[1]}`);
      outputs[heredoc[1]!] = value.join("\n");
      continue;
    }
    const equals = line.indexOf("=");
    if (equals <= 0) throw new Error(`GITHUB_OUTPUT: cannot read line ${JSON.stringify(line)}`);
    outputs[line.slice(0, equals)] = line.slice(equals + 1);
  }
  return outputs;
}

/** Runs the action's steps in order, as the runner would for a job step `uses: <the action>`. */
export function runAction(action: ActionFile, options: RunOptions): ActionRun {
  for (const name of Object.keys(options.inputs ?? {})) {
    if (action.inputs?.[name] === undefined) throw new Error(`the action declares no input ${name}`);
  }
  const context: Context = { action, inputs: options.inputs ?? {}, actionPath: options.actionPath, steps: new Map() };
  const baseEnv: Record<string, string> = {
    PATH: `${dirname(process.execPath)}:${process.env.PATH ?? "/usr/bin:/bin"}`,
    HOME: process.env.HOME ?? tmpdir(),
    npm_config_offline: "true",
    npm_config_update_notifier: "false",
    ...(process.env.npm_config_cache ? { npm_config_cache: process.env.npm_config_cache } : {}),
    GITHUB_ACTIONS: "true",
    GITHUB_ACTION_PATH: options.actionPath,
    GITHUB_WORKSPACE: options.workspace,
    RUNNER_TEMP: options.runnerTemp,
    ...options.env,
  };
  const scratch = mkdtempSync(join(options.runnerTemp, "steps-"));
  const results: StepResult[] = [];
  const skipped: string[] = [];
  let failed = false;
  try {
    action.runs.steps.forEach((step, index) => {
      const name = step.name ?? step.id ?? `step ${index + 1}`;
      const result: StepResult = { name, id: step.id, status: "skipped", exitCode: null, stdout: "", stderr: "", outputs: {} };
      results.push(result);
      if (step.run !== undefined && step.run.includes("${{")) {
        throw new Error(`step "${name}": its run: script contains an expression; pass the value through env:`);
      }
      const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([key, value]) => [key, substituteString(String(value), context)]));
      const withValues = Object.fromEntries(Object.entries(step.with ?? {}).map(([key, value]) => [key, substituteString(String(value), context)]));
      const runs = step.if === undefined ? !failed : condition(step.if, context);
      if (!runs) return;
      if (step.uses !== undefined) {
        skipped.push(`${name}: uses ${step.uses} with ${JSON.stringify(withValues)} (not run by the test)`);
        return;
      }
      if (step.run === undefined) throw new Error(`step "${name}" has neither run: nor uses:`);
      if (step.shell !== "bash") throw new Error(`step "${name}": shell is ${String(step.shell)}; the test runs bash steps only`);
      const directory = step["working-directory"] === undefined ? options.workspace : substituteString(step["working-directory"], context);
      const cwd = isAbsolute(directory) ? directory : resolve(options.workspace, directory);
      const script = join(scratch, `step-${index}.sh`);
      const outputFile = join(scratch, `output-${index}`);
      writeFileSync(script, step.run);
      writeFileSync(outputFile, "");
      const child = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], {
        cwd,
        env: { ...baseEnv, ...env, GITHUB_OUTPUT: outputFile },
        encoding: "utf8",
        timeout: options.timeoutMs ?? 120_000,
        killSignal: "SIGKILL",
        maxBuffer: 64 * 1024 * 1024,
      });
      if (child.error) throw new Error(`step "${name}": ${child.error.message}`);
      result.exitCode = child.status;
      result.stdout = child.stdout;
      result.stderr = child.stderr;
      result.outputs = parseOutputFile(readFileSync(outputFile, "utf8"));
      result.status = child.status === 0 ? "success" : "failure";
      if (step.id !== undefined) context.steps.set(step.id, result.outputs);
      if (result.status === "failure") failed = true;
    });
    const outputs = Object.fromEntries(Object.entries(action.outputs ?? {}).map(([key, output]) => [key, substituteString(output.value, context)]));
    return { steps: results, outputs, skipped, failed };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
