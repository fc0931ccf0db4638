/**
 * `npm run bench:cfn-lint`: mrap-guard and cfn-lint side by side on the CloudFormation examples (and any
 * templates given as arguments). For each template it prints both tools' findings (rule, line, message) and the
 * median wall time of each tool's whole process over --runs runs (default 5). cfn-lint is taken from PATH (Debian
 * `cfn-lint`, or `pip install cfn-lint`); without it, only mrap-guard's side is printed.
 *
 * The CLI is `node bin/mrap-guard.cjs`, so the bundle in dist/cli is what is measured: build first (npm run build).
 */
import { spawnSync } from "node:child_process";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { median, table, timeSpawn } from "./lib.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const runsAt = process.argv.indexOf("--runs");
const runs = runsAt >= 0 ? Math.max(1, Number(process.argv[runsAt + 1]) || 5) : 5;
const given = process.argv.slice(2).filter((arg, i, all) => arg !== "--runs" && all[i - 1] !== "--runs");
const templates = given.length > 0 ? given.map((t) => resolve(t)) : ["examples/cloudformation/orders-global.template.yaml", "examples/cloudformation/broken/orders-broken.template.yaml"].map((t) => join(root, t));

interface Finding {
  line: number;
  rule: string;
  level: string;
  message: string;
}

const short = (text: string) => (text.length > 90 ? `${text.slice(0, 89)}…` : text).replace(/\s+/g, " ");

function mrapGuard(template: string): { ms: number; findings: Finding[] } {
  const times: number[] = [];
  let stdout = "";
  for (let i = 0; i < runs; i++) {
    const { ms, result } = timeSpawn(process.execPath, [join(root, "bin/mrap-guard.cjs"), "lint", "--format", "json", template], root);
    if (result.status !== 0 && result.status !== 1) throw new Error(`mrap-guard exited ${result.status}: ${result.stderr}`);
    times.push(ms);
    stdout = result.stdout;
  }
  const results = JSON.parse(stdout) as { messages: { line: number; ruleId: string; severity: string; message: string }[] }[];
  return { ms: median(times), findings: results.flatMap((r) => r.messages.map((m) => ({ line: m.line, rule: m.ruleId, level: m.severity, message: m.message }))) };
}

function cfnLint(template: string): { ms: number; findings: Finding[] } | undefined {
  if (spawnSync("cfn-lint", ["--version"], { encoding: "utf8" }).status !== 0) return undefined;
  const times: number[] = [];
  let stdout = "";
  for (let i = 0; i < runs; i++) {
    const { ms, result } = timeSpawn("cfn-lint", ["--format", "json", template], root);
    times.push(ms);
    stdout = result.stdout;
  }
  const matches = JSON.parse(stdout || "[]") as { Level: string; Message: string; Rule: { Id: string }; Location: { Start: { LineNumber: number } } }[];
  return { ms: median(times), findings: matches.map((m) => ({ line: m.Location.Start.LineNumber, rule: m.Rule.Id, level: m.Level.toLowerCase(), message: m.Message })) };
}

const version = spawnSync("cfn-lint", ["--version"], { encoding: "utf8" });
console.log(`mrap-guard vs ${version.status === 0 ? version.stdout.trim() : "cfn-lint (not on PATH: its side is left out)"} · median of ${runs} whole-process runs each`);
const summary: string[][] = [["template", "mrap-guard", "findings", "cfn-lint", "findings"]];
for (const template of templates) {
  const name = relative(root, template);
  const ours = mrapGuard(template);
  const theirs = cfnLint(template);
  console.log(`\n${name}`);
  const rows = [["tool", "line", "level", "rule", "message"]];
  for (const f of ours.findings.sort((a, b) => a.line - b.line)) rows.push(["mrap-guard", String(f.line), f.level, f.rule, short(f.message)]);
  for (const f of (theirs?.findings ?? []).sort((a, b) => a.line - b.line)) rows.push(["cfn-lint", String(f.line), f.level, f.rule, short(f.message)]);
  console.log(table(rows));
  summary.push([name, `${ours.ms.toFixed(0)} ms`, String(ours.findings.length), theirs ? `${theirs.ms.toFixed(0)} ms` : "-", theirs ? String(theirs.findings.length) : "-"]);
}
console.log(`\n${table(summary)}`);
