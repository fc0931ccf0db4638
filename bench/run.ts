/**
 * `npm run bench`: cold start of `mrap-guard lint` against `node -e 0`, and lint throughput against a floor
 * of reading and parsing the same files. Prints a table and writes bench/.work/results.json. See
 * bench/README.md for what each number means.
 *
 * Options: --no-build (measure the dist/ that is there), --runs <n> (cold-start runs per command, default
 * 30), --reps <n> (throughput repetitions, default 5).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, platform, arch } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_SPEC, generateCorpus, type Corpus } from "./generate.js";
import { cleanEnv, count, mb, measureNode, median, ms, percentile, ratio, rssMethod, table, timeSpawn } from "./lib.js";
import type { WorkerReport } from "./worker-report.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const work = join(root, "bench/.work");
const COLD_TARGET = 1.3;
const THROUGHPUT_TARGET = 2;

class BenchError extends Error {}

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i === -1) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value < 1) throw new BenchError(`${name} needs a positive whole number`);
  return value;
}

function build(): void {
  const npm = process.env["npm_execpath"];
  const [command, args] = npm ? [process.execPath, [npm, "run", "build"]] : ["npm", ["run", "build"]];
  const started = performance.now();
  const result = spawnSync(command, args, { cwd: root, encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } });
  if (result.error || result.status !== 0) {
    throw new BenchError(`npm run build failed (exit ${result.status}):\n${result.stdout ?? ""}${result.stderr ?? ""}${result.error?.message ?? ""}`);
  }
  console.log(`built in ${ms(performance.now() - started)}`);
}

/** The CLI as installed: package.json's bin."mrap-guard", read now because its layout may change. */
function cliEntry(): string {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { bin?: string | Record<string, string> };
  const bin = typeof pkg.bin === "string" ? pkg.bin : pkg.bin?.["mrap-guard"];
  if (!bin) throw new BenchError('package.json has no bin."mrap-guard"');
  const path = join(root, bin);
  if (!existsSync(path)) throw new BenchError(`${bin} does not exist; run npm run build`);
  return path;
}

// ---------------------------------------------------------------------------------------------- cold start

const OWNER = "111122223333";
const ALIAS = "mfzwi23gnjvgw.mrap";
const MRAP_ARN = `arn:aws:s3::${OWNER}:accesspoint/${ALIAS}`;
const bucketPolicy = (bucket: string) => ({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "DelegateToOrdersGlobalMrap",
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: ["s3:GetObject", "s3:PutObject", "s3:ListBucket"],
      Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
      Condition: { StringEquals: { "s3:DataAccessPointArn": MRAP_ARN } },
    },
  ],
});
const MRAP_POLICY = {
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "OrdersAppReadWriteObjects",
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${OWNER}:role/orders-app` },
      Action: ["s3:GetObject", "s3:PutObject"],
      Resource: `${MRAP_ARN}/object/*`,
    },
  ],
};

/** A clean manifest with inline policies (JSON) and one with policy files next to it (YAML). */
function coldFiles(): { json: string; yaml: string; cwd: string } {
  const dir = join(work, "cold");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, ".git"), { recursive: true });
  mkdirSync(join(dir, "policies"));
  const mrap = {
    Name: "orders-global",
    Alias: ALIAS,
    PublicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
    Regions: [
      { Bucket: "orders-use1", Region: "us-east-1", BucketPolicy: bucketPolicy("orders-use1") as object },
      { Bucket: "orders-euw1", Region: "eu-west-1", BucketPolicy: bucketPolicy("orders-euw1") as object },
    ],
    Policy: MRAP_POLICY as object,
    Routes: [
      { Region: "us-east-1", TrafficDialPercentage: 100 },
      { Region: "eu-west-1", TrafficDialPercentage: 0 },
    ],
  };
  writeFileSync(join(dir, "orders-global.mrap.json"), JSON.stringify({ AccountId: OWNER, MultiRegionAccessPoint: mrap }, null, 2) + "\n");
  writeFileSync(join(dir, "policies/orders-use1.bucket.json"), JSON.stringify(bucketPolicy("orders-use1"), null, 2) + "\n");
  writeFileSync(join(dir, "policies/orders-euw1.bucket.json"), JSON.stringify(bucketPolicy("orders-euw1"), null, 2) + "\n");
  writeFileSync(join(dir, "policies/orders-global.mrap-policy.json"), JSON.stringify(MRAP_POLICY, null, 2) + "\n");
  writeFileSync(
    join(dir, "orders-global.mrap.yaml"),
    `AccountId: "${OWNER}"
MultiRegionAccessPoint:
  Name: orders-global
  Alias: ${ALIAS}
  PublicAccessBlock:
    BlockPublicAcls: true
    IgnorePublicAcls: true
    BlockPublicPolicy: true
    RestrictPublicBuckets: true
  Regions:
    - Bucket: orders-use1
      Region: us-east-1
      BucketPolicy: ./policies/orders-use1.bucket.json
    - Bucket: orders-euw1
      Region: eu-west-1
      BucketPolicy: ./policies/orders-euw1.bucket.json
  Policy: ./policies/orders-global.mrap-policy.json
  Routes:
    - Region: us-east-1
      TrafficDialPercentage: 100
    - Region: eu-west-1
      TrafficDialPercentage: 0
`,
  );
  return { json: "orders-global.mrap.json", yaml: "orders-global.mrap.yaml", cwd: dir };
}

