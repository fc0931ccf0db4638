/**
 * Writes the throughput corpus: realistic, deterministic manifests and policies (a seeded PRNG, so every
 * run lints the same bytes), most of them clean and a known number deliberately broken so the benchmark can
 * check that the lint really ran.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { stringify } from "yaml";

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

export interface CorpusSpec {
  manifests: number;
  /** Standalone policy files, on top of the policy files manifests reference. */
  policies: number;
  /** Manifests with one route dialled to 50 (one `mrap/route-dial` error each). */
  badDial: number;
  /** Manifests with a bucket name containing "_" (one `mrap/bucket-name` error each). */
  badBucket: number;
  /** Standalone policies with a lowercase `effect` element (one `policy/valid-schema` error each). */
  badPolicy: number;
}

export interface Corpus {
  dir: string;
  files: number;
  manifests: number;
  jsonManifests: number;
  yamlManifests: number;
  policies: number;
  referencedPolicies: number;
  standalonePolicies: number;
  inlinePolicyManifests: number;
  bytes: number;
  /** Findings the recommended config must produce, by rule id (everything else is generated clean). */
  expected: Record<string, number>;
}

export const DEFAULT_SPEC: CorpusSpec = { manifests: 1000, policies: 2000, badDial: 30, badBucket: 30, badPolicy: 30 };

const REGIONS = [
  ["us-east-1", "use1"],
  ["us-east-2", "use2"],
  ["us-west-2", "usw2"],
  ["eu-west-1", "euw1"],
  ["eu-central-1", "euc1"],
  ["eu-north-1", "eun1"],
  ["ap-southeast-2", "apse2"],
  ["ap-northeast-1", "apne1"],
  ["ca-central-1", "cac1"],
  ["sa-east-1", "sae1"],
] as const;
const SERVICES = ["orders", "invoices", "media", "telemetry", "catalog", "payments", "search", "audit", "profiles", "exports"];
const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
const OBJECT_ACTIONS = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:GetObjectTagging", "s3:PutObjectTagging", "s3:AbortMultipartUpload"];

