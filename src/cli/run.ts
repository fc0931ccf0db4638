import { main } from "./main.js";

// The SDK warns on every run under Node 20 that its releases after January 2027 need Node 22. This CLI pins
// its SDK, so a user cannot act on that warning; the library leaves it alone.
process.env["AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"] ??= "true";

/** The process entry point: runs the CLI and sets the exit code, letting output flush before exit. */
const io = {
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  // A getter: process.stdin opens the stream, which only apply's confirmation needs.
  get stdin() {
    return process.stdin;
  },
};
void main(process.argv.slice(2), io).then((code) => {
  process.exitCode = code;
});
