/** The process's side of the CLI, shared by its commands: the streams and environment, and what they say of the terminal. */
export interface Io {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** `drained` resolves once written text no longer waits in memory (a pipe's reader has caught up). */
  stdout: { write(text: string): unknown; drained?: () => Promise<void>; isTTY?: boolean; columns?: number };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  /** Read for apply's confirmation; without it (or when it is not a terminal) apply needs --yes. */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
}

/** The width stylish fits its lines to: the terminal's, when stdout is one. */
export function terminalWidth(io: Pick<Io, "stdout">): number | undefined {
  const columns = io.stdout.isTTY === true ? io.stdout.columns : undefined;
  return columns !== undefined && columns > 0 ? columns : undefined;
}

/** Colour when asked for, else unless NO_COLOR is set, on a terminal. */
export function useColor(flag: boolean | undefined, io: Io): boolean {
  if (flag !== undefined) return flag;
  if (io.env["NO_COLOR"] !== undefined && io.env["NO_COLOR"] !== "") return false;
  return io.stdout.isTTY === true;
}