/** mulberry32: small, fast, good enough to vary names and shapes reproducibly. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateCorpus(dir: string, spec: CorpusSpec = DEFAULT_SPEC, seed = 20240611): Corpus {
  const random = prng(seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;
  const account = () => String(100000000000 + int(899999999999));
  const alias = () => Array.from({ length: 13 }, () => ALPHABET[int(ALPHABET.length)]).join("").replace(/^[^a-z]/, "m") + ".mrap";

  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, ".git"), { recursive: true }); // its own project root: no config found, so `extends: recommended`
  let bytes = 0;
  let files = 0;
  const write = (rel: string, text: string) => {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    bytes += Buffer.byteLength(text);
    files++;
  };
  const json = (value: Json) => JSON.stringify(value, null, 2) + "\n";

  const mrapArn = (owner: string, a: string) => `arn:aws:s3::${owner}:accesspoint/${a}`;
  const mrapPolicy = (owner: string, a: string): Obj => {
    const role = `arn:aws:iam::${owner}:role/${pick(SERVICES)}-app-${int(100)}`;
    const statements: Json[] = [
      {
        Sid: "AppObjects",
        Effect: "Allow",
        Principal: { AWS: role },
        Action: OBJECT_ACTIONS.slice(0, 2 + int(4)),
        Resource: `${mrapArn(owner, a)}/object/*`,
      },
      { Sid: "AppList", Effect: "Allow", Principal: { AWS: role }, Action: "s3:ListBucket", Resource: mrapArn(owner, a) },
    ];
    if (random() < 0.5) {
      statements.push({
        Sid: "DenyOtherOrgs",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [mrapArn(owner, a), `${mrapArn(owner, a)}/object/*`],
        Condition: { StringNotEquals: { "aws:PrincipalOrgID": `o-${Array.from({ length: 10 }, () => pick([..."abcdefghij0123456789"])).join("")}` } },
      });
    }
    return { Version: "2012-10-17", Statement: statements };
  };
  const bucketPolicy = (bucket: string, owner: string, a: string): Obj => {
    const statements: Json[] = [
      {
        Sid: "DelegateToMrap",
        Effect: "Allow",
        Principal: { AWS: "*" },
        // Delegation: the bucket allows what the MRAP policy may grant and leaves the decision to it:
        // https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiRegionAccessPointPermissions.html
        Action: [...OBJECT_ACTIONS, "s3:ListBucket"],
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: { StringEquals: { "s3:DataAccessPointArn": mrapArn(owner, a) } },
      },
    ];
    if (random() < 0.6) {
      statements.push({
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      });
    }
    return { Version: "2012-10-17", Statement: statements };
  };

  let referencedPolicies = 0;
  let inlinePolicyManifests = 0;
  let jsonManifests = 0;
  const bad = { dial: 0, bucket: 0, policy: 0 };

  for (let i = 0; i < spec.manifests; i++) {
    const id = String(i).padStart(4, "0");
    const service = pick(SERVICES);
    const owner = account();
    const a = alias();
    const name = `${service}-global-${id}`;
    const regionCount = 2 + int(3);
    const start = int(REGIONS.length);
    const regions = Array.from({ length: regionCount }, (_, k) => REGIONS[(start + k) % REGIONS.length]!);
    const style = i % 3; // 0: inline policies, 1: policy files, 2: no policies
    const yaml = i % 2 === 1;
    const folder = yaml ? "manifests/yaml" : "manifests/json";
    const entries: Obj[] = regions.map(([region, short], k) => {
      const bucket = k === 0 && bad.bucket < spec.badBucket && i % 7 === 3 ? `${service}_${short}-${id}` : `${service}-${short}-${id}`;
      if (bucket.includes("_")) bad.bucket++;
      const crossAccount = k > 0 && random() < 0.25;
      const entry: Obj = { Bucket: bucket, Region: region };
      if (crossAccount) entry["BucketAccountId"] = account();
      if (style === 0 && (crossAccount || random() < 0.5)) entry["BucketPolicy"] = bucketPolicy(bucket, owner, a);
      else if (style === 1) {
        const rel = `policies/ref/${id}-${bucket}.bucket.json`;
        write(rel, json(bucketPolicy(bucket, owner, a)));
        referencedPolicies++;
        entry["BucketPolicy"] = `../../${rel}`;
      } else if (crossAccount) entry["BucketPolicy"] = JSON.stringify(bucketPolicy(bucket, owner, a)); // a JSON-string policy
      return entry;
    });
    const mrap: Obj = {
      Name: name,
      Alias: a,
      PublicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
      Regions: entries,
    };
    if (style === 0) {
      mrap["Policy"] = mrapPolicy(owner, a);
      inlinePolicyManifests++;
    } else if (style === 1) {
      const rel = `policies/ref/${id}-${name}.mrap-policy.json`;
      write(rel, json(mrapPolicy(owner, a)));
      referencedPolicies++;
      mrap["Policy"] = `../../${rel}`;
    }
    if (random() < 0.6) {
      const dialBad = bad.dial < spec.badDial && i % 5 === 2;
      if (dialBad) bad.dial++;
      mrap["Routes"] = regions.map(([region], k) => ({ Region: region, TrafficDialPercentage: k === 0 ? 100 : dialBad && k === 1 ? 50 : pick([0, 100]) }));
    }
    const manifest: Obj = { AccountId: owner, MultiRegionAccessPoint: mrap };
    if (random() < 0.2) {
      const [region, short] = pick(REGIONS);
      manifest["AccessPoints"] = [{ Name: `${service}-reports-${id}`, Region: region, Bucket: `${service}-${short}-${id}` }];
    }
    if (yaml) write(`${folder}/${name}.mrap.yaml`, `# ${service} MRAP ${id}\n` + stringify(manifest, { lineWidth: 0 }));
    else {
      write(`${folder}/${name}.mrap.json`, json(manifest));
      jsonManifests++;
    }
  }

  const standalonePolicies = spec.policies;
  for (let i = 0; i < standalonePolicies; i++) {
    const id = String(i).padStart(4, "0");
    const owner = account();
    const a = alias();
    let policy: Obj;
    let rel: string;
    if (i % 2 === 0) {
      const bucket = `${pick(SERVICES)}-${pick(REGIONS)[1]}-s${id}`;
      policy = bucketPolicy(bucket, owner, a);
      rel = `policies/standalone/buckets/${bucket}.json`;
    } else {
      policy = mrapPolicy(owner, a);
      rel = `policies/standalone/mraps/${a.replace(".mrap", "")}-${id}.json`;
    }
    if (bad.policy < spec.badPolicy && i % 11 === 5) {
      const first = (policy["Statement"] as Obj[])[0]!;
      first["effect"] = first["Effect"]!;
      bad.policy++;
    }
    write(rel, json(policy));
  }

  if (bad.dial !== spec.badDial || bad.bucket !== spec.badBucket || bad.policy !== spec.badPolicy) {
    throw new Error(`corpus too small for the requested broken files (${JSON.stringify(bad)})`);
  }
  return {
    dir,
    files,
    manifests: spec.manifests,
    jsonManifests,
    yamlManifests: spec.manifests - jsonManifests,
    policies: referencedPolicies + standalonePolicies,
    referencedPolicies,
    standalonePolicies,
    inlinePolicyManifests,
    bytes,
    expected: { "mrap/route-dial": bad.dial, "mrap/bucket-name": bad.bucket, "policy/valid-schema": bad.policy },
  };
}
