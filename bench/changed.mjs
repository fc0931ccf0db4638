// Times `mrap-guard lint --changed` (the pre-commit mode) on a generated tree of 10,000 files against the same
// file linted alone and against `lint .` on the whole tree. Whole CLI processes, started from the bin that
// package.json names; run `npm run build` first.
//
//   node bench/changed.mjs [--runs 15] [--files 10000] [--keep] [--bin <path of a mrap-guard bin>]
//
// It exits 1 when the lint itself is wrong (the changed bucket policy must be judged with its manifest, and
// alone must not be), since then it would time something else.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { runs: { type: "string", default: "15" }, files: { type: "string", default: "10000" }, keep: { type: "boolean", default: false }, bin: { type: "string" } } });
const RUNS = Number(values.runs);
const TOTAL = Number(values.files);
const repo = join(import.meta.dirname, "..");
const bin = values.bin ?? join(repo, JSON.parse(readFileSync(join(repo, "package.json"), "utf8")).bin["mrap-guard"]);

// A seeded PRNG, so every run generates the same tree.
let seed = 0x2545f491;
const random = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 2 ** 32;
};
const pick = (list) => list[Math.floor(random() * list.length)];
const alias = () => pick("abcdefghijklmnopqrstuvwxyz") + Array.from({ length: 12 }, () => pick("abcdefghijklmnopqrstuvwxyz234567")).join("") + ".mrap";

const REGIONS = ["us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2", "eu-central-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1"];
const OWNER = "111122223333";
const OTHER = "444455556666";

const dir = mkdtempSync(join(tmpdir(), "mrap-guard-changed-"));
const files = [];
const write = (rel, text) => {
  const path = join(dir, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  files.push(rel);
};
const json = (value) => JSON.stringify(value, null, 2) + "\n";
const yaml = (value, indent = "") => {
  if (Array.isArray(value)) return value.map((item) => `${indent}- ${yaml(item, indent + "  ").trimStart()}`).join("");
  if (value !== null && typeof value === "object") {
    return Object.entries(value)
      .map(([key, v]) => (v !== null && typeof v === "object" ? `${indent}${key}:\n${yaml(v, indent + "  ")}` : `${indent}${key}: ${JSON.stringify(v)}\n`))
      .join("");
  }
  return `${JSON.stringify(value)}\n`;
};

const delegation = (bucket, account = OWNER) => ({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "DelegateToMrap",
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: ["s3:GetObject", "s3:PutObject"],
      Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
      Condition: { StringEquals: { "s3:DataAccessPointAccount": account } },
    },
  ],
});

