#!/usr/bin/env node
"use strict";
// Runs the bundled CLI. Each bundle is compiled through V8's code cache written at build time (a cache from
// another Node.js version is rejected by V8 and the bundle simply compiles as usual).
const { readFileSync, writeFileSync } = require("node:fs");
const { dirname, join } = require("node:path");
const { Script } = require("node:vm");
const Module = require("node:module");

const writeCache = Boolean(process.env.MRAP_GUARD_WRITE_CODE_CACHE);

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
loadBundle(main);
