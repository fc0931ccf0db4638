// The installed CLI (bin/mrap-guard.cjs and its bundle, which `npm test` builds first) in its own process, for
// the hostile sweep: at exit, writes the process's wall time since this line and its peak RSS to SWEEP_STATS.
"use strict";
const { writeFileSync } = require("node:fs");
const { performance } = require("node:perf_hooks");

const started = performance.now();
process.on("exit", () => {
  const file = process.env["SWEEP_STATS"];
  if (file) writeFileSync(file, JSON.stringify({ lintMs: performance.now() - started, maxRssKb: process.resourceUsage().maxRSS }));
});
require("../../bin/mrap-guard.cjs");
