/**
 * Hostile input, issue 12 item 2: small files that used to cost seconds to minutes of CPU (edit distance over
 * huge names, quadratic statement comparison, RegExps built from policy text, backtracking config globs). Each
 * case runs the CLI and bounds its wall time well below what it took before the fix.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { LintMessage as JsonMessage } from "../../src/engine/types.js";
import { project } from "../helpers/project.js";
import { checkRun, cli } from "./support.js";

const BOUND_MS = 5_000;

const ARN = "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap";

function policy(statements: unknown[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

function statement(action: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: action, Resource: `${ARN}/object/*`, ...extra };
}

async function timedLint(files: Record<string, string>, linted: string[]): Promise<{ ms: number; code: number; messages: JsonMessage[] }> {
  const dir = await project(files);
  const started = performance.now();
  const run = await cli(["lint", "--format", "json", ...linted], dir);
  const ms = performance.now() - started;
  const results = checkRun(run, { cwd: dir, linted });
  return { ms, code: run.code, messages: results.flatMap((r) => r.messages) };
}

const ids = (messages: JsonMessage[]) => messages.map((m) => `${m.ruleId}/${m.messageId ?? ""}`);

describe("hostile input: every algorithm bounded", { timeout: 60_000 }, () => {
  it("a 200,000-character service prefix: no suggestion, and done in well under 5 s (was 49 s)", async () => {
    const text = policy([statement(`${"s".repeat(200_000)}3:GetObject`)]);
    const { ms, messages } = await timedLint({ "p.mrap-policy.json": text }, ["p.mrap-policy.json"]);
    assert.ok(ms < BOUND_MS, `took ${Math.round(ms)} ms`);
    const unknown = messages.filter((m) => m.ruleId === "policy/action-exists");
    assert.ok(unknown.length >= 1, ids(messages).join("\n"));
    for (const m of unknown) assert.doesNotMatch(m.message, /did you mean/i);
  });

  it("a 200,000-character action name, condition key, operator and Region: bounded", async () => {
    const long = "x".repeat(200_000);
    const text = policy([
      statement(`s3:Get${long}`, { Condition: { [`StringEquals${long}`]: { [`s3:${long}`]: "a" }, StringEquals: { [`aws:${long}`]: "b" } } }),
    ]);
    const manifest = `AccountId: "111122223333"\nMultiRegionAccessPoint:\n  Name: orders-global\n  Regions:\n    - Bucket: orders-use1\n      Region: us-east-${"1".repeat(200_000)}\n`;
    const { ms, messages } = await timedLint({ "p.mrap-policy.json": text, "m.mrap.yaml": manifest }, ["p.mrap-policy.json", "m.mrap.yaml"]);
    assert.ok(ms < BOUND_MS, `took ${Math.round(ms)} ms`);
    assert.ok(messages.some((m) => m.ruleId === "policy/action-exists"), ids(messages).join("\n"));
  });

  it("a 1.9 MB bucket name: each finding's data quotes at most 1,000 characters of it", async () => {
    const name = "b".repeat(1_900_000);
    const manifest = `AccountId: "111122223333"\nMultiRegionAccessPoint:\n  Name: orders-global\n  Regions:\n    - Bucket: ${name}\n      Region: us-east-1\n`;
    const dir = await project({ "m.mrap.yaml": manifest });
    const run = await cli(["lint", "--format", "json", "m.mrap.yaml"], dir);
    const messages = checkRun(run, { cwd: dir, linted: ["m.mrap.yaml"] }).flatMap((r) => r.messages);
    assert.ok(ids(messages).includes("mrap/bucket-name/tooLong"), ids(messages).join("\n"));
    for (const m of messages) for (const value of Object.values(m.data ?? {})) assert.ok(String(value).length <= 1_001, `${m.ruleId} data of ${String(value).length} characters`);
    // The file once, not again per finding: the output was 5.7 MB for this file before data was shortened.
    assert.ok(run.stdout.length < 200_000, `${run.stdout.length} characters of output`);
  });

  it("a typo of plausible length still gets its suggestion", async () => {
    const { messages } = await timedLint({ "p.mrap-policy.json": policy([statement("s3:GetObjcet")]) }, ["p.mrap-policy.json"]);
    assert.ok(messages.some((m) => m.ruleId === "policy/action-exists" && /GetObject/.test(m.message)), ids(messages).join("\n"));
  });

  it("6,000 statements: policy/redundant bounded (was 9.5 s)", async () => {
    const statements = Array.from({ length: 6_000 }, (_, i) => statement([`s3:GetObject`, `s3:PutObject`], { Resource: `${ARN}/object/prefix-${i}/*` }));
    const { ms } = await timedLint({ "p.mrap-policy.json": policy(statements) }, ["p.mrap-policy.json"]);
    assert.ok(ms < BOUND_MS, `took ${Math.round(ms)} ms`);
  });

  it("3,000 statements that all look alike but cover none: capped, and the cap is a finding", async () => {
    const statements = Array.from({ length: 3_000 }, (_, i) => statement("s3:GetObject", { Resource: [`${ARN}/object/*x`, `${ARN}/object/k${i}`] }));
    const { ms, messages } = await timedLint({ "p.mrap-policy.json": policy(statements) }, ["p.mrap-policy.json"]);
    assert.ok(ms < BOUND_MS, `took ${Math.round(ms)} ms`);
    const capped = messages.filter((m) => m.ruleId === "policy/redundant" && m.messageId === "notCompared");
    assert.equal(capped.length, 1, ids(messages).join("\n"));
    assert.match(capped[0]!.message, /3000 statements.*stopped early/);
    assert.equal(capped[0]!.line, 1);
  });

  it("20,000 wildcard resources with one literal head in one statement: capped, bounded", async () => {
    const resources = Array.from({ length: 20_000 }, (_, i) => `${ARN}/object/*x${i}`);
    const { ms, messages } = await timedLint({ "p.mrap-policy.json": policy([statement("s3:GetObject", { Resource: resources })]) }, ["p.mrap-policy.json"]);
    assert.ok(ms < BOUND_MS, `took ${Math.round(ms)} ms`);
    assert.ok(messages.some((m) => m.ruleId === "policy/redundant" && m.messageId === "notCompared"), ids(messages).join("\n"));
  });

  it("a large policy of distinct statements is compared in full: no cap, and a late repeat is still found", async () => {
    const statements = Array.from({ length: 4_000 }, (_, i) => statement(["s3:GetObject"], { Resource: `${ARN}/object/prefix-${i}/*` }));
    statements.push(statement(["s3:GetObject"], { Resource: `${ARN}/object/prefix-17/reports/*` }));
    const { messages } = await timedLint({ "p.mrap-policy.json": policy(statements) }, ["p.mrap-policy.json"]);
    const redundant = messages.filter((m) => m.ruleId === "policy/redundant");
    assert.deepEqual(
      redundant.map((m) => m.messageId),
      ["redundantStatement"],
      ids(messages).join("\n"),
    );
    assert.match(redundant[0]!.message, /Statement\[4000\] is already covered by Statement\[17\]/);
  });

  for (const format of ["json", "yaml"] as const) {
    it(`${format}: a 500,000-character access point name against a pattern of the same length: bounded (was minutes)`, async () => {
      const n = 250_000;
      const resource = `arn:aws:s3:us-west-2:111122223333:accesspoint/*${"a".repeat(n)}b`;
      const accessPointPolicy = { Version: "2012-10-17", Statement: [statement("s3:GetObject", { Resource: resource })] };
      const manifest = {
        AccountId: "111122223333",
        MultiRegionAccessPoint: { Name: "orders-global", Regions: [{ Bucket: "orders-usw2", Region: "us-west-2" }] },
        AccessPoints: [{ Name: "a".repeat(2 * n), Region: "us-west-2", Bucket: "orders-usw2", Policy: accessPointPolicy }],
      };
      const file = `m.mrap.${format}`;
      const text = format === "json" ? JSON.stringify(manifest) : `# yaml\n${JSON.stringify(manifest)}\n`;
      const { ms, messages } = await timedLint({ [file]: text }, [file]);
      assert.ok(ms < BOUND_MS, `took ${Math.round(ms)} ms`);
      assert.ok(messages.some((m) => m.ruleId === "mrap/access-point-name" && m.messageId === "tooLong"), ids(messages).join("\n"));
    });

    it(`${format}: a delegation ARN pattern with a 500,000-character partition: bounded, and it does not count as delegation`, async () => {
      const partition = `*${"a".repeat(250_000)}b`;
      const bucketPolicy = {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { AWS: "*" },
            Action: "*",
            Resource: ["arn:aws:s3:::orders-use1", "arn:aws:s3:::orders-use1/*"],
            Condition: { StringLike: { "s3:DataAccessPointArn": `arn:${partition}:s3::111122223333:accesspoint/${"a".repeat(500_000)}.mrap` } },
          },
        ],
      };
      const manifest = {
        AccountId: "111122223333",
        MultiRegionAccessPoint: { Name: "orders-global", Alias: "mfzwi23gnjvgw.mrap", Regions: [{ Bucket: "orders-use1", Region: "us-east-1", BucketPolicy: bucketPolicy }] },
      };
      const file = `m.mrap.${format}`;
      const text = format === "json" ? JSON.stringify(manifest) : `# yaml\n${JSON.stringify(manifest)}\n`;
      const { ms, messages } = await timedLint({ [file]: text }, [file]);
      assert.ok(ms < BOUND_MS, `took ${Math.round(ms)} ms`);
      assert.ok(messages.some((m) => m.ruleId === "mrap/delegation-account"), ids(messages).join("\n"));
    });
  }

  it("a long wildcard action: no core/rule-error, bounded", async () => {
    const text = policy([statement([`s3:${"*a".repeat(60_000)}*`, `s3:${"?".repeat(100_000)}`, "s3:GetObject"])]);
    const { ms, messages } = await timedLint({ "p.mrap-policy.json": text }, ["p.mrap-policy.json"]);
    assert.ok(ms < BOUND_MS, `took ${Math.round(ms)} ms`);
    assert.deepEqual(messages.filter((m) => m.ruleId === "core/rule-error"), []);
  });

  it("a backtracking ignores glob against a file of 28 a's: bounded (was 14–29 s)", async () => {
    const name = `${"a".repeat(28)}.mrap-policy.json`;
    const config = JSON.stringify({ ignores: ["*a*a*a*a*a*a*a*a*a*a*a*a*b", "**/*a*a*a*a*a*a*a*a*a*a*a*a*a*a*c/**"] });
    const dir = await project({ "mrap-guard.config.json": config, [name]: policy([statement("s3:GetObject")]) });
    const started = performance.now();
    const run = await cli(["lint", "--format", "json", "."], dir);
    const ms = performance.now() - started;
    assert.ok(ms < BOUND_MS, `took ${Math.round(ms)} ms`);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /ignores\/0.*more than 2 "\*" in one path segment|more than 2 "\*" in one path segment/s);
  });

  it("globs with up to two stars per segment still work", async () => {
    const name = `${"a".repeat(28)}.mrap-policy.json`;
    const config = JSON.stringify({ ignores: ["**/*a*b/**", "z*.json"] });
    const dir = await project({ "mrap-guard.config.json": config, [name]: policy([statement("s3:GetObject")]), "zed.json": "{}" });
    const run = await cli(["lint", "--format", "json", "."], dir);
    assert.ok(run.code === 0 || run.code === 1, run.stderr);
    const files = (JSON.parse(run.stdout) as { filePath: string }[]).map((r) => r.filePath);
    assert.ok(files.some((f) => f.endsWith(name)), files.join(", "));
    assert.ok(!files.some((f) => f.endsWith("zed.json")), files.join(", "));
  });
});
