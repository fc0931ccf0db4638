#!/usr/bin/env node
"use strict";
// Runs the bundled CLI. It is compiled through V8's code cache written at build time (a cache from another
// Node.js version is rejected by V8 and the bundle simply compiles as usual).
const { readFileSync, writeFileSync } = require("node:fs");
const { dirname, join } = require("node:path");
const { Script } = require("node:vm");
const Module = require("node:module");

const file = join(__dirname, "..", "dist", "cli", "mrap-guard.cjs");
const cacheFile = `${file}.cache`;
let source;
try {
  source = readFileSync(file, "utf8");
} catch {
  process.stderr.write("mrap-guard: internal error: the CLI is not built; run `npm run build` in the mrap-guard package\n");
  process.exit(2);
}
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
const script = new Script(Module.wrap(source), { filename: file, cachedData });
if (process.env.MRAP_GUARD_WRITE_CODE_CACHE) {
  process.once("exit", () => writeFileSync(cacheFile, script.createCachedData()));
}
const module_ = { exports: {}, filename: file, id: file, loaded: false };
script.runInThisContext().call(module_.exports, module_.exports, Module.createRequire(file), module_, file, dirname(file));
