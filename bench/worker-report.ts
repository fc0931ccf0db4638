/** What bench/worker.mjs prints, one JSON line per measurement. */
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