interface ColdLine {
  label: string;
  args: string[];
  firstMs: number;
  times: number[];
  medianMs: number;
  p90Ms: number;
  minMs: number;
  ratio: number;
  rss: number;
}

function coldStart(bin: string, runs: number): { lines: ColdLine[]; runs: number } {
  const files = coldFiles();
  const commands = [
    { label: "node -e 0", args: ["-e", "0"] },
    { label: "lint one manifest (JSON, inline policies)", args: [bin, "lint", files.json] },
    { label: "lint one manifest (YAML, 3 policy files)", args: [bin, "lint", files.yaml] },
  ];
  // The first run of each is timed on its own (it may fill the page cache or a compile cache) and checks
  // that the lint really ran: a clean file must exit 0 with no error output.
  const first = commands.map((c) => {
    const { ms: time, result } = timeSpawn(process.execPath, c.args, files.cwd);
    if (result.status !== 0 || result.stderr !== "") {
      throw new BenchError(`${c.label} exited ${result.status} (expected 0 on a clean file):\n${result.stdout}${result.stderr}`);
    }
    return time;
  });
  const times: number[][] = commands.map(() => []);
  for (let i = 0; i < runs; i++) {
    // Rotate the order so drift (thermal, other load) spreads evenly over the commands.
    for (let k = 0; k < commands.length; k++) {
      const c = (i + k) % commands.length;
      const { ms: time, result } = timeSpawn(process.execPath, commands[c]!.args, files.cwd);
      if (result.status !== 0) throw new BenchError(`${commands[c]!.label} exited ${result.status}: ${result.stderr}`);
      times[c]!.push(time);
    }
  }
  const rssRuns = 5;
  const lines = commands.map((c, i) => {
    const rss = median(Array.from({ length: rssRuns }, () => measureNode(c.args, files.cwd).rss));
    return { label: c.label, args: c.args.map((a) => (a === bin ? relative(root, bin) : a)), firstMs: first[i]!, times: times[i]!, medianMs: median(times[i]!), p90Ms: percentile(times[i]!, 90), minMs: Math.min(...times[i]!), ratio: 0, rss };
  });
  for (const line of lines) line.ratio = line.medianMs / lines[0]!.medianMs;
  return { lines, runs };
}

// ---------------------------------------------------------------------------------------------- throughput

interface ThroughputLine {
  label: string;
  times: number[];
  firstMs: number;
  medianMs: number;
  filesPerSecond: number;
  mbPerSecond: number;
  ratio: number;
  rss: number;
  heap: number | null;
}

