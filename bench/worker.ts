/**
 * One throughput measurement in a fresh process, so each mode's memory numbers are its own.
 *
 *   node --expose-gc --import tsx bench/worker.ts <floor|lint> <corpus dir> <repetitions>
 *
 * Prints one JSON line (WorkerReport) on stdout.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import type { lint as lintFromSource } from "../src/index.js";

export interface WorkerReport {
  mode: "floor" | "lint";
  /** Wall time of each repetition, in ms (the first includes JIT warm-up and lazy imports). */
  times: number[];
  /** Files read (floor) or file results returned (lint). */
  files: number;
  /** Findings by rule id (lint only). */
  findings: Record<string, number>;
  /** RSS after imports, before the first repetition. */
  rssBaseline: number;
  /** Peak RSS of the whole process (process.resourceUsage().maxRSS), bytes. */
  rssPeak: number;
  /** Floor only: time spent reading + parsing JSON files and YAML files, summed per repetition, in ms. */
  parts: { json: number[]; yaml: number[] };
  /** Highest heapUsed seen: sampled every 5 ms and at the end of each repetition, while results are held. */
  heapPeak: number;
}

const CANDIDATE = /\.(json|ya?ml)$/i;

function listFiles(dir: string, out: string[] = []): string[] {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== ".git" && entry.name !== "node_modules") listFiles(path, out);
    } else if (entry.isFile() && CANDIDATE.test(entry.name)) out.push(path);
  }
  return out;
}

/** The floor: find the same files, read each and parse it (JSON.parse, or `yaml` for YAML), keep the values. */
function floor(dir: string): { files: number; held: unknown[]; json: number; yaml: number } {
  const held: unknown[] = [];
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

/** The built library (what users import), not the TypeScript sources run through tsx's transform. */
async function loadLint(): Promise<typeof lintFromSource> {
  const built = new URL("../dist/src/index.js", import.meta.url).href;
  return ((await import(built)) as { lint: typeof lintFromSource }).lint;
}

async function main(): Promise<void> {
  const [mode, dir, repsText] = process.argv.slice(2);
  if ((mode !== "floor" && mode !== "lint") || !dir) throw new Error("usage: worker.ts <floor|lint> <dir> <repetitions>");
  const reps = Number(repsText ?? "5");
  const gc = (globalThis as { gc?: () => void }).gc;
  let heapPeak = 0;
  const sample = () => {
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  };
  const timer = setInterval(sample, 5);
  timer.unref();
  const rssBaseline = process.memoryUsage().rss;
  const times: number[] = [];
  let files = 0;
  const findings: Record<string, number> = {};
  const parts: WorkerReport["parts"] = { json: [], yaml: [] };

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
      const lint = await loadLint();
      const results = await lint(["."], { cwd: dir });
      times.push(performance.now() - start);
      sample();
      files = results.length;
      if (i === 0) for (const finding of results.flatMap((r) => r.findings)) findings[finding.ruleId] = (findings[finding.ruleId] ?? 0) + 1;
    }
  }
  clearInterval(timer);
  const report: WorkerReport = { mode, times, files, findings, parts, rssBaseline, rssPeak: process.resourceUsage().maxRSS * 1024, heapPeak };
  process.stdout.write(JSON.stringify(report) + "\n");
}

await main();
