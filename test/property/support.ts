/**
 * Shared by the robustness tests: run the CLI in process and check that what it printed honours the
 * output contract (exit code, ESLint-shaped JSON, a rule id and a location on every message).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { LintResult as JsonFileResult } from "../../src/engine/types.js";
import { runCli, type CliRun } from "../helpers/cli.js";

export const cli = (args: readonly string[], cwd: string): Promise<CliRun> => runCli(args, { cwd });

const RULE_ID = /^[a-z-]+\/[a-z-]+$/;
const FINGERPRINT = /^[0-9a-f]{32}$/;
const SEVERITIES = new Set(["error", "warning", "info"]);

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);
const isPositiveInt = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 1;

/** Line lengths the way the engine's line index counts: a line ends after \n or a lone \r (a CRLF line keeps its \r). */
function lineLengths(text: string): number[] {
  return text.split(/\n|\r(?!\n)/).map((line) => line.length);
}

/**
 * Asserts the contract for a `lint --format json` run over files that exist (so there is no usage error):
 * exit 0 or 1 and never an internal error; JSON in ESLint's shape; counts that add up; exit 1 exactly when
 * there is an error; every message with a rule id, a severity, a message, a 1-based location inside its
 * file, a JSON pointer and a fingerprint; and no rule that crashed (`core/rule-error`).
 */
export function checkRun(run: CliRun, options: { cwd: string; linted: readonly string[] }): JsonFileResult[] {
  const context = () => `exit ${run.code}\nstderr: ${run.stderr}\nstdout: ${run.stdout.slice(0, 2000)}`;
  assert.doesNotMatch(run.stderr, /internal error/i, context());
  assert.ok(run.code === 0 || run.code === 1 || run.code === 2, context());
  assert.notEqual(run.code, 2, `exit 2 is for usage and config errors, and these files exist\n${context()}`);
  assert.equal(run.stderr, "", context());

  let parsed: unknown;
  try {
    parsed = JSON.parse(run.stdout);
  } catch (error) {
    assert.fail(`stdout is not JSON (${String(error)})\n${context()}`);
  }
  assert.ok(Array.isArray(parsed), `stdout is not an array\n${context()}`);
  const results = parsed as unknown[];
  let errors = 0;
  for (const result of results) {
    assert.ok(isRecord(result), `a file result is not an object\n${context()}`);
    assert.equal(typeof result["filePath"], "string");
    assert.ok(Array.isArray(result["messages"]), `messages is not an array\n${context()}`);
    const filePath = result["filePath"] as string;
    let text: string | undefined;
    try {
      text = readFileSync(join(options.cwd, filePath), "utf8");
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    } catch {
      text = undefined;
    }
    const lengths = text === undefined ? undefined : lineLengths(text);
    const tally = { error: 0, warning: 0, info: 0 };
    for (const message of result["messages"] as unknown[]) {
      const where = `${filePath}: ${JSON.stringify(message)}\n${context()}`;
      assert.ok(isRecord(message), where);
      assert.ok(typeof message["ruleId"] === "string" && RULE_ID.test(message["ruleId"]), `ruleId: ${where}`);
      assert.notEqual(message["ruleId"], "core/rule-error", `a rule crashed: ${where}`);
      assert.ok(typeof message["messageId"] === "string" && message["messageId"] !== "", `messageId: ${where}`);
      assert.ok(typeof message["severity"] === "string" && SEVERITIES.has(message["severity"]), `severity: ${where}`);
      assert.ok(typeof message["message"] === "string" && message["message"].trim() !== "", `message: ${where}`);
      assert.doesNotMatch(message["message"] as string, /\{\{\w+\}\}|\[object Object\]/, `unfilled message: ${where}`);
      const { line, column, endLine, endColumn } = message;
      assert.ok(isPositiveInt(line) && isPositiveInt(column) && isPositiveInt(endLine) && isPositiveInt(endColumn), `location: ${where}`);
      assert.ok(endLine > line || (endLine === line && endColumn >= column), `range ends before it starts: ${where}`);
      if (lengths) {
        assert.ok(endLine <= lengths.length, `line past the end of the file: ${where}`);
        assert.ok(column <= lengths[line - 1]! + 1 && endColumn <= lengths[endLine - 1]! + 1, `column past the end of its line: ${where}`);
      }
      assert.ok(typeof message["pointer"] === "string" && (message["pointer"] === "" || message["pointer"].startsWith("/")), `pointer: ${where}`);
      assert.ok(typeof message["fingerprint"] === "string" && FINGERPRINT.test(message["fingerprint"]), `fingerprint: ${where}`);
      tally[message["severity"] as keyof typeof tally]++;
    }
    assert.equal(result["errorCount"], tally.error, `errorCount\n${context()}`);
    assert.equal(result["warningCount"], tally.warning, `warningCount\n${context()}`);
    assert.equal(result["infoCount"], tally.info, `infoCount\n${context()}`);
    errors += tally.error;
  }
  assert.equal(run.code, errors > 0 ? 1 : 0, `exit code does not match the errors found\n${context()}`);
  const reported = new Set((results as JsonFileResult[]).map((r) => r.filePath));
  for (const file of options.linted) assert.ok(reported.has(file), `${file} was named but has no result\n${context()}`);
  return results as JsonFileResult[];
}
