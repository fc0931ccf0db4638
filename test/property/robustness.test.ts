/**
 * Robustness properties of `mrap-guard lint --format json`, driven in process through main(): whatever the
 * files hold (random JSON/YAML values, plausible-but-wrong manifests and policies, mutated valid files,
 * random text and bytes), the CLI exits 0 or 1, never reports an internal error, prints ESLint-shaped JSON,
 * and every message has a rule id and a location inside its file (see ./support.ts for the full list).
 *
 * Seeded: set FC_SEED to explore other inputs, FC_RUNS to change the number of runs per property. On a
 * failure fast-check prints the seed and the shrunk counterexample.
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { stringify } from "yaml";
import type { JsonValue } from "../../src/document/index.js";
import { manifest } from "../helpers/manifests.js";
import { CLEAN_MANIFEST, project } from "../helpers/project.js";
import { checkRun, cli } from "./support.js";

type Json = JsonValue;
type Obj = { [key: string]: Json };

const SEED = Number(process.env["FC_SEED"] ?? 20260611);
const RUNS = Number(process.env["FC_RUNS"] ?? 200);
const params = (numRuns = RUNS) => ({ seed: SEED, numRuns, includeErrorInReport: true });

const repo = new URL("../..", import.meta.url).pathname;
const POLICY_KINDS = ["bucket-policy", "mrap-policy", "access-point-policy"] as const;

/** A project holding the examples' policy files, so references in generated manifests can resolve. */
async function workspace(): Promise<string> {
  const files: Record<string, string> = {};
  for (const name of ["orders-use1.bucket.json", "orders-euw1.bucket.json", "orders-global.mrap-policy.json"]) {
    files[`policies/${name}`] = await readFile(join(repo, "examples/policies", name), "utf8");
  }
  files["policies/not-json.json"] = "{ nope";
  files["policies/list.yaml"] = "- a\n- b\n";
  return project(files);
}

/** Sets a key as an own data property (a generated "__proto__" key stays a key, as in parsed JSON). */
function put(target: Obj, key: string, value: Json): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function withExtras(base: Record<string, Json | undefined>, extras: Record<string, Json>): Obj {
  const out: Obj = {};
  for (const [key, value] of Object.entries(base)) if (value !== undefined) put(out, key, value);
  for (const [key, value] of Object.entries(extras)) put(out, key, value);
  return out;
}

// ------------------------------------------------------------------------------------------ generators

// fast-check's JsonValue allows optional keys; generated values never hold undefined, so they are ours.
const anyJson = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>;
const junk = <T extends Json>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: arb as fc.Arbitrary<Json> }, { weight: 1, arbitrary: anyJson });
const extras = fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom("__proto__", "constructor", "effect", "name", "Regions ")), anyJson, { maxKeys: 2 });
const partial = <T extends Record<string, fc.Arbitrary<Json>>>(shape: T) =>
  fc.tuple(fc.record(shape, { requiredKeys: [] }), fc.oneof({ weight: 4, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: extras })).map(([base, more]) => withExtras(base as Record<string, Json | undefined>, more));

