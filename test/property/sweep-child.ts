/**
 * The CLI from source in its own process, for the hostile sweep: writes how long `main()` took (module loading
 * excluded) and the process's peak RSS to the file named by SWEEP_STATS when the process exits.
 */
import { writeFileSync } from "node:fs";
import { main } from "../../src/cli/main.js";

const statsFile = process.env["SWEEP_STATS"];
let lintMs = -1;
process.on("exit", () => {
  if (statsFile) writeFileSync(statsFile, JSON.stringify({ lintMs, maxRssKb: process.resourceUsage().maxRSS }));
});
const started = performance.now();
process.exitCode = await main(process.argv.slice(2), { cwd: process.cwd(), env: { NO_COLOR: "1" }, stdout: process.stdout, stderr: process.stderr });
lintMs = performance.now() - started;
