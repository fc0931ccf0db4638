/**
 * One throughput measurement in a fresh process, so each mode's memory numbers are its own. Plain JavaScript
 * on purpose: run without tsx, whose loader would otherwise sit under the measured library (about 10%).
 *
 *   node --expose-gc bench/worker.mjs <floor|lint> <corpus dir> <repetitions>
 *
 * Prints one JSON line (a WorkerReport, see worker-report.ts) on stdout.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { getHeapStatistics } from "node:v8";
import { parse as parseYaml } from "yaml";
const CANDIDATE = /\.(json|ya?ml)$/i;
function listFiles(dir, out = []) {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name < b.name ? -1 : 1);
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== ".git" && entry.name !== "node_modules") listFiles(path, out);
    } else if (entry.isFile() && CANDIDATE.test(entry.name)) out.push(path);
  }
  return out;
}
/** The floor: find the same files, read each and parse it (JSON.parse, or `yaml` for YAML), keep the values. */
function floor(dir) {
  const held = [];
  let json = 0;
  let yaml = 0;
  for (const file of listFiles(dir)) {
    const start = performance.now();
    const isJson = file.endsWith(".json");
    const text = readFileSync(file, "utf8");
    held.push(isJson ? JSON.parse(text) : parseYaml(text));
    if (isJson) json += performance.now() - start;
    else yaml += performance.now() - start;
  }
  return { files: held.length, held, json, yaml };
}
/** The built library (what users import). */
async function loadLint() {
  const built = new URL("../dist/src/index.js", import.meta.url).href;
  return (await import(built)).lint;
}
async function main() {
  const [mode, dir, repsText] = process.argv.slice(2);
  if (mode !== "floor" && mode !== "lint" || !dir) throw new Error("usage: worker.mjs <floor|lint> <dir> <repetitions>");
  const reps = Number(repsText ?? "5");
  const gc = globalThis.gc;
  let heapPeak = 0;
  const sample = () => {
    heapPeak = Math.max(heapPeak, getHeapStatistics().used_heap_size);
  };
  const timer = setInterval(sample, 5);
  timer.unref();
  const rssBaseline = process.memoryUsage().rss;
  const times = [];
  let files = 0;
  const findings = {};
  const parts = { json: [], yaml: [] };
  const lint = mode === "lint" ? await loadLint() : void 0;
  for (let i = 0; i < reps; i++) {
    gc?.();
    const start = performance.now();
    if (mode === "floor") {
      const { files: n, held, json, yaml } = floor(dir);
      times.push(performance.now() - start);
      parts.json.push(json);
      parts.yaml.push(yaml);
      sample();
      files = n;
      held.length = 0;
    } else {
      const results = await lint(["."], { cwd: dir });
      times.push(performance.now() - start);
      sample();
      files = results.length;
      if (i === 0) for (const finding of results.flatMap((r) => r.messages)) findings[finding.ruleId] = (findings[finding.ruleId] ?? 0) + 1;
    }
  }
  clearInterval(timer);
  const report = { mode, times, files, findings, parts, rssBaseline, rssPeak: process.resourceUsage().maxRSS * 1024, heapPeak };
  process.stdout.write(JSON.stringify(report) + "\n");
}
await main();