function worker(mode: "floor" | "lint", corpus: Corpus, reps: number): WorkerReport {
  const result = spawnSync(process.execPath, ["--expose-gc", join(root, "bench/worker.mjs"), mode, corpus.dir, String(reps)], {
    cwd: root,
    env: cleanEnv(),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error || result.status !== 0) throw new BenchError(`bench/worker.mjs ${mode} failed (exit ${result.status}):\n${result.stderr}${result.error?.message ?? ""}`);
  const line = result.stdout.trim().split("\n").pop() ?? "";
  return JSON.parse(line) as WorkerReport;
}

interface CliRun {
  times: number[];
  rss: number;
  files: number;
  findings: Record<string, number>;
}

interface JsonReport {
  filePath: string;
  messages: { ruleId: string }[];
}

function cliFolder(bin: string, corpus: Corpus, reps: number): CliRun {
  const out = join(work, "cli-output.json");
  const times: number[] = [];
  const rss: number[] = [];
  let report: JsonReport[] = [];
  for (let i = 0; i < reps; i++) {
    rmSync(out, { force: true });
    const run = measureNode([bin, "lint", ".", "--format", "json", "--output-file", out], corpus.dir);
    if (run.result.status !== 1) throw new BenchError(`CLI on the corpus exited ${run.result.status} (expected 1: the corpus has broken files):\n${run.result.stderr}`);
    times.push(run.ms);
    rss.push(run.rss);
    report = JSON.parse(readFileSync(out, "utf8")) as JsonReport[];
  }
  const findings: Record<string, number> = {};
  for (const message of report.flatMap((r) => r.messages)) findings[message.ruleId] = (findings[message.ruleId] ?? 0) + 1;
  return { times, rss: median(rss), files: report.length, findings };
}

function throughputLine(label: string, times: number[], corpus: Corpus, floorMs: number, rss: number, heap: number | null): ThroughputLine {
  const medianMs = median(times);
  return {
    label,
    times,
    firstMs: times[0]!,
    medianMs,
    filesPerSecond: corpus.files / (medianMs / 1000),
    mbPerSecond: corpus.bytes / 1024 / 1024 / (medianMs / 1000),
    ratio: medianMs / floorMs,
    rss,
    heap,
  };
}

/** The lint must have linted every file and found exactly the broken ones, or it measured something else. */
function checkFindings(label: string, files: number, findings: Record<string, number>, corpus: Corpus): string[] {
  const problems: string[] = [];
  if (files !== corpus.files) problems.push(`${label}: ${files} file results, expected ${corpus.files}`);
  const rules = new Set([...Object.keys(findings), ...Object.keys(corpus.expected)]);
  for (const rule of [...rules].sort()) {
    const got = findings[rule] ?? 0;
    const want = corpus.expected[rule] ?? 0;
    if (got !== want) problems.push(`${label}: ${got} ${rule} findings, expected ${want}`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------- main

function main(): void {
  const started = performance.now();
  const runs = option("--runs", 30);
  const reps = option("--reps", 5);
  const cliReps = Math.max(1, Math.min(reps, 3));
  mkdirSync(work, { recursive: true });
  if (!process.argv.includes("--no-build")) build();
  const bin = cliEntry();
  const cpu = cpus();
  console.log(`mrap-guard bench · node ${process.version} · ${platform()} ${arch()} · ${cpu.length}× ${cpu[0]?.model.trim() ?? "unknown CPU"}`);
  console.log(`CLI: node ${relative(root, bin)} · peak RSS via ${rssMethod() === "gnu-time" ? "/usr/bin/time -f %M" : "process.resourceUsage() exit hook"}\n`);

  const cold = coldStart(bin, runs);
  const coldRows = [
    ["", "median", "p90", "min", "1st run", "ratio", "peak RSS"],
    ...cold.lines.map((l) => [l.label, ms(l.medianMs), ms(l.p90Ms), ms(l.minMs), ms(l.firstMs), ratio(l.ratio), mb(l.rss)]),
  ];
  const coldRatio = cold.lines[1]!.ratio;
  console.log(`Cold start: ${runs} interleaved runs each (wall time of a spawn, after one untimed first run)`);
  console.log(table(coldRows));
  console.log(`  → ${ratio(coldRatio)} of node -e 0 (JSON), ${ratio(cold.lines[2]!.ratio)} (YAML); target ≤ ${ratio(COLD_TARGET)}: ${coldRatio <= COLD_TARGET ? "met" : "NOT met"}\n`);

  const corpus = generateCorpus(join(work, "corpus"), DEFAULT_SPEC);
  const floor = worker("floor", corpus, reps);
  if (floor.files !== corpus.files) throw new BenchError(`floor read ${floor.files} files, expected ${corpus.files}`);
  const inProcess = worker("lint", corpus, reps);
  const cli = cliFolder(bin, corpus, cliReps);
  const floorMs = median(floor.times);
  const lines = [
    throughputLine("floor: read + JSON.parse / yaml.parse", floor.times, corpus, floorMs, floor.rssPeak, floor.heapPeak),
    throughputLine("lint() in process (recommended)", inProcess.times, corpus, floorMs, inProcess.rssPeak, inProcess.heapPeak),
    throughputLine("CLI: mrap-guard lint <dir> (1 spawn)", cli.times, corpus, floorMs, cli.rss, null),
  ];
  const problems = [...checkFindings("lint()", inProcess.files, inProcess.findings, corpus), ...checkFindings("CLI", cli.files, cli.findings, corpus)];
  const expectedTotal = Object.values(corpus.expected).reduce((a, b) => a + b, 0);

  console.log(
    `Throughput: ${count(corpus.files)} files, ${mb(corpus.bytes)} (${count(corpus.manifests)} manifests: ${corpus.jsonManifests} JSON, ${corpus.yamlManifests} YAML, ${corpus.inlinePolicyManifests} with inline policies; ` +
      `${count(corpus.policies)} policy files: ${corpus.referencedPolicies} referenced, ${corpus.standalonePolicies} standalone)`,
  );
  console.log(`  median of ${reps} in-process repetitions (${cliReps} for the CLI); the floor and lint() each run in their own process`);
  console.log(
    table([
      ["", "median", "files/s", "MB/s", "ratio", "peak RSS", "peak heap"],
      ...lines.map((l) => [l.label, ms(l.medianMs), count(l.filesPerSecond), l.mbPerSecond.toFixed(1), ratio(l.ratio), mb(l.rss), l.heap === null ? "-" : mb(l.heap)]),
    ]),
  );
  const lintRatio = lines[1]!.ratio;
  console.log(`  → lint() takes ${ratio(lintRatio)} the floor's time; target ≤ ${ratio(THROUGHPUT_TARGET)}: ${lintRatio <= THROUGHPUT_TARGET ? "met" : "NOT met"}`);
  console.log(`  floor split: ${ms(median(floor.parts.json))} for ${count(corpus.files - corpus.yamlManifests)} JSON files, ${ms(median(floor.parts.yaml))} for ${corpus.yamlManifests} YAML files (medians)`);
  console.log(`  first repetition: floor ${ms(floor.times[0]!)}, lint() ${ms(inProcess.times[0]!)} (JIT warm-up, lazy imports); RSS after imports: floor ${mb(floor.rssBaseline)}, lint() ${mb(inProcess.rssBaseline)}`);
  console.log(
    problems.length === 0
      ? `  findings check: ${expectedTotal} expected (${Object.entries(corpus.expected).map(([rule, n]) => `${n} ${rule}`).join(", ")}); lint() and CLI both found exactly these ✓`
      : `  findings check FAILED:\n    ${problems.join("\n    ")}`,
  );

  const results = {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${platform()} ${arch()}`,
    cpus: cpu.length,
    cpuModel: cpu[0]?.model.trim() ?? null,
    cli: relative(root, bin),
    rssMethod: rssMethod(),
    targets: { coldStartRatio: COLD_TARGET, throughputRatio: THROUGHPUT_TARGET },
    coldStart: { runs, lines: cold.lines, ratio: coldRatio, met: coldRatio <= COLD_TARGET },
    throughput: {
      reps,
      cliReps,
      corpus: { ...corpus, dir: relative(root, corpus.dir) },
      lines,
      floorParts: { jsonMs: median(floor.parts.json), yamlMs: median(floor.parts.yaml) },
      ratio: lintRatio,
      met: lintRatio <= THROUGHPUT_TARGET,
      findings: { expected: corpus.expected, lint: inProcess.findings, cli: cli.findings, problems },
    },
    durationMs: performance.now() - started,
  };
  writeFileSync(join(work, "results.json"), JSON.stringify(results, null, 2) + "\n");
  console.log(`\nwrote ${relative(root, join(work, "results.json"))} in ${(results.durationMs / 1000).toFixed(1)} s`);
  if (problems.length > 0) process.exitCode = 1;
}

try {
  main();
} catch (error) {
  console.error(`bench: ${error instanceof BenchError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
}
