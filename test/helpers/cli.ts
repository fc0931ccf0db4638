import { Readable } from "node:stream";
import { main } from "../../src/cli/main.js";
import type { LintMessage as JsonMessage, LintResult as JsonFileResult } from "../../src/engine/types.js";

/** What one in-process run of the CLI returned and printed. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd: string;
  /** The environment the CLI sees (default: an empty one). */
  env?: NodeJS.ProcessEnv;
  /** Whether stdout (colour) and stderr (progress) are terminals (default: neither). */
  stdoutTty?: boolean;
  stderrTty?: boolean;
  /** The terminal's width, as stdout's `columns` (default: none). */
  stdoutColumns?: number;
  /** What stdin holds, and whether it is a terminal (default: no stdin). */
  stdin?: { text: string; tty: boolean };
}

/** Runs `main()` in process with captured output. */
export async function runCli(args: readonly string[], options: CliOptions): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const { stdin } = options;
  const code = await main(args, {
    cwd: options.cwd,
    env: options.env ?? {},
    stdout: { write: (t: string) => (stdout += t), isTTY: options.stdoutTty ?? false, ...(options.stdoutColumns ? { columns: options.stdoutColumns } : {}) },
    stderr: { write: (t: string) => (stderr += t), isTTY: options.stderrTty ?? false },
    ...(stdin ? { stdin: Object.assign(Readable.from([stdin.text]), { isTTY: stdin.tty }) } : {}),
  });
  return { code, stdout, stderr };
}

/** The messages of a `--format json` run's output, each with the file it is about. */
export function jsonMessages(stdout: string): (JsonMessage & { file: string })[] {
  const results = JSON.parse(stdout) as JsonFileResult[];
  return results.flatMap((r) => r.messages.map((m) => ({ ...m, file: r.filePath })));
}
