/** Runs the CLI from source in its own process (for inputs that can take the whole process down). */
import { main } from "../../src/cli/main.js";

process.exitCode = await main(process.argv.slice(2), { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr });
