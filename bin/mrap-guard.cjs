#!/usr/bin/env node
"use strict";
// Runs the bundled CLI. Each bundle is compiled through V8's code cache when there is one (written at build or
// install time; a cache from another Node.js version is rejected by V8 and the bundle simply compiles as usual).
const { readFileSync, renameSync, unlinkSync, writeFileSync } = require("node:fs");
const { dirname, join } = require("node:path");
const { Script } = require("node:vm");
const Module = require("node:module");

const writeCache = Boolean(process.env.MRAP_GUARD_WRITE_CODE_CACHE);
const debug = process.argv.includes("--debug");

/**
 * Anything that escapes the CLI's own error handling (a bundle that cannot load, a failure in a callback) is a bug
 * of ours: one line and exit 2, never Node's default report (exit 1, which a CI gate reads as "findings", with the
 * offending line of the minified bundle printed in full).
 */
function crash(error) {
  let line;
  if (debug && error instanceof Error && error.stack) {
    line = error.stack;
  } else {
    const first = String(error instanceof Error ? error.message : error).split("\n", 1)[0];
    // eslint-disable-next-line no-control-regex
    const safe = first.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
    line = `${safe.length > 300 ? `${safe.slice(0, 300)}…` : safe}; run with --debug for the stack`;
  }
  try {
    process.stderr.write(`mrap-guard: internal error: ${line}\n`);
  } finally {
    process.exit(2);
  }
}
process.on("uncaughtException", crash);
process.on("unhandledRejection", crash);

function saveCache(path, script) {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, script.createCachedData(), { flag: "wx" });
    renameSync(temporary, path);
  } catch {
    try {
      unlinkSync(temporary);
    } catch {
      // nothing was written
    }
  }
}

function loadBundle(file) {
  const source = readFileSync(file, "utf8");
  let cachedData;
  try {
    cachedData = readFileSync(`${file}.cache`);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(Module.wrap(source), { filename: file, cachedData });
  if (writeCache) process.once("exit", () => writeFileSync(`${file}.cache`, script.createCachedData()));
  // No cache (an install from the repository, as the pre-commit hook's) or one V8 rejected (another Node.js
  // version): write one for the next run, best effort, replacing the file in one step.
  else if (cachedData === undefined || script.cachedDataRejected === true) process.once("exit", () => saveCache(`${file}.cache`, script));
  const module_ = { exports: {}, filename: file, id: file, loaded: false };
  script.runInThisContext().call(module_.exports, module_.exports, Module.createRequire(file), module_, file, dirname(file));
  module_.loaded = true;
  return module_.exports;
}

globalThis[Symbol.for("mrap-guard.loadBundle")] = loadBundle;
const main = join(__dirname, "..", "dist", "cli", "mrap-guard.cjs");
try {
  readFileSync(main, { flag: "r" }).subarray(0, 0);
} catch {
  process.stderr.write("mrap-guard: internal error: the CLI is not built; run `npm run build` in the mrap-guard package\n");
  process.exit(2);
}
try {
  loadBundle(main);
} catch (error) {
  crash(error);
}
