import { main } from "./main.js";

/** The process entry point: runs the CLI and sets the exit code, letting output flush before exit. */
void main(process.argv.slice(2), { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr }).then((code) => {
  process.exitCode = code;
});
