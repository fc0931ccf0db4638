/** The process entry point (the bundle's entry): the real streams, opened lazily, and the exit code. */
import { main } from "./main.js";

// The SDK warns on every run under Node 20 that its releases after January 2027 need Node 22. This CLI pins
// its SDK, so a user cannot act on that warning; the library leaves it alone.
process.env["AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"] ??= "true";

/**
 * process.stdout and stderr are getters that build the stream stack (~30 modules) on first use; a clean lint
 * that prints nothing never needs them, so they are reached only through these.
 */
const lazy = (open: () => NodeJS.WriteStream) => {
  let opened: NodeJS.WriteStream | undefined;
  // A reader that closes early (`| head`) is not an error: the rest of the output is not wanted.
  let closed = false;
  const stream = () => {
    if (!opened) {
      opened = open();
      opened.on("error", (error: NodeJS.ErrnoException) => {
        if (error.code !== "EPIPE") throw error;
        closed = true;
      });
    }
    return opened;
  };
  return {
    get isTTY() {
      return stream().isTTY;
    },
    get columns() {
      return stream().columns;
    },
    write: (text: string) => closed || stream().write(text),
    // A pipe takes writes asynchronously: without waiting, a report of many MB would queue in memory whole.
    drained: (): Promise<void> => {
      const out = opened;
      if (closed || !out?.writableNeedDrain) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const done = () => {
          for (const event of ["drain", "close", "error"]) out.off(event, done);
          resolve();
        };
        for (const event of ["drain", "close", "error"]) out.once(event, done);
      });
    },
  };
};

/** Runs the CLI and sets the exit code, letting output flush before exit. */
const io = {
  cwd: process.cwd(),
  env: process.env,
  stdout: lazy(() => process.stdout),
  stderr: lazy(() => process.stderr),
  // A getter: process.stdin opens the stream, which only apply's confirmation needs.
  get stdin() {
    return process.stdin;
  },
};
void main(process.argv.slice(2), io).then((code) => {
  process.exitCode = code;
});