const MANIFESTS = Math.round(TOTAL / 10);
const TEAMS = Math.max(1, Math.round(MANIFESTS / 10));
let changed;
let changedManifest;
let manifests = 0;
for (let i = 0; i < MANIFESTS; i++) {
  const team = `teams/t${String(i % TEAMS).padStart(3, "0")}`;
  const name = `svc${i}-global`;
  const mrapAlias = alias();
  const regions = [...REGIONS].sort(() => random() - 0.5).slice(0, 2 + Math.floor(random() * 2));
  const entries = regions.map((region, r) => {
    const bucket = `svc${i}-${region}`;
    const cross = r === 1 && i % 3 === 0;
    const policy = `../policies/${bucket}.bucket.json`;
    write(join(team, "policies", `${bucket}.bucket.json`), json(delegation(bucket)));
    if (i === 0 && cross) {
      changed = join(team, "policies", `${bucket}.bucket.json`);
      // The change the hook must catch: the cross-account bucket no longer delegates to the MRAP.
      write(changed, json({ Version: "2012-10-17", Statement: [{ Sid: "ListOnly", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${OWNER}:role/app` }, Action: "s3:ListBucket", Resource: `arn:aws:s3:::${bucket}` }] }));
      files.pop();
    }
    return { Bucket: bucket, Region: region, ...(cross ? { BucketAccountId: OTHER } : {}), BucketPolicy: policy };
  });
  write(
    join(team, "policies", `${name}.mrap-policy.json`),
    json({ Version: "2012-10-17", Statement: [{ Sid: "App", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${OWNER}:role/app` }, Action: ["s3:GetObject", "s3:PutObject"], Resource: `arn:aws:s3::${OWNER}:accesspoint/${mrapAlias}/object/*` }] }),
  );
  const manifest = {
    AccountId: OWNER,
    MultiRegionAccessPoint: {
      Name: name,
      Alias: mrapAlias,
      PublicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
      Regions: entries,
      Policy: `../policies/${name}.mrap-policy.json`,
    },
  };
  const rel = join(team, "mrap", i % 2 === 0 ? `${name}.mrap.yaml` : `${name}.mrap.json`);
  write(rel, i % 2 === 0 ? yaml(manifest) : json(manifest));
  if (i === 0) changedManifest = rel;
  manifests++;
}
if (!changed) throw new Error("no cross-account bucket was generated for the first manifest");

// The rest: standalone policies and unrelated JSON/YAML (some of which name policy files without referencing them).
let k = 0;
while (files.length < TOTAL) {
  const team = `teams/t${String(k % TEAMS).padStart(3, "0")}`;
  if (k % 2 === 0) {
    const bucket = `standalone-${k}`;
    write(join(team, "standalone", `${bucket}.bucket.json`), json(delegation(bucket)));
  } else if (k % 4 === 1) {
    write(join(team, "deploy", `app-${k}.yaml`), yaml({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: `app-${k}` }, spec: { replicas: 2, policies: [`policies/svc${k % MANIFESTS}-us-east-1.bucket.json`] } }));
  } else {
    write(join(team, "config", `settings-${k}.json`), json({ name: `settings-${k}`, retries: k % 5, tags: ["orders", "billing"], owner: OWNER }));
  }
  k++;
}

function run(args) {
  return spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
}

// Check that each command lints what it should before timing it.
const inMode = run(["lint", "--changed", "--format", "json", changed]);
const results = JSON.parse(inMode.stdout);
const delegationFinding = results.find((r) => r.filePath === changed)?.messages.some((m) => m.ruleId === "mrap/bucket-delegation");
const alone = run(["lint", "--format", "json", changed]);
const aloneFinding = JSON.parse(alone.stdout).some((r) => r.messages.some((m) => m.ruleId === "mrap/bucket-delegation"));
const whole = run(["lint", "--format", "json", "."]);
const wholeResults = JSON.parse(whole.stdout);
const wholeFiles = wholeResults.length;
const elsewhere = wholeResults.filter((r) => r.filePath !== changed && r.messages.length > 0).map((r) => `${r.filePath}: ${r.messages[0].ruleId}`);
const problems = [];
if (inMode.status !== 1 || !delegationFinding) problems.push(`--changed: exit ${inMode.status}, mrap/bucket-delegation on ${changed}: ${Boolean(delegationFinding)}`);
if (JSON.stringify(results.map((r) => r.filePath)) !== JSON.stringify([changedManifest, changed].sort())) problems.push(`--changed listed ${results.map((r) => r.filePath).join(", ")}`);
if (alone.status !== 0 || aloneFinding) problems.push(`alone: exit ${alone.status}, mrap/bucket-delegation: ${aloneFinding}`);
if (whole.status !== 1) problems.push(`lint .: exit ${whole.status}: ${whole.stderr}`);
// The tree is clean but for the planted change.
if (elsewhere.length > 0) problems.push(`lint . found problems outside the changed file (${elsewhere.length} files), e.g. ${elsewhere.slice(0, 3).join("; ")}`);

const commands = [
  { label: "lint --changed <bucket policy>", args: ["lint", "--changed", changed] },
  { label: "lint <bucket policy> (alone)", args: ["lint", changed] },
  { label: "lint . (whole tree)", args: ["lint", "."] },
];
const times = commands.map(() => []);
for (const command of commands) spawnSync(process.execPath, [bin, ...command.args], { cwd: dir, stdio: "ignore" });
for (let r = 0; r < RUNS; r++) {
  // Rotated, so drift on the machine spreads over every command.
  for (let c = 0; c < commands.length; c++) {
    const i = (c + r) % commands.length;
    const start = process.hrtime.bigint();
    spawnSync(process.execPath, [bin, ...commands[i].args], { cwd: dir, stdio: "ignore" });
    times[i].push(Number(process.hrtime.bigint() - start) / 1e6);
  }
}

const stats = (list) => {
  const sorted = [...list].sort((a, b) => a - b);
  return { min: sorted[0], median: sorted[Math.floor(sorted.length / 2)], max: sorted[sorted.length - 1] };
};
console.log(`${files.length} files (${manifests} manifests, ${wholeFiles} linted by lint .), node ${process.version}, ${RUNS} runs each, wall ms:`);
console.log(`${"command".padEnd(34)} ${"min".padStart(8)} ${"median".padStart(8)} ${"max".padStart(8)}`);
commands.forEach((command, i) => {
  const s = stats(times[i]);
  console.log(`${command.label.padEnd(34)} ${s.min.toFixed(0).padStart(8)} ${s.median.toFixed(0).padStart(8)} ${s.max.toFixed(0).padStart(8)}`);
});
if (values.keep) console.log(`tree kept in ${dir}; changed file: ${changed}`);
else rmSync(dir, { recursive: true, force: true });
if (problems.length > 0) {
  console.error(`the lint is wrong, so these times are not of a real lint:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