const account = fc.oneof(
  fc.constantFrom("111122223333", "011122223333", "444455556666", "12345", "", "1111-2222-3333"),
  fc.stringMatching(/^\d{12}$/),
  fc.integer(),
);
const region = fc.constantFrom("us-east-1", "eu-west-1", "us-west-2", "ap-southeast-4", "eu-west1", "US-EAST-1", "mars-north-1", "", "cn-north-1", "us-gov-west-1");
const bucket = fc.oneof(
  fc.constantFrom(
    "orders-use1",
    "orders-euw1",
    "orders_euw1",
    "Orders",
    "ab",
    "a".repeat(64),
    "arn:aws:s3:::orders-use1",
    "arn:aws:s3-outposts:us-east-1:111122223333:outpost/x",
    "logs--x-s3",
    "192.168.1.1",
    "xn--abc",
    "b.mrap",
    "orders-111122223333-us-east-1-an",
    "my..bucket",
    "-lead",
  ),
  fc.stringMatching(/^[a-z0-9][a-z0-9.-]{1,20}[a-z0-9]$/),
);
const name = fc.oneof(fc.constantFrom("orders-global", "Orders_Global", "", "-x", "a".repeat(51), "orders-global.mrap"), fc.stringMatching(/^[a-z0-9-]{1,12}$/));
const alias = fc.oneof(fc.constantFrom("mfzwi23gnjvgw.mrap", "orders-global", "orders-global.mrap", "MFZ.mrap", "1abc.mrap", "mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com", ".mrap"), fc.string({ maxLength: 12 }));
const arn = fc.oneof(
  fc.constantFrom(
    "arn:aws:s3:::orders-use1",
    "arn:aws:s3:::orders-use1/*",
    "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap",
    "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*",
    "arn:aws:s3:us-east-1:111122223333:accesspoint/reports-ap",
    "arn:aws:s3:us-east-1:111122223333:accesspoint/reports-ap/object/*",
    "arn:aws:iam::111122223333:role/app",
    "*",
    "arn:aws:s3:::",
    "arn:",
  ),
  fc.string({ maxLength: 16 }).map((s) => `arn:aws:s3:${s}`),
);
const oneOrMany = <T extends Json>(arb: fc.Arbitrary<T>) => fc.oneof(arb as fc.Arbitrary<Json>, fc.array(arb, { maxLength: 4 }) as fc.Arbitrary<Json>);
const action = fc.oneof(fc.constantFrom("s3:GetObject", "s3:PutObject", "s3:*", "*", "s3:ListBucket", "iam:PassRole", "s3:", "GetObject"), fc.string({ maxLength: 10 }));
const principal = fc.oneof(
  fc.constant("*"),
  partial({ AWS: junk(oneOrMany(fc.constantFrom("*", "111122223333", "arn:aws:iam::111122223333:role/app", "arn:aws:iam::111122223333:root"))), Service: junk(fc.constant("s3.amazonaws.com")), Federated: anyJson }),
  anyJson,
);
const condition = fc.oneof(
  fc.dictionary(
    fc.constantFrom("StringEquals", "StringNotEquals", "Bool", "ArnLike", "IpAddress", "ForAnyValue:StringLike", "StringEqualsIfExists", "Null", "stringequals"),
    fc.dictionary(fc.constantFrom("s3:DataAccessPointArn", "aws:SecureTransport", "aws:PrincipalOrgID", "aws:SourceIp", "s3:prefix"), junk(oneOrMany(fc.string({ maxLength: 12 }))), { maxKeys: 2 }),
    { maxKeys: 3 },
  ),
  anyJson,
);
const statement = partial({
  Sid: junk(fc.stringMatching(/^[A-Za-z0-9]{0,10}$/)),
  Effect: junk(fc.constantFrom("Allow", "Deny", "allow", "")),
  Principal: principal,
  NotPrincipal: principal,
  Action: junk(oneOrMany(action)),
  NotAction: junk(oneOrMany(action)),
  Resource: junk(oneOrMany(arn)),
  NotResource: junk(oneOrMany(arn)),
  Condition: condition,
});
const policy: fc.Arbitrary<Obj> = partial({
  Version: junk(fc.constantFrom("2012-10-17", "2008-10-17", "2012-10-18")),
  Id: anyJson,
  Statement: fc.oneof(statement, fc.array(statement, { maxLength: 5 }), anyJson),
});
/** What a manifest may hold where a policy goes: a file path (good, missing, escaping, odd), JSON text, or an object. */
const policyRef = fc.oneof(
  fc.constantFrom(
    "./policies/orders-use1.bucket.json",
    "./policies/orders-global.mrap-policy.json",
    "./policies/missing.json",
    "./policies/not-json.json",
    "./policies/list.yaml",
    "policies",
    ".",
    "",
    "/etc/passwd",
    "../../outside.json",
    "./case.mrap.json",
    "./case.mrap.yaml",
    "{",
    '{"Statement": [}',
    '{"Version": "2012-10-17", "Statement": []}',
    "  {\"Statement\": {\"Effect\": \"Allow\"}}",
  ),
  policy.map((p) => JSON.stringify(p)),
  policy,
  anyJson,
);
const pab = partial({ BlockPublicAcls: junk(fc.boolean()), IgnorePublicAcls: junk(fc.boolean()), BlockPublicPolicy: junk(fc.boolean()), RestrictPublicBuckets: junk(fc.boolean()) });
const regionEntry = partial({ Bucket: junk(bucket), Region: junk(region), BucketAccountId: junk(account), BucketPolicy: policyRef });
const route = partial({ Bucket: junk(bucket), Region: junk(region), TrafficDialPercentage: junk(fc.oneof(fc.constantFrom(0, 100, 50, -1, 101, 1.5), fc.integer())) });
const mrap = partial({
  Name: junk(name),
  Alias: junk(alias),
  PublicAccessBlock: junk(pab),
  Regions: junk(fc.array(regionEntry, { maxLength: 19 })),
  Policy: policyRef,
  Routes: junk(fc.array(route, { maxLength: 5 })),
});
const accessPoint = partial({ Name: junk(name), Region: junk(region), Bucket: junk(bucket), AccountId: junk(account), Policy: policyRef });
const manifestValue: fc.Arbitrary<Obj> = partial({
  $schema: junk(fc.constant("../schemas/json/manifest.schema.json")),
  AccountId: junk(account),
  MultiRegionAccessPoint: junk(mrap),
  AccessPoints: junk(fc.array(accessPoint, { maxLength: 3 })),
});

