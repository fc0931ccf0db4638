/**
 * Hostile input sweep (issue 12, item 8 and its "done when"): no input under the size limit takes more than
 * 5 s or 500 MB. Every case is generated here to just under MAX_FILE_BYTES (JSON and YAML where it applies),
 * linted by the installed CLI in a child process (sweep-child.cjs), and bounded in the process's wall time and
 * peak RSS; the output contract is checked with checkRun. Each case's numbers are printed as a diagnostic.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, describe, it, type TestContext } from "node:test";
import { stringify as toYaml } from "yaml";
import { MAX_DEPTH, MAX_FILE_BYTES } from "../../src/document/limits.js";
import type { LintResult as JsonFileResult } from "../../src/engine/types.js";
import { project } from "../helpers/project.js";
import { checkRun } from "./support.js";

const CHILD = fileURLToPath(new URL("./sweep-child.cjs", import.meta.url));
const BOUND_MS = 5_000;
const BOUND_RSS_MB = 500;
/** Every generated file lands between TARGET and MAX_FILE_BYTES. */
const TARGET = MAX_FILE_BYTES - 16 * 1024;

const ACCOUNT = "111122223333";
const MRAP_ARN = `arn:aws:s3::${ACCOUNT}:accesspoint/mfzwi23gnjvgw.mrap`;
const BUCKET_ARN = "arn:aws:s3:::orders-use1";
const ROLE = `arn:aws:iam::${ACCOUNT}:role/orders-app`;

type Format = "json" | "yaml";
type Doc = Record<string, unknown>;

const serialize = (doc: unknown, format: Format): string => (format === "json" ? JSON.stringify(doc, null, 2) + "\n" : toYaml(doc, { lineWidth: 0 }));
const bytes = (text: string) => Buffer.byteLength(text);

function assertNearCap(text: string): string {
  const size = bytes(text);
  assert.ok(size < MAX_FILE_BYTES, `generated ${size} bytes, over the cap`);
  assert.ok(size > MAX_FILE_BYTES * 0.9, `generated only ${size} bytes`);
  return text;
}

/** `make(filler)` serialized with the filler (`unit` repeated) as long as fits under TARGET. */
function fillString(make: (filler: string) => unknown, format: Format, unit = "a"): string {
  const base = bytes(serialize(make(""), format));
  let n = Math.floor((TARGET - base) / bytes(unit));
  let text = serialize(make(unit.repeat(n)), format);
  // YAML may quote or escape; shrink until it fits.
  while (bytes(text) >= MAX_FILE_BYTES) {
    n = Math.floor(n * 0.95);
    text = serialize(make(unit.repeat(n)), format);
  }
  return assertNearCap(text);
}

/** `make(count)` serialized with the largest count that fits under TARGET (at least `min`). */
function fillCount(make: (count: number) => unknown, format: Format, min = 1): { text: string; count: number } {
  const one = bytes(serialize(make(min), format));
  const two = bytes(serialize(make(min * 2), format));
  const per = Math.max(1, (two - one) / min);
  let count = Math.max(min, Math.floor(min + (TARGET - one) / per));
  let text = serialize(make(count), format);
  while (bytes(text) >= MAX_FILE_BYTES) {
    count = Math.floor(count * 0.97);
    text = serialize(make(count), format);
  }
  return { text: assertNearCap(text), count };
}

interface Measured {
  code: number | null;
  stdout: string;
  stderr: string;
  lintMs: number;
  wallMs: number;
  rssMb: number;
}

let runs = 0;

/** The CLI in a child process: its wall time (as the child measures it, and as seen from here) and its peak RSS. */
function measure(args: readonly string[], cwd: string): Measured {
  // In the project's .git, which directory walks skip and project() removes.
  const stats = join(cwd, ".git", `sweep-stats-${runs++}.json`);
  const env: NodeJS.ProcessEnv = { PATH: process.env["PATH"], HOME: process.env["HOME"], TMPDIR: process.env["TMPDIR"], SWEEP_STATS: stats };
  const started = performance.now();
  // A heap cap above the bound, so a runaway fails fast instead of taking the machine's memory.
  const run = spawnSync(process.execPath, ["--max-old-space-size=1024", CHILD, ...args], {
    cwd,
    encoding: "utf8",
    timeout: 60_000,
    killSignal: "SIGKILL",
    maxBuffer: 512 * 1024 * 1024,
    env,
  });
  const wallMs = performance.now() - started;
  assert.equal(run.error, undefined, `the run ended (${String(run.error)})`);
  assert.equal(run.signal, null, `the run was killed by ${run.signal}; stderr: ${run.stderr.slice(0, 2000)}`);
  const { lintMs, maxRssKb } = JSON.parse(readFileSync(stats, "utf8")) as { lintMs: number; maxRssKb: number };
  return { code: run.status, stdout: run.stdout, stderr: run.stderr, lintMs, wallMs, rssMb: maxRssKb / 1024 };
}

/** Asserts the bounds and prints the numbers. */
function bounded(t: TestContext, m: Measured, note = ""): void {
  t.diagnostic(`main ${Math.round(m.lintMs)} ms, process ${Math.round(m.wallMs)} ms, peak RSS ${Math.round(m.rssMb)} MB, exit ${m.code}, stdout ${m.stdout.length} chars${note ? `, ${note}` : ""}`);
  assert.ok(m.lintMs >= 0, `the CLI never finished (exit ${m.code}); stderr: ${m.stderr.slice(0, 2000)}`);
  assert.ok(m.lintMs < BOUND_MS, `took ${Math.round(m.lintMs)} ms`);
  assert.ok(m.rssMb < BOUND_RSS_MB, `peak RSS ${Math.round(m.rssMb)} MB`);
}

