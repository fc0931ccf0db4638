// Runs every test file with Node's test runner (Node 20 neither expands globs nor finds .ts files itself).
//
//   node scripts/run-tests.mjs                      every test
//   node scripts/run-tests.mjs <substring>...       the test files whose path contains one of them
//   node scripts/run-tests.mjs --group <name>...    a group by purpose (see GROUPS), optionally narrowed by substrings
//   node scripts/run-tests.mjs --list [...]         print the selected files instead of running them
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

// Groups by purpose. Every test file is in exactly one group: rules and integration by folder (and, for
// integration, any other test that starts moto_server through test/support/moto.ts), unit the rest.
const INTEGRATION = ["test/package/", "test/apply/", "test/aws/", "test/ci/", "test/support-tests/"];
const RULES = ["test/rules/"];
const usesMoto = (f) => /["']\.\.?\/(?:\.\.\/)*support\/moto\.js["']/.test(readFileSync(join(root, f), "utf8"));
const GROUPS = {
  // One table test per rule (test/rules/<namespace>/<name>.test.ts) and the tests of rule helpers.
  rules: (f) => RULES.some((dir) => f.startsWith(dir)),
  // Needs moto_server, the pre-commit framework, npm pack/install, or the local AWS servers and the fault proxy.
  integration: (f) => !GROUPS.rules(f) && (INTEGRATION.some((dir) => f.startsWith(dir)) || usesMoto(f)),
  // Everything else: document, engine, formatters, CLI, properties, meta (quick, no outside tools needed).
  unit: (f) => !GROUPS.rules(f) && !GROUPS.integration(f),
};

const root = new URL("..", import.meta.url).pathname;
const files = [];
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (entry.name.endsWith(".test.ts")) files.push(relative(root, path).split("\\").join("/"));
  }
};
walk(join(root, "test"));
files.sort();

const args = process.argv.slice(2);
const groups = [];
const filter = [];
let list = false;
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (arg === "--list") list = true;
  else if (arg === "--group" || arg.startsWith("--group=")) {
    const name = arg === "--group" ? args[++i] : arg.slice("--group=".length);
    if (!name || !Object.hasOwn(GROUPS, name)) {
      console.error(`run-tests: unknown group ${name ? `"${name}"` : "(none given)"}; use one of ${Object.keys(GROUPS).join(", ")}`);
      process.exit(2);
    }
    groups.push(name);
  } else filter.push(arg);
}

let selected = groups.length ? files.filter((f) => groups.some((g) => GROUPS[g](f))) : files;
if (filter.length) selected = selected.filter((f) => filter.some((part) => f.includes(part)));
if (list) {
  for (const f of selected) console.log(f);
  process.exit(0);
}
if (selected.length === 0) {
  // `node --test` with no files would run nothing and exit 0: a typo in a filter must not look like a pass.
  console.error(`run-tests: no test file matches ${[...groups.map((g) => `--group ${g}`), ...filter].join(" ")}`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ["--import", "tsx", "--test", ...selected], { cwd: root, stdio: "inherit" });
process.exit(result.status ?? 1);