type Format = "json" | "yaml";
const format = fc.constantFrom<Format>("json", "yaml");

function serialize(value: Json, as: Format, indent: number): string {
  return as === "json" ? JSON.stringify(value, null, indent) + "\n" : stringify(value, { indent: Math.max(indent, 1) + 1 });
}

/** Where a document goes and how it is linted: as a manifest (by name), or a policy (with or without --kind). */
interface Placement {
  file: string;
  args: string[];
}
const placement = (as: Format, role: "manifest" | "policy" | "any"): fc.Arbitrary<Placement> => {
  const manifestPlacement = fc.constantFrom<Placement>({ file: `case.mrap.${as}`, args: [] }, { file: `case.${as}`, args: ["--kind", "manifest"] });
  const policyPlacement = fc.oneof(fc.constantFrom(...POLICY_KINDS).map((kind): Placement => ({ file: `case.${as}`, args: ["--kind", kind] })), fc.constant<Placement>({ file: `policies/case.${as}`, args: [] }));
  if (role === "manifest") return manifestPlacement;
  if (role === "policy") return policyPlacement;
  return fc.oneof(manifestPlacement, policyPlacement, fc.constant<Placement>({ file: `case.${as}`, args: [] }));
};
const placed = (role: "manifest" | "policy" | "any") => format.chain((as) => placement(as, role).map((where) => ({ ...where, as })));

// --------------------------------------------------------------------------------- mutations of valid files