/** checkRun wants every finding in the output (by default a file shows at most 1,000 and counts them all). */
const ALL_FINDINGS = ["--max-findings-per-file", "999999999"];

const asRun = (m: Measured) => ({ code: m.code ?? -1, stdout: m.stdout, stderr: m.stderr });

/** Writes `files`, lints `linted` with `--format json` (plus `args`), and checks the bounds and the contract. */
async function sweep(t: TestContext, files: Record<string, string>, linted: string[], args: string[] = []): Promise<JsonFileResult[]> {
  const dir = await project(files);
  const m = measure(["lint", "--format", "json", ...ALL_FINDINGS, ...args, ...linted], dir);
  const results = checkRun(asRun(m), { cwd: dir, linted });
  const messages = results.flatMap((r) => r.messages);
  bounded(t, m, `${messages.length} messages, ${Math.round(bytes(Object.values(files).join("")) / 1024)} KiB in`);
  return results;
}


// ---------------------------------------------------------------------------------------------------------
// Policies

const policy = (statements: unknown[], version: unknown = "2012-10-17"): Doc => ({ Version: version, Statement: statements });

/** The policy kind each format is linted as: the JSON file as an MRAP policy, the YAML one as a bucket policy. */
const KIND: Record<Format, { kind: string; resource: string; file: string }> = {
  json: { kind: "mrap-policy", resource: `${MRAP_ARN}/object/*`, file: "p.mrap-policy.json" },
  yaml: { kind: "bucket-policy", resource: `${BUCKET_ARN}/*`, file: "p.bucket-policy.yaml" },
};

function statementFor(format: Format, extra: Doc = {}): Doc {
  return { Sid: "Read", Effect: "Allow", Principal: { AWS: ROLE }, Action: "s3:GetObject", Resource: KIND[format].resource, ...extra };
}

/** One long-string field per case: what the filler goes into. */
const POLICY_FIELDS: Record<string, (s: string, format: Format) => Doc> = {
  Sid: (s, f) => policy([statementFor(f, { Sid: `S${s}` })]),
  Effect: (s, f) => policy([statementFor(f, { Effect: `Allow${s}` })]),
  "Principal (string)": (s, f) => policy([statementFor(f, { Principal: `*${s}` })]),
  "Principal.AWS": (s, f) => policy([statementFor(f, { Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/${s}` } })]),
  "Principal.AWS (account id)": (s, f) => policy([statementFor(f, { Principal: { AWS: `1${s.replace(/a/g, "1")}` } })]),
  "Principal.Service": (s, f) => policy([statementFor(f, { Principal: { Service: `${s}.amazonaws.com` } })]),
  "Principal.Federated": (s, f) => policy([statementFor(f, { Principal: { Federated: `arn:aws:iam::${ACCOUNT}:saml-provider/${s}` } })]),
  "Principal.CanonicalUser": (s, f) => policy([statementFor(f, { Principal: { CanonicalUser: s.replace(/a/g, "f") } })]),
  "Principal (key)": (s, f) => policy([statementFor(f, { Principal: { [`AWS${s}`]: ROLE } })]),
  NotPrincipal: (s, f) => policy([statementFor(f, { Effect: "Deny", Principal: undefined, NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:user/${s}` } })]),
  Action: (s, f) => policy([statementFor(f, { Action: `s3:Get${s}` })]),
  "Action (wildcards)": (s, f) => policy([statementFor(f, { Action: `s3:${s.replace(/aa/g, "*?")}` })]),
  NotAction: (s, f) => policy([statementFor(f, { Action: undefined, NotAction: `s3:Put${s}`, Effect: "Deny" })]),
  Resource: (s, f) => policy([statementFor(f, { Resource: `${KIND[f].resource}${s}` })]),
  "Resource (wildcards)": (s, f) => policy([statementFor(f, { Resource: `${KIND[f].resource.slice(0, -1)}${s.replace(/aa/g, "*?")}` })]),
  NotResource: (s, f) => policy([statementFor(f, { Resource: undefined, NotResource: `${KIND[f].resource}${s}`, Effect: "Deny" })]),
  "condition operator": (s, f) => policy([statementFor(f, { Condition: { [`ForAnyValue:StringEquals${s}IfExists`]: { "aws:PrincipalOrgID": "o-abc" } } })]),
  "condition key": (s, f) => policy([statementFor(f, { Condition: { StringEquals: { [`aws:PrincipalTag/${s}`]: "x" } } })]),
  "condition key (service)": (s, f) => policy([statementFor(f, { Condition: { StringEquals: { [`s3:${s}`]: "x" } } })]),
  "condition value (string)": (s, f) => policy([statementFor(f, { Condition: { StringLike: { "aws:PrincipalOrgID": `o-${s.replace(/aa/g, "*?")}` } } })]),
  "condition value (IP)": (s, f) => policy([statementFor(f, { Condition: { IpAddress: { "aws:SourceIp": `10.0.0.${s.replace(/a/g, "1")}/24` } } })]),
  "condition value (IPv6)": (s, f) => policy([statementFor(f, { Condition: { NotIpAddress: { "aws:SourceIp": `2001:db8::${s.replace(/a/g, "f:")}/64` } } })]),
  "condition value (ARN)": (s, f) => policy([statementFor(f, { Condition: { ArnLike: { "aws:SourceArn": `arn:aws:s3:::${s.replace(/aa/g, "*:")}` } } })]),
  "condition value (date)": (s, f) => policy([statementFor(f, { Condition: { DateGreaterThan: { "aws:CurrentTime": `2024-01-01T00:00:00${s.replace(/a/g, "0")}Z` } } })]),
  "condition value (number)": (s, f) => policy([statementFor(f, { Condition: { NumericLessThan: { "s3:max-keys": `1${s.replace(/a/g, "9")}` } } })]),
  "condition value (bool)": (s, f) => policy([statementFor(f, { Condition: { Bool: { "aws:SecureTransport": `true${s}` } } })]),
  "condition value (Null)": (s, f) => policy([statementFor(f, { Condition: { Null: { "aws:PrincipalOrgID": `false${s}` } } })]),
  Version: (s, f) => policy([statementFor(f)], `2012-10-17${s}`),
  "Id and unknown key": (s, f) => ({ ...policy([statementFor(f)]), Id: s, [`X${s.slice(0, 100_000)}`]: 1 }),
};

/** Every field long at once: the filler split evenly between them. */
function allPolicyFields(s: string, f: Format): Doc {
  const names = Object.keys(POLICY_FIELDS);
  const part = s.slice(0, Math.floor(s.length / names.length));
  const statements = names.map((name) => (POLICY_FIELDS[name]!(part, f)["Statement"] as Doc[])[0]!);
  return policy(statements, `2012-10-17${part}`);
}

describe("long strings in every field a policy rule reads", { timeout: 600_000 }, () => {
  for (const format of ["json", "yaml"] as const) {
    for (const [field, make] of Object.entries(POLICY_FIELDS)) {
      it(`${format}: a ~2 MiB ${field}`, async (t) => {
        const text = fillString((s) => make(s, format), format);
        await sweep(t, { [KIND[format].file]: text }, [KIND[format].file], ["--kind", KIND[format].kind]);
      });
    }
    it(`${format}: every field long at once`, async (t) => {
      const text = fillString((s) => allPolicyFields(s, format), format);
      await sweep(t, { [KIND[format].file]: text }, [KIND[format].file], ["--kind", KIND[format].kind]);
    });
  }

  it("json: a ~2 MiB field in an access point policy", async (t) => {
    const resource = `arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/orders-ap/object/*`;
    const text = fillString((s) => policy([{ Sid: s.slice(0, 1000), Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/${s}` }, Action: "s3:GetObject", Resource: resource }]), "json");
    await sweep(t, { "ap.json": text }, ["ap.json"], ["--kind", "access-point-policy"]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Manifests

const SMALL_POLICY = JSON.stringify(policy([{ Effect: "Allow", Principal: { AWS: ROLE }, Action: "s3:GetObject", Resource: `${MRAP_ARN}/object/*` }]));
const SMALL_BUCKET_POLICY = JSON.stringify(policy([{ Effect: "Allow", Principal: { AWS: ROLE }, Action: "s3:GetObject", Resource: `${BUCKET_ARN}/*` }]));
const AP_POLICY = JSON.stringify(policy([{ Effect: "Allow", Principal: { AWS: ROLE }, Action: "s3:GetObject", Resource: `arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/orders-ap/object/*` }]));
const REFERENCED = { "policies/mrap.json": SMALL_POLICY, "policies/use1.json": SMALL_BUCKET_POLICY, "policies/ap.json": AP_POLICY };

interface ManifestParts {
  AccountId?: string;
  Name?: string;
  Alias?: string;
  Region?: string;
  Bucket?: string;
  BucketAccountId?: string;
  pabKey?: string;
  Policy?: unknown;
  BucketPolicy?: unknown;
  ap?: Doc;
  routeRegion?: string;
}

function manifestDoc(p: ManifestParts = {}): Doc {
  return {
    AccountId: p.AccountId ?? ACCOUNT,
    MultiRegionAccessPoint: {
      Name: p.Name ?? "orders-global",
      Alias: p.Alias ?? "mfzwi23gnjvgw.mrap",
      PublicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true, ...(p.pabKey ? { [p.pabKey]: true } : {}) },
      Regions: [
        { Bucket: p.Bucket ?? "orders-use1", Region: p.Region ?? "us-east-1", BucketAccountId: p.BucketAccountId ?? ACCOUNT, BucketPolicy: p.BucketPolicy ?? "./policies/use1.json" },
        { Bucket: "orders-euw1", Region: "eu-west-1" },
      ],
      Policy: p.Policy ?? "./policies/mrap.json",
      Routes: [
        { Region: p.routeRegion ?? "us-east-1", TrafficDialPercentage: 100 },
        { Region: "eu-west-1", TrafficDialPercentage: 0 },
      ],
    },
    AccessPoints: [{ Name: "orders-ap", Region: "us-east-1", Bucket: "orders-use1", AccountId: ACCOUNT, Policy: "./policies/ap.json", ...p.ap }],
  };
}

const MANIFEST_FIELDS: Record<string, (s: string) => Doc> = {
  AccountId: (s) => manifestDoc({ AccountId: `1${s.replace(/a/g, "1")}` }),
  Name: (s) => manifestDoc({ Name: `orders-${s}` }),
  Alias: (s) => manifestDoc({ Alias: `${s}.mrap` }),
  Region: (s) => manifestDoc({ Region: `us-east-${s.replace(/a/g, "1")}` }),
  Bucket: (s) => manifestDoc({ Bucket: `orders-${s}` }),
  BucketAccountId: (s) => manifestDoc({ BucketAccountId: `2${s.replace(/a/g, "2")}` }),
  "PublicAccessBlock key": (s) => manifestDoc({ pabKey: `Block${s}` }),
  "Routes Region": (s) => manifestDoc({ routeRegion: `eu-${s}` }),
  "AccessPoints Name": (s) => manifestDoc({ ap: { Name: `ap-${s}` } }),
  "AccessPoints Region": (s) => manifestDoc({ ap: { Region: `us-${s}` } }),
  "AccessPoints Bucket": (s) => manifestDoc({ ap: { Bucket: `b-${s}` } }),
  "AccessPoints AccountId": (s) => manifestDoc({ ap: { AccountId: `3${s.replace(/a/g, "3")}` } }),
  "Policy path (one long name)": (s) => manifestDoc({ Policy: `./policies/${s}.json` }),
  "BucketPolicy path (../ repeated)": (s) => manifestDoc({ BucketPolicy: `${s.replace(/aaa/g, "../")}x.json` }),
  "AccessPoints Policy path (deep folders)": (s) => manifestDoc({ ap: { Policy: `./${s.replace(/aa/g, "d/")}p.json` } }),
  "Policy inline as a JSON string": (s) => manifestDoc({ Policy: JSON.stringify(policy([{ Sid: s, Effect: "Allow", Principal: { AWS: ROLE }, Action: "s3:GetObject", Resource: `${MRAP_ARN}/object/*` }])) }),
  "Policy inline as an object": (s) => manifestDoc({ Policy: policy([{ Sid: "A", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/${s}` }, Action: "s3:GetObject", Resource: `${MRAP_ARN}/object/*` }]) }),
};

function allManifestFields(s: string): Doc {
  const part = s.slice(0, Math.floor(s.length / 14));
  const n = part.replace(/a/g, "1");
  return manifestDoc({
    AccountId: n,
    Name: part,
    Alias: part,
    Region: part,
    Bucket: part,
    BucketAccountId: n,
    pabKey: part,
    routeRegion: part,
    Policy: `./${part}.json`,
    BucketPolicy: `${part.replace(/aaa/g, "../")}x.json`,
    ap: { Name: part, Region: part, Bucket: part, AccountId: n, Policy: `./${part.replace(/aa/g, "d/")}p.json` },
  });
}

describe("long strings in every manifest field", { timeout: 600_000 }, () => {
  for (const format of ["json", "yaml"] as const) {
    const file = `m.mrap.${format}`;
    for (const [field, make] of Object.entries(MANIFEST_FIELDS)) {
      it(`${format}: a ~2 MiB ${field}`, async (t) => {
        await sweep(t, { ...REFERENCED, [file]: fillString(make, format) }, [file]);
      });
    }
    it(`${format}: every field long at once`, async (t) => {
      await sweep(t, { ...REFERENCED, [file]: fillString(allManifestFields, format) }, [file]);
    });
  }
});

// ---------------------------------------------------------------------------------------------------------
// Many things

describe("many statements, actions, resources, keys and values", { timeout: 600_000 }, () => {
  for (const format of ["json", "yaml"] as const) {
    const { kind, resource, file } = KIND[format];

    it(`${format}: ≥10,000 small statements, each its own resource`, async (t) => {
      const { text, count } = fillCount((n) => policy(Array.from({ length: n }, (_, i) => ({ Effect: "Allow", Principal: { AWS: ROLE }, Action: "s3:GetObject", Resource: `${resource.slice(0, -1)}p${i}/*` }))), format, 10_000);
      t.diagnostic(`${count} statements`);
      await sweep(t, { [file]: text }, [file], ["--kind", kind]);
    });

    it(`${format}: 3,000 statements with the same Effect, Principal and Condition`, async (t) => {
      const condition = { StringEquals: { "aws:PrincipalOrgID": "o-abc123" }, IpAddress: { "aws:SourceIp": ["10.0.0.0/8", "192.0.2.0/24"] } };
      const pad = "x".repeat(400);
      const { text, count } = fillCount(
        (n) => policy(Array.from({ length: n }, (_, i) => ({ Sid: `S${i}${pad}`, Effect: "Allow", Principal: { AWS: ROLE }, Action: ["s3:GetObject", "s3:PutObject"], Resource: `${resource.slice(0, -1)}p${i}/*`, Condition: condition }))),
        format,
        3_000,
      );
      t.diagnostic(`${count} statements`);
      await sweep(t, { [file]: text }, [file], ["--kind", kind]);
    });

    it(`${format}: ≥50,000 actions in one statement (unknown ones, with suggestions to find)`, async (t) => {
      const { text, count } = fillCount((n) => policy([statementFor(format, { Action: Array.from({ length: n }, (_, i) => `s3:GetObjec${i}`) })]), format, 50_000);
      t.diagnostic(`${count} actions`);
      await sweep(t, { [file]: text }, [file], ["--kind", kind]);
    });

    it(`${format}: ≥50,000 wildcard actions in one statement`, async (t) => {
      const { text, count } = fillCount((n) => policy([statementFor(format, { Action: Array.from({ length: n }, (_, i) => `s3:*${i}*?`) })]), format, 50_000);
      t.diagnostic(`${count} actions`);
      await sweep(t, { [file]: text }, [file], ["--kind", kind]);
    });

    it(`${format}: many resources in one statement`, async (t) => {
      const { text, count } = fillCount((n) => policy([statementFor(format, { Resource: Array.from({ length: n }, (_, i) => `${resource.slice(0, -1)}${i}*`) })]), format, 10_000);
      t.diagnostic(`${count} resources`);
      await sweep(t, { [file]: text }, [file], ["--kind", kind]);
    });

    it(`${format}: many condition keys under one operator`, async (t) => {
      const { text, count } = fillCount((n) => policy([statementFor(format, { Condition: { StringEquals: Object.fromEntries(Array.from({ length: n }, (_, i) => [`aws:PrincipalTag/k${i}`, `v${i}`])) } })]), format, 10_000);
      t.diagnostic(`${count} keys`);
      await sweep(t, { [file]: text }, [file], ["--kind", kind]);
    });

    it(`${format}: many condition operators, each with unknown keys`, async (t) => {
      const ops = ["StringEquals", "StringLike", "ArnLike", "NumericLessThan", "DateGreaterThan", "Bool", "IpAddress", "Null"];
      const { text, count } = fillCount(
        (n) => policy([statementFor(format, { Condition: Object.fromEntries(Array.from({ length: n }, (_, i) => [`ForAnyValue:${ops[i % ops.length]}${i % 3 === 0 ? "IfExists" : ""}${i >= ops.length ? `X${i}` : ""}`, { [`s3:key${i}`]: "1" }])) })]),
        format,
        5_000,
      );
      t.diagnostic(`${count} operators`);
      await sweep(t, { [file]: text }, [file], ["--kind", kind]);
    });

    it(`${format}: many IP addresses as one key's values`, async (t) => {
      const { text, count } = fillCount((n) => policy([statementFor(format, { Condition: { IpAddress: { "aws:SourceIp": Array.from({ length: n }, (_, i) => `${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}.0/${i % 33}`) } } })]), format, 10_000);
      t.diagnostic(`${count} values`);
      await sweep(t, { [file]: text }, [file], ["--kind", kind]);
    });

    it(`${format}: many ARN, date and number values`, async (t) => {
      const { text, count } = fillCount(
        (n) =>
          policy([
            statementFor(format, {
              Condition: {
                ArnLike: { "aws:SourceArn": Array.from({ length: n }, (_, i) => `arn:aws:s3:::b${i}*`) },
                DateLessThan: { "aws:CurrentTime": Array.from({ length: n }, (_, i) => `20${String(i % 100).padStart(2, "0")}-01-01T00:00:00Z`) },
                NumericEquals: { "s3:max-keys": Array.from({ length: n }, (_, i) => String(i)) },
              },
            }),
          ]),
        format,
        5_000,
      );
      t.diagnostic(`${count} values of each`);
      await sweep(t, { [file]: text }, [file], ["--kind", kind]);
    });
  }

  it("yaml: a manifest with ≥10,000 Regions, Routes and AccessPoints", async (t) => {
    const { text, count } = fillCount((n) => {
      const doc = manifestDoc();
      const mrap = doc["MultiRegionAccessPoint"] as Doc;
      mrap["Regions"] = Array.from({ length: n }, (_, i) => ({ Bucket: `orders-${i}`, Region: i % 2 ? "us-east-1" : `eu-west-${i}`, BucketAccountId: ACCOUNT }));
      mrap["Routes"] = Array.from({ length: n }, (_, i) => ({ Bucket: `orders-${i}`, TrafficDialPercentage: i % 101 }));
      doc["AccessPoints"] = Array.from({ length: n }, (_, i) => ({ Name: `ap-${i}`, Region: "us-east-1", Bucket: `orders-${i}`, AccountId: ACCOUNT, Policy: "./policies/ap.json" }));
      return doc;
    }, "yaml", 5_000);
    t.diagnostic(`${count} of each`);
    await sweep(t, { ...REFERENCED, "m.mrap.yaml": text }, ["m.mrap.yaml"]);
  });

  it("json: a manifest whose Regions all name the same bucket and Region (duplicates)", async (t) => {
    const { text, count } = fillCount((n) => {
      const doc = manifestDoc();
      (doc["MultiRegionAccessPoint"] as Doc)["Regions"] = Array.from({ length: n }, () => ({ Bucket: "orders-use1", Region: "us-east-1", BucketPolicy: "./policies/use1.json" }));
      return doc;
    }, "json", 5_000);
    t.diagnostic(`${count} Regions`);
    await sweep(t, { ...REFERENCED, "m.mrap.json": text }, ["m.mrap.json"]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Nesting

/** A value nested in `levels` arrays. */
const nest = (levels: number, leaf: unknown): unknown => {
  let value = leaf;
  for (let i = 0; i < levels; i++) value = [value];
  return value;
};

// ---------------------------------------------------------------------------------------------------------
// Templates (measured before their fixes, 2026-12-03: 8.0 s for the many MRAPs, 40.5 s for the many references)

describe("CloudFormation templates near the size limit", { timeout: 600_000 }, () => {
  for (const format of ["json", "yaml"] as const) {
    it(`${format}: a template of as many MRAPs as fit, each with a bucket policy and a Ref to nothing`, async (t) => {
      const { text, count } = fillCount((n) => {
        const resources: Doc = {};
        for (let i = 0; i < n; i++) {
          resources[`M${i}`] = { Type: "AWS::S3::MultiRegionAccessPoint", Properties: { Name: `orders-${i}`, Regions: [{ Bucket: { Ref: `Nope${i}` } }, { Bucket: `orders-${i}` }] } };
          resources[`P${i}`] = { Type: "AWS::S3::BucketPolicy", Properties: { Bucket: `orders-${i}`, PolicyDocument: policy([{ Effect: "Allow", Principal: "*", Action: "s3:GetObjekt", Resource: `arn:aws:s3:::orders-${i}/*` }]) } };
        }
        return { Resources: resources };
      }, format, 100);
      t.diagnostic(`${count} MRAPs`);
      await sweep(t, { [`t.template.${format}`]: text }, [`t.template.${format}`]);
    });

    it(`${format}: an MRAP policy of thousands of Refs to nothing, among thousands of other resources`, async (t) => {
      const { text, count } = fillCount((n) => {
        const resources: Doc = {
          M: { Type: "AWS::S3::MultiRegionAccessPoint", Properties: { Name: "orders-global", Regions: [{ Bucket: "orders-use1" }] } },
          P: { Type: "AWS::S3::MultiRegionAccessPointPolicy", Properties: { MrapName: "orders-global", Policy: policy([{ Effect: "Allow", Principal: "*", Action: Array.from({ length: n }, (_, i) => ({ Ref: `Missing${i}` })), Resource: "*" }]) } },
        };
        for (let i = 0; i < n; i++) resources[`Topic${i}`] = { Type: "AWS::SNS::Topic" };
        return { Resources: resources };
      }, format, 1_000);
      t.diagnostic(`${count} references and topics`);
      await sweep(t, { [`t.template.${format}`]: text }, [`t.template.${format}`]);
    });
  }
});

describe("Terraform plan JSON near the size limit", { timeout: 600_000 }, () => {
  it("json: a plan of as many MRAPs as fit, each with a bucket policy", async (t) => {
    const { text, count } = fillCount(
      (n) => ({
        format_version: "1.2",
        resource_changes: Array.from({ length: n }, (_, i) => [
          { address: `aws_s3control_multi_region_access_point.m${i}`, type: "aws_s3control_multi_region_access_point", change: { actions: ["create"], after: { details: [{ name: `orders-${i}`, region: [{ bucket: `orders-${i}` }] }] }, after_unknown: { details: [{ region: [{ region: true }] }] } } },
          { address: `aws_s3_bucket_policy.p${i}`, type: "aws_s3_bucket_policy", change: { actions: ["create"], after: { bucket: `orders-${i}`, policy: JSON.stringify(policy([{ Effect: "Allow", Principal: "*", Action: "s3:GetObjekt", Resource: `arn:aws:s3:::orders-${i}/*` }])) }, after_unknown: {} } },
        ]).flat(),
      }),
      "json",
      100,
    );
    t.diagnostic(`${count} MRAPs`);
    await sweep(t, { "plan.tfplan.json": text }, ["plan.tfplan.json"]);
  });
});

describe("deep nesting up to and beyond the depth limit", { timeout: 600_000 }, () => {
  // root (1) > Statement (2) > statement (3) > Condition (4) > operator (5) > the value's arrays.
  const AT_LIMIT = MAX_DEPTH - 5;
  for (const format of ["json", "yaml"] as const) {
    const { kind, file } = KIND[format];

    // YAML counts one level more than JSON for the same document (measured: 59 nested arrays here are tooDeep in YAML, not in JSON).
    it(`${format}: statements whose condition values sit at the depth limit, filling the cap`, async (t) => {
      const { text, count } = fillCount((n) => policy(Array.from({ length: n }, (_, i) => statementFor(format, { Sid: `S${i}`, Condition: { StringEquals: { "aws:PrincipalOrgID": nest(format === "yaml" ? AT_LIMIT - 1 : AT_LIMIT, `o-${i}`) } } }))), format, 100);
      t.diagnostic(`${count} statements`);
      const results = await sweep(t, { [file]: text }, [file], ["--kind", kind]);
      const ids = results.flatMap((r) => r.messages.map((m) => `${m.ruleId}/${m.messageId}`));
      assert.ok(!ids.includes("core/parse-error/tooDeep"), "at the limit is not too deep");
    });

    it(`${format}: a ~2 MiB policy with one value at depth ${MAX_DEPTH + 1} at its end: one tooDeep finding`, async (t) => {
      const { text } = fillCount(
        (n) => policy([...Array.from({ length: n }, (_, i) => statementFor(format, { Sid: `S${i}` })), statementFor(format, { Condition: { StringEquals: { "aws:PrincipalOrgID": nest(AT_LIMIT + 1, "o-x") } } })]),
        format,
        100,
      );
      const results = await sweep(t, { [file]: text }, [file], ["--kind", kind]);
      assert.deepEqual(
        results.flatMap((r) => r.messages.map((m) => `${m.ruleId}/${m.messageId}`)),
        ["core/parse-error/tooDeep"],
      );
    });
  }

  it("json: 2 MiB of '[' (unclosed)", async (t) => {
    await sweep(t, { "deep.mrap.json": "[".repeat(TARGET) }, ["deep.mrap.json"]);
  });

  it("json: 1 MiB of '{\"a\":' then the closing braces, as a policy", async (t) => {
    const n = Math.floor(TARGET / 6);
    await sweep(t, { "deep.json": '{"a":'.repeat(n) + "1" + "}".repeat(n) }, ["deep.json"], ["--kind", "bucket-policy"]);
  });

  it("yaml: 2 MiB of flow '[' and ']'", async (t) => {
    const n = Math.floor(TARGET / 2);
    await sweep(t, { "deep.mrap.yaml": "[".repeat(n) + "]".repeat(n) + "\n" }, ["deep.mrap.yaml"]);
  });

  it("yaml: 2 MiB of '- ' on one line", async (t) => {
    await sweep(t, { "dashes.mrap.yaml": "- ".repeat(Math.floor(TARGET / 2)) + "x\n" }, ["dashes.mrap.yaml"]);
  });

  it("yaml: a block mapping nested ~2,000 deep by indentation (~2 MiB)", async (t) => {
    const lines: string[] = [];
    let size = 0;
    for (let i = 0; size < TARGET - 4096; i++) {
      const line = " ".repeat(i) + "k:";
      lines.push(line);
      size += line.length + 1;
    }
    t.diagnostic(`${lines.length} levels`);
    await sweep(t, { "indent.mrap.yaml": assertNearCap(lines.join("\n") + " 1\n") }, ["indent.mrap.yaml"]);
  });

  it("yaml: block mappings nested to the limit, repeated to fill the cap", async (t) => {
    const block = Array.from({ length: MAX_DEPTH - 1 }, (_, i) => " ".repeat(i + 2) + `k${i}:`).join("\n") + " 1\n";
    const count = Math.floor((TARGET - 100) / (block.length + 12));
    const text = Array.from({ length: count }, (_, i) => `  top${i}:\n${block}`).join("");
    t.diagnostic(`${count} blocks`);
    await sweep(t, { "wide.mrap.yaml": assertNearCap(`AccountId: "${ACCOUNT}"\nAccessPoints:\n${text}`) }, ["wide.mrap.yaml"]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Output formats

describe("every output format over a file with many findings", { timeout: 600_000 }, () => {
  /** One statement with ~50,000 unknown actions: a finding each. */
  const text = () => fillCount((n) => policy([statementFor("json", { Action: Array.from({ length: n }, (_, i) => `s3:GetObjec${i}`) })]), "json", 50_000).text;

  for (const format of ["sarif", "junit", "github", "stylish"] as const) {
    it(`--format ${format}: bounded, exit 1, output on stdout and nothing on stderr`, async (t) => {
      const dir = await project({ "p.mrap-policy.json": text() });
      const m = measure(["lint", "--kind", "mrap-policy", ...(format === "stylish" ? [] : ["--format", format]), "p.mrap-policy.json"], dir);
      bounded(t, m);
      assert.equal(m.code, 1, m.stderr);
      assert.equal(m.stderr, "");
      assert.ok(m.stdout.length > 0);
      if (format === "sarif") {
        const sarif = JSON.parse(m.stdout) as { runs: { results: unknown[] }[] };
        assert.ok(sarif.runs[0]!.results.length >= 1000, `${sarif.runs[0]!.results.length} results`);
      }
      if (format === "junit") assert.match(m.stdout, /^<\?xml[^]*<\/testsuites>\s*$/);
      if (format === "github") for (const line of m.stdout.trimEnd().split("\n")) assert.match(line, /^::(error|warning|notice) /);
      if (format === "stylish") assert.match(m.stdout, /p\.mrap-policy\.json/);
    });
  }
});

// ---------------------------------------------------------------------------------------------------------
// File names and special files

const BIG_POLICY = () => fillString((s) => policy([{ Sid: `S${s.slice(0, 200_000)}`, Effect: "Allow", Principal: { AWS: ROLE }, Action: "s3:GetObject", Condition: { StringEquals: { "aws:PrincipalTag/k": s.slice(200_000) } }, Resource: `${MRAP_ARN}/object/*` }]), "json");
const BIG_MANIFEST = (format: Format) => fillString((s) => manifestDoc({ Name: `orders-${s}`, Policy: "./policies/mrap.json" }), format);

describe("file names with glob characters", { timeout: 600_000 }, () => {
  const files = () => ({
    ...REFERENCED,
    "[a].mrap-policy.json": BIG_POLICY(),
    "a.mrap-policy.json": SMALL_POLICY,
    "{a,b}.mrap.json": BIG_MANIFEST("json"),
    "a.mrap.json": JSON.stringify(manifestDoc()),
    "b.mrap.json": JSON.stringify(manifestDoc()),
    "!x.mrap.json": BIG_MANIFEST("json"),
    "*.mrap.json": BIG_MANIFEST("json"),
    "?.mrap.yaml": BIG_MANIFEST("yaml"),
  });
  const special = ["[a].mrap-policy.json", "{a,b}.mrap.json", "!x.mrap.json", "*.mrap.json", "?.mrap.yaml"];

  it("named explicitly: each is linted as that file, and only that file", async (t) => {
    const results = await sweep(t, files(), special);
    assert.deepEqual(results.map((r) => r.filePath).sort(), [...special, "policies/ap.json", "policies/mrap.json", "policies/use1.json"].sort());
  });

  it("found by a directory walk: every file once", async (t) => {
    const all = files();
    const dir = await project(all);
    const m = measure(["lint", "--format", "json", ...ALL_FINDINGS, "."], dir);
    const results = checkRun(asRun(m), { cwd: dir, linted: Object.keys(all) });
    bounded(t, m);
    assert.deepEqual(results.map((r) => r.filePath).sort(), Object.keys(all).sort());
  });
});

describe("symlinks, FIFOs and directories named like policies", { timeout: 600_000 }, () => {
  async function specialProject(): Promise<string> {
    const outside = mkdtempSync(join(tmpdir(), "mrap-guard-sweep-outside-"));
    after(() => rmSync(outside, { recursive: true, force: true }));
    writeFileSync(join(outside, "secret.mrap-policy.json"), JSON.stringify(policy([{ Sid: "hunter2secret", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `${MRAP_ARN}/object/*` }])));
    const dir = await project({ ...REFERENCED, "ok.mrap-policy.json": BIG_POLICY(), "sub/inner.mrap.yaml": BIG_MANIFEST("yaml") });
    const fifo = (path: string) => assert.equal(spawnSync("mkfifo", [join(dir, path)]).status, 0, "mkfifo is available");
    symlinkSync("/dev/zero", join(dir, "zero.mrap-policy.json"));
    symlinkSync("/dev/urandom", join(dir, "random.mrap.yaml"));
    fifo("pipe.mrap-policy.json");
    symlinkSync("pipe.mrap-policy.json", join(dir, "to-pipe.mrap.json"));
    symlinkSync("sub", join(dir, "to-dir.mrap-policy.json"));
    mkdirSync(join(dir, "folder.mrap-policy.json"));
    writeFileSync(join(dir, "folder.mrap-policy.json", "in-folder.mrap-policy.json"), SMALL_POLICY);
    symlinkSync("loop-b.mrap.json", join(dir, "loop-a.mrap.json"));
    symlinkSync("loop-a.mrap.json", join(dir, "loop-b.mrap.json"));
    symlinkSync(join(outside, "secret.mrap-policy.json"), join(dir, "outside.mrap-policy.json"));
    symlinkSync(outside, join(dir, "outside-dir"));
    // A manifest that references each of them.
    writeFileSync(join(dir, "refs.mrap.json"), JSON.stringify({ ...manifestDoc({ Policy: "./zero.mrap-policy.json", BucketPolicy: "./pipe.mrap-policy.json", ap: { Policy: "./loop-a.mrap.json" } }) }));
    writeFileSync(join(dir, "refs2.mrap.json"), JSON.stringify({ ...manifestDoc({ Policy: "./folder.mrap-policy.json", BucketPolicy: "./outside.mrap-policy.json", ap: { Policy: "./to-pipe.mrap.json" } }) }));
    return dir;
  }

  // The special files are not read back by checkRun (it would block on the FIFO and never end on /dev/zero).
  const NOWHERE = "/nonexistent-mrap-guard-sweep";

  it("each named explicitly (all but the loop): findings, not a hang, and nothing from outside", async (t) => {
    const dir = await specialProject();
    const named = ["zero.mrap-policy.json", "random.mrap.yaml", "pipe.mrap-policy.json", "to-pipe.mrap.json", "outside.mrap-policy.json", "refs.mrap.json", "refs2.mrap.json", "ok.mrap-policy.json"];
    const m = measure(["lint", "--format", "json", ...ALL_FINDINGS, ...named, "to-dir.mrap-policy.json", "folder.mrap-policy.json"], dir);
    const results = checkRun(asRun(m), { cwd: NOWHERE, linted: named });
    bounded(t, m, `${results.flatMap((r) => r.messages).length} messages`);
    assert.doesNotMatch(m.stdout, /hunter2/);
    const outside = results.find((r) => r.filePath === "outside.mrap-policy.json")?.messages.map((msg) => `${msg.ruleId} ${msg.message}`);
    assert.deepEqual(outside, ["core/parse-error Cannot read the file: it resolves through a symlink to outside the project root."]);
    const files = results.map((r) => r.filePath);
    assert.ok(files.includes("folder.mrap-policy.json/in-folder.mrap-policy.json"), files.join(", "));
  });

  it("a symlink loop named explicitly: a usage error naming it, in seconds", async (t) => {
    const dir = await specialProject();
    const m = measure(["lint", "--format", "json", "loop-a.mrap.json"], dir);
    bounded(t, m);
    assert.equal(m.code, 2, m.stderr);
    assert.match(m.stderr, /loop-a\.mrap\.json/);
    assert.equal(m.stderr.trim().split("\n").length, 1, m.stderr);
  });

  it("a directory walk over all of them: bounded, the contract, nothing from outside", async (t) => {
    const dir = await specialProject();
    const m = measure(["lint", "--format", "json", ...ALL_FINDINGS, "."], dir);
    const results = checkRun(asRun(m), { cwd: NOWHERE, linted: ["ok.mrap-policy.json", "refs.mrap.json", "refs2.mrap.json", "sub/inner.mrap.yaml"] });
    bounded(t, m, `${results.length} files: ${results.map((r) => r.filePath).join(", ")}`);
    assert.doesNotMatch(m.stdout, /hunter2/);
  });

  it("a glob over all of them: bounded, the contract", async (t) => {
    const dir = await specialProject();
    const m = measure(["lint", "--format", "json", ...ALL_FINDINGS, "*.mrap*"], dir);
    const results = checkRun(asRun(m), { cwd: NOWHERE, linted: ["ok.mrap-policy.json", "refs.mrap.json"] });
    bounded(t, m, `${results.length} files: ${results.map((r) => r.filePath).join(", ")}`);
    assert.doesNotMatch(m.stdout, /hunter2/);
  });
});