const EXAMPLE_POLICY = JSON.parse(
  '{"Version":"2012-10-17","Statement":[{"Sid":"DelegateToOrdersGlobalMrap","Effect":"Allow","Principal":{"AWS":"*"},"Action":["s3:GetObject","s3:PutObject","s3:ListBucket"],"Resource":["arn:aws:s3:::orders-use1","arn:aws:s3:::orders-use1/*"],"Condition":{"StringEquals":{"s3:DataAccessPointArn":"arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap"}}}]}',
) as Obj;
const MRAP_POLICY: Obj = {
  Version: "2012-10-17",
  Statement: [
    { Sid: "App", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:role/orders-app" }, Action: ["s3:GetObject", "s3:PutObject"], Resource: "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*" },
  ],
};
const FULL_MANIFEST = manifest(
  {
    Alias: "mfzwi23gnjvgw.mrap",
    PublicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
    Regions: [
      { Bucket: "orders-use1", Region: "us-east-1", BucketPolicy: "./policies/orders-use1.bucket.json" },
      { Bucket: "orders-euw1", Region: "eu-west-1", BucketAccountId: "444455556666", BucketPolicy: EXAMPLE_POLICY },
    ],
    Policy: MRAP_POLICY,
    Routes: [
      { Region: "us-east-1", TrafficDialPercentage: 100 },
      { Bucket: "orders-euw1", TrafficDialPercentage: 0 },
    ],
  },
  { AccessPoints: [{ Name: "reports-ap", Region: "us-west-2", Bucket: "orders-usw2", Policy: JSON.stringify(EXAMPLE_POLICY) }] },
);

interface Base {
  role: "manifest" | "policy";
  value: Json;
  /** Text as written in the repository, when the base comes from a file (mutated as text only). */
  text?: { content: string; as: Format };
}

async function bases(): Promise<Base[]> {
  const examples = await readFile(join(repo, "examples/orders-global.mrap.yaml"), "utf8");
  const broken = await readFile(join(repo, "examples/broken/orders-broken.mrap.yaml"), "utf8");
  const mrapPolicyText = await readFile(join(repo, "examples/policies/orders-global.mrap-policy.json"), "utf8");
  return [
    { role: "manifest", value: manifest() },
    { role: "manifest", value: FULL_MANIFEST },
    { role: "manifest", value: manifest({ Regions: [{ Bucket: "orders-use1" }] }, { AccessPoints: [{ Name: "ap" }] }) },
    { role: "policy", value: EXAMPLE_POLICY },
    { role: "policy", value: MRAP_POLICY },
    { role: "manifest", value: null, text: { content: examples.replace("$schema: ../schemas/json/manifest.schema.json\n", ""), as: "yaml" } },
    { role: "manifest", value: null, text: { content: broken, as: "yaml" } },
    { role: "manifest", value: null, text: { content: CLEAN_MANIFEST, as: "yaml" } },
    { role: "policy", value: null, text: { content: mrapPolicyText, as: "json" } },
  ];
}

type ValueMutation =
  | { op: "delete" | "stringify" | "wrap" | "empty"; at: number }
  | { op: "rename"; at: number; key: string }
  | { op: "replace"; at: number; value: Json };

const valueMutation: fc.Arbitrary<ValueMutation> = fc.oneof(
  fc.record({ op: fc.constantFrom("delete", "stringify", "wrap", "empty") as fc.Arbitrary<"delete" | "stringify" | "wrap" | "empty">, at: fc.nat() }),
  fc.record({ op: fc.constant("rename" as const), at: fc.nat(), key: fc.oneof(fc.constantFrom("effect", "Statements", "region", "BUCKET", "Name ", "__proto__", ""), fc.string({ maxLength: 6 })) }),
  fc.record({ op: fc.constant("replace" as const), at: fc.nat(), value: fc.oneof(anyJson, fc.constantFrom<Json>(null, 0, -1, 1e21, "", [], {}, true, "111122223333")) }),
);

/** Every [parent, key] slot in a value, parents before children. */
function slots(value: Json): [Obj | Json[], string | number][] {
  const out: [Obj | Json[], string | number][] = [];
  const visit = (node: Json) => {
    if (Array.isArray(node)) {
      node.forEach((child, i) => {
        out.push([node, i]);
        visit(child);
      });
    } else if (node !== null && typeof node === "object") {
      for (const key of Object.keys(node)) {
        out.push([node, key]);
        visit(node[key]!);
      }
    }
  };
  visit(value);
  return out;
}

function mutateValue(value: Json, mutation: ValueMutation): Json {
  const copy = JSON.parse(JSON.stringify(value)) as Json;
  const all = slots(copy);
  if (all.length === 0) return mutation.op === "replace" ? mutation.value : copy;
  const [parent, key] = all[mutation.at % all.length]!;
  const current = Array.isArray(parent) ? parent[key as number]! : parent[key as string]!;
  const set = (next: Json) => {
    if (Array.isArray(parent)) parent[key as number] = next;
    else put(parent, key as string, next);
  };
  switch (mutation.op) {
    case "delete":
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else Reflect.deleteProperty(parent, key);
      break;
    case "stringify":
      set(typeof current === "string" ? Number(current) || current.toUpperCase() : JSON.stringify(current));
      break;
    case "wrap":
      set([current]);
      break;
    case "empty":
      set(Array.isArray(current) ? [] : current !== null && typeof current === "object" ? {} : "");
      break;
    case "rename":
      if (!Array.isArray(parent)) {
        Reflect.deleteProperty(parent, key);
        put(parent, mutation.key, current);
      }
      break;
    case "replace":
      set(mutation.value);
      break;
  }
  return copy;
}

type TextMutation =
  | { op: "truncate" | "duplicate-line" | "delete-line" | "unquote-account" | "dedent" | "crlf"; at: number }
  | { op: "insert"; at: number; text: string };

const NOISE = fc.string({ unit: fc.constantFrom("{", "}", "[", "]", ":", ",", '"', "'", "-", " ", "\n", "\t", "&a", "*a", "!", "?", "|", ">", "#", "\\", "\r", "\u0000", "\ufeff", "0", "é", "\ud83d"), maxLength: 6 });
const textMutation: fc.Arbitrary<TextMutation> = fc.oneof(
  fc.record({ op: fc.constantFrom("truncate", "duplicate-line", "delete-line", "unquote-account", "dedent", "crlf") as fc.Arbitrary<"truncate" | "duplicate-line" | "delete-line" | "unquote-account" | "dedent" | "crlf">, at: fc.nat() }),
  fc.record({ op: fc.constant("insert" as const), at: fc.nat(), text: fc.oneof(NOISE, fc.string({ unit: "binary", maxLength: 4 })) }),
);

function mutateText(text: string, mutation: TextMutation): string {
  const lines = text.split("\n");
  const line = mutation.at % Math.max(lines.length, 1);
  switch (mutation.op) {
    case "truncate":
      return text.slice(0, mutation.at % (text.length + 1));
    case "insert": {
      const at = mutation.at % (text.length + 1);
      return text.slice(0, at) + mutation.text + text.slice(at);
    }
    case "duplicate-line": // in both formats this usually duplicates a key
      lines.splice(line, 0, lines[line] ?? "");
      return lines.join("\n");
    case "delete-line":
      lines.splice(line, 1);
      return lines.join("\n");
    case "dedent":
      lines[line] = (lines[line] ?? "").replace(/^ {1,2}/, "");
      return lines.join("\n");
    case "crlf":
      return text.replace(/\n/g, mutation.at % 2 === 0 ? "\r\n" : "\r");
    case "unquote-account": // YAML then reads the id as a number (or, with a leading zero, as octal-looking text)
      return text.replace(/(["'])(\d{12})\1/g, (_, _q: string, digits: string) => (mutation.at % 2 === 0 ? digits : "0" + digits.slice(1)));
  }
}

// ------------------------------------------------------------------------------------------------ tests

async function lintOne(dir: string, file: string, content: string | Uint8Array, args: readonly string[]) {
  await writeFile(join(dir, file), content);
  const run = await cli(["lint", "--format", "json", ...args, file], dir);
  checkRun(run, { cwd: dir, linted: [file] });
}

describe("mrap-guard lint never crashes and always reports a rule id and a location", () => {
  it("on arbitrary JSON values written as JSON and as YAML, as manifests and as policies", async () => {
    const dir = await workspace();
    await fc.assert(
      fc.asyncProperty(anyJson, placed("any"), fc.constantFrom(0, 2), async (value, where, indent) => {
        await lintOne(dir, where.file, serialize(value, where.as, indent), where.args);
      }),
      params(),
    );
  });

  it("on plausible manifests with wrong, missing and extra fields", async () => {
    const dir = await workspace();
    await fc.assert(
      fc.asyncProperty(manifestValue, placed("manifest"), fc.constantFrom(0, 2), async (value, where, indent) => {
        await lintOne(dir, where.file, serialize(value, where.as, indent), where.args);
      }),
      params(),
    );
  });

  it("on plausible policies with wrong, missing and extra elements, with and without --kind", async () => {
    const dir = await workspace();
    await fc.assert(
      fc.asyncProperty(policy, placed("policy"), async (value, where) => {
        await lintOne(dir, where.file, serialize(value, where.as, 2), where.args);
      }),
      params(),
    );
  });

  it("on mutations of valid manifests and policies (deleted, renamed, retyped keys; duplicated lines; truncated text; noise; unquoted account ids)", async () => {
    const dir = await workspace();
    const all = await bases();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...all),
        format,
        fc.array(valueMutation, { maxLength: 3 }),
        fc.array(textMutation, { maxLength: 3 }),
        fc.boolean(),
        async (base, as, valueMutations, textMutations, kindFromName) => {
          let text: string;
          let ext: Format;
          if (base.text) {
            text = base.text.content;
            ext = base.text.as;
          } else {
            const value = valueMutations.reduce(mutateValue, base.value);
            text = serialize(value, as, 2);
            ext = as;
          }
          text = textMutations.reduce(mutateText, text);
          const where: Placement =
            base.role === "manifest" ? (kindFromName ? { file: `case.mrap.${ext}`, args: [] } : { file: `case.${ext}`, args: ["--kind", "manifest"] }) : kindFromName ? { file: `policies/case.${ext}`, args: [] } : { file: `case.${ext}`, args: ["--kind", "bucket-policy"] };
          await lintOne(dir, where.file, text, where.args);
        },
      ),
      params(300),
    );
  });

  it("on random text and bytes in .json, .yaml and .yml files", async () => {
    const dir = await workspace();
    const content = fc.oneof(
      fc.string({ unit: "binary", maxLength: 200 }),
      fc.string({ unit: "grapheme", maxLength: 200 }),
      NOISE.chain((first) => fc.array(NOISE, { maxLength: 40 }).map((rest) => first + rest.join(""))),
      fc.uint8Array({ maxLength: 300 }),
    );
    const file = fc.constantFrom("case.mrap.json", "case.mrap.yaml", "case.mrap.yml", "case.json", "case.yaml", "policies/case.json");
    const kind = fc.constantFrom<string[]>([], ["--kind", "manifest"], ["--kind", "mrap-policy"], ["--kind", "bucket-policy"]);
    await fc.assert(
      fc.asyncProperty(content, file, kind, async (text, name, args) => {
        await lintOne(dir, name, text, args);
      }),
      params(),
    );
  });

  it("on folders of several generated files linted together (directory walk, cross-file references)", async () => {
    const dir = await workspace();
    let n = 0;
    const entry = fc.tuple(
      fc.constantFrom("a.mrap.json", "b.mrap.yaml", "policies/p.json", "policies/q.yaml", "other.json", "c.yml", "deep/nested/d.mrap.yaml"),
      fc.oneof(manifestValue, policy, anyJson),
      format,
    );
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(entry, { minLength: 1, maxLength: 5, selector: ([file]) => file }), async (entries) => {
        const sub = `run-${n++}`;
        await mkdir(join(dir, sub, "policies"), { recursive: true });
        await mkdir(join(dir, sub, "deep/nested"), { recursive: true });
        for (const [file, value, as] of entries) {
          await writeFile(join(dir, sub, file), serialize(value, file.endsWith(".json") || as === "json" ? "json" : "yaml", 2));
        }
        try {
          const run = await cli(["lint", "--format", "json", sub], dir);
          if (run.code === 2) {
            // Walking a folder may find nothing to lint: that is the one usage error allowed here.
            checkUsageError(run.stderr);
            return;
          }
          checkRun(run, { cwd: dir, linted: [] });
        } finally {
          await rm(join(dir, sub), { recursive: true, force: true });
        }
      }),
      params(150),
    );
  });
});

describe("mrap-guard exits 2 only for usage errors, with a one-line reason", () => {
  it("on random command lines (commands, options, values, files and globs)", async () => {
    const dir = await workspace();
    await writeFile(join(dir, "case.mrap.yaml"), CLEAN_MANIFEST);
    await writeFile(join(dir, "broken.mrap.yaml"), CLEAN_MANIFEST.replace("orders-global", "Orders_Global"));
    const token = fc.oneof(
      fc.constantFrom(
        "lint", "rules", "--help", "-h", "--version", "-v", "--format", "-f", "json", "sarif", "junit", "github", "stylish", "xml",
        "--fail-on", "error", "warning", "info", "--max-warnings", "0", "-1", "1.5", "--kind", "manifest", "bucket-policy", "iam",
        "--quiet", "-q", "--color", "--no-color", "--debug", "-c", "--config", "missing.json", "case.mrap.yaml", "-o", "--output-file",
        "out/report.txt", "broken.mrap.yaml", "policies", "*.yaml", "nothing/*.json", "**/*.json", "--", "-", "",
      ),
      fc.stringMatching(/^-{0,2}[a-z=-]{0,10}$/),
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.tuple(fc.constant("lint"), fc.array(token, { maxLength: 6 })).map(([first, rest]) => [first, ...rest]), fc.array(token, { maxLength: 6 })), async (argv) => {
        const run = await cli(argv, dir);
        assert.ok([0, 1, 2].includes(run.code), `exit ${run.code} for ${JSON.stringify(argv)}`);
        assert.doesNotMatch(run.stderr, /internal error/i, JSON.stringify(argv));
        if (run.code === 2) assert.match(run.stderr, /^mrap-guard: [^\n]+\n$/, `exit 2 needs a one-line reason: ${JSON.stringify(argv)}\n${run.stderr}`);
      }),
      params(),
    );
  });
});

function checkUsageError(stderr: string): void {
  if (/internal error/i.test(stderr) || !/^mrap-guard: no files to lint\n$/.test(stderr)) throw new Error(`unexpected exit 2: ${stderr}`);
}
