/**
 * `mrap-guard plan` and `apply` end to end: main() with the SDK clients mrap-guard builds itself, pointed by
 * AWS_ENDPOINT_URL_* at moto_server (through the fault proxy, which records every call) and at our Access
 * Analyzer server. moto assigns aliases with hyphens (`orders-global-3c2183f8ff.mrap`), unlike AWS; the tests
 * take the alias from moto and never assert its form.
 */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { CreateBucketCommand, PutBucketPolicyCommand } from "@aws-sdk/client-s3";
import { GetMultiRegionAccessPointCommand, GetMultiRegionAccessPointPolicyCommand } from "@aws-sdk/client-s3-control";
import { policyHash } from "../../src/apply/policy-text.js";
import { runCli, type CliRun } from "../helpers/cli.js";
import { startAccessAnalyzerServer, type AccessAnalyzerServer } from "../support/access-analyzer-server.js";
import { isolatedAwsEnv, s3Client, s3ControlClient } from "../support/clients.js";
import { startFaultProxy, type FaultProxy } from "../support/fault-proxy.js";
import { motoGate, useMoto } from "../support/moto.js";

const ACCOUNT = "123456789012";
const WRITES = new Set(["CreateMultiRegionAccessPoint", "PutMultiRegionAccessPointPolicy", "SubmitMultiRegionAccessPointRoutes", "DeleteMultiRegionAccessPoint"]);
const gate = motoGate();

const MANIFEST = `AccountId: "${ACCOUNT}"
MultiRegionAccessPoint:
  Name: orders-global
  PublicAccessBlock:
    BlockPublicAcls: true
    IgnorePublicAcls: true
    BlockPublicPolicy: true
    RestrictPublicBuckets: true
  Regions:
    - Bucket: pa-orders-use1
      Region: us-east-1
    - Bucket: pa-orders-euw1
      Region: eu-west-1
  Policy: ./policies/orders-global.mrap-policy.json
`;

function mrapPolicy(alias: string, actions: string[] = ["s3:GetObject"]): string {
  const statement = { Sid: "OrdersApp", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/orders-app` }, Action: actions, Resource: `arn:aws:s3::${ACCOUNT}:accesspoint/${alias}/object/*` };
  return JSON.stringify({ Version: "2012-10-17", Statement: [statement] }, null, 2) + "\n";
}

function delegation(bucket: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: ["s3:GetObject", "s3:PutObject", "s3:ListBucket"], Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`], Condition: { StringEquals: { "s3:DataAccessPointAccount": ACCOUNT } } }],
  });
}

describe("mrap-guard plan/apply against moto", { skip: gate.skip }, () => {
  const moto = useMoto(gate);
  let proxy: FaultProxy;
  let aa: AccessAnalyzerServer;
  let cwd = "";
  let alias = "";
  const saved = { ...process.env };

  before(async () => {
    proxy = await startFaultProxy({ target: moto().url });
    aa = await startAccessAnalyzerServer();
    const use1 = s3Client(moto().url, { region: "us-east-1" });
    await use1.send(new CreateBucketCommand({ Bucket: "pa-orders-use1" }));
    await use1.send(new PutBucketPolicyCommand({ Bucket: "pa-orders-use1", Policy: delegation("pa-orders-use1") }));
    const euw1 = s3Client(moto().url, { region: "eu-west-1" });
    await euw1.send(new CreateBucketCommand({ Bucket: "pa-orders-euw1", CreateBucketConfiguration: { LocationConstraint: "eu-west-1" } }));
    await euw1.send(new PutBucketPolicyCommand({ Bucket: "pa-orders-euw1", Policy: delegation("pa-orders-euw1") }));
    // project() removes its folder in an after() of its own, which a before() hook would run too early.
    cwd = await mkdtemp(join(tmpdir(), "mrap-guard-plan-apply-"));
    await mkdir(join(cwd, ".git"));
    await mkdir(join(cwd, "policies"));
    await writeFile(join(cwd, "orders.mrap.yaml"), MANIFEST);
    await writeFile(join(cwd, "policies/orders-global.mrap-policy.json"), mrapPolicy("mfzwi23gnjvgw.mrap"));
    process.env = isolatedAwsEnv(saved, { AWS_ENDPOINT_URL_S3_CONTROL: proxy.url, AWS_ENDPOINT_URL_S3: proxy.url, AWS_ENDPOINT_URL_ACCESSANALYZER: aa.url });
  });
  after(async () => {
    process.env = saved;
    if (cwd) await rm(cwd, { recursive: true, force: true });
    await proxy?.close();
    await aa?.close();
  });

  const cli = (args: string[], stdin?: { tty: boolean; text: string }): Promise<CliRun> => runCli(args, { cwd, env: process.env, ...(stdin ? { stdin } : {}) });

  const writes = () => proxy.calls.filter((c) => c.operation !== undefined && WRITES.has(c.operation)).map((c) => c.operation);
  const audit = async () => (await readFile(join(cwd, ".mrap-guard/audit.jsonl"), "utf8").catch(() => "")).split("\n").filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>)
      // The result lines (an apply that sends writes an intent line before it too: test/apply/faults.test.ts).
      .filter((line) => line["type"] !== "intent");
  const setPolicy = (text: string) => writeFile(join(cwd, "policies/orders-global.mrap-policy.json"), text);

  it("plans the create and the policy of a missing MRAP, and sends nothing", async () => {
    proxy.clear();
    const run = await cli(["plan", "orders.mrap.yaml"]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^\+ CreateMultiRegionAccessPoint orders-global \(123456789012\)$/m);
    assert.match(run.stdout, /^ {4}\+ buckets pa-orders-euw1, pa-orders-use1$/m);
    assert.match(run.stdout, /^\+ PutMultiRegionAccessPointPolicy orders-global \(123456789012\)$/m);
    assert.match(run.stdout, /planned after it is created, against the alias AWS assigns/);
    assert.match(run.stdout, /^ {4}\+ {7}"Sid": "OrdersApp",$/m);
    assert.match(run.stdout, /^Apply would proceed\.$/m);
    assert.deepEqual(writes(), []);
    assert.ok(proxy.calls.some((c) => c.operation === "GetMultiRegionAccessPoint"), "the plan reads the live state");
  });

  it("plans the manifest and its steps in one session: a config that turns off an apply check is warned about once", async () => {
    await writeFile(join(cwd, "mrap-guard.config.json"), JSON.stringify({ rules: { "access-analyzer/no-new-access": "off" } }));
    try {
      const run = await cli(["plan", "orders.mrap.yaml"]);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      // Before one session was shared, the manifest's lint and each step's plan loaded the config again: two lines.
      assert.equal(run.stderr.match(/config turns off access-analyzer\/no-new-access; an apply runs them anyway/g)?.length, 1, run.stderr);
    } finally {
      await rm(join(cwd, "mrap-guard.config.json"));
    }
  });

  it("--dry-run plans only: nothing sent, no audit line", async () => {
    proxy.clear();
    const run = await cli(["apply", "--dry-run", "orders.mrap.yaml"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Apply would proceed/);
    assert.deepEqual(writes(), []);
    assert.deepEqual(await audit(), []);
  });

  it("--format json prints the plan as JSON", async () => {
    const run = await cli(["plan", "--format", "json", "orders.mrap.yaml"]);
    assert.equal(run.code, 0, run.stderr);
    const plan = JSON.parse(run.stdout) as { proceed: boolean; steps: { operation: string; action: string; deferred?: string }[] };
    assert.equal(plan.proceed, true);
    assert.deepEqual(plan.steps.map((s) => `${s.operation} ${s.action}`), ["CreateMultiRegionAccessPoint add", "PutMultiRegionAccessPointPolicy add"]);
    assert.ok(plan.steps[1]!.deferred);
  });

  it("apply without --yes and without a terminal exits 2 before reading anything", async () => {
    proxy.clear();
    const run = await cli(["apply", "orders.mrap.yaml"]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^mrap-guard: apply asks for confirmation on a terminal; without one, pass --yes/);
    assert.equal(proxy.calls.length, 0);
    const piped = await cli(["apply", "orders.mrap.yaml"], { tty: false, text: "yes\n" });
    assert.equal(piped.code, 2);
  });

  it("on a terminal, anything but \"yes\" stops before sending", async () => {
    proxy.clear();
    const run = await cli(["apply", "orders.mrap.yaml"], { tty: true, text: "y\n" });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /Only "yes" is accepted/);
    assert.deepEqual(writes(), []);
  });

  it("apply --yes creates the MRAP, then refuses a policy that names another alias and says which alias to use", async () => {
    proxy.clear();
    const run = await cli(["apply", "--yes", "--timeout", "30", "orders.mrap.yaml"]);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const live = await s3ControlClient(moto().url).send(new GetMultiRegionAccessPointCommand({ AccountId: ACCOUNT, Name: "orders-global" }));
    alias = live.AccessPoint?.Alias ?? "";
    assert.ok(alias.endsWith(".mrap"));
    assert.equal(live.AccessPoint?.Status, "READY");
    assert.match(run.stdout, /CreateMultiRegionAccessPoint orders-global \(123456789012\): applied and verified/);
    assert.match(run.stdout, /PutMultiRegionAccessPointPolicy orders-global \(123456789012\): not applied \(refused\)/);
    assert.ok(run.stdout.includes(`The new Multi-Region Access Point's alias is ${alias}`), run.stdout);
    assert.match(run.stdout, /mrap\/policy-alias-match/);
    assert.deepEqual(writes(), ["CreateMultiRegionAccessPoint"]);
    const lines = await audit();
    assert.deepEqual(lines.map((l) => `${String(l["operation"])} ${String(l["result"])}`), ["CreateMultiRegionAccessPoint applied-and-verified", "PutMultiRegionAccessPointPolicy refused"]);
    assert.deepEqual(lines[1]!["blockingRules"], ["mrap/policy-alias-match"]);
  });

  it("apply --yes with the live alias applies the policy and verifies it", async () => {
    const policy = mrapPolicy(alias);
    await setPolicy(policy);
    proxy.clear();
    const run = await cli(["apply", "--yes", "orders.mrap.yaml"]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /CreateMultiRegionAccessPoint orders-global \(123456789012\): no change/);
    assert.match(run.stdout, /PutMultiRegionAccessPointPolicy orders-global \(123456789012\): applied and verified/);
    assert.deepEqual(writes(), ["PutMultiRegionAccessPointPolicy"]);
    const live = await s3ControlClient(moto().url).send(new GetMultiRegionAccessPointPolicyCommand({ AccountId: ACCOUNT, Name: "orders-global" }));
    assert.deepEqual(JSON.parse(live.Policy?.Established?.Policy ?? "null"), JSON.parse(policy));
    const last = (await audit()).at(-1)!;
    assert.equal(last["result"], "applied-and-verified");
    assert.equal(last["afterHash"], policyHash(policy));
    // The MRAP had no policy, so there was nothing to run CheckNoNewAccess against: ValidatePolicy only.
    assert.equal(last["accessAnalyzer"], "validate-policy-only");
  });

  it("a second apply is no change and sends nothing", async () => {
    const before = (await audit()).length;
    proxy.clear();
    const run = await cli(["apply", "--yes", "orders.mrap.yaml"]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^No changes: the live state matches the manifest\.$/m);
    assert.deepEqual(writes(), []);
    const lines = (await audit()).slice(before);
    assert.deepEqual(lines.map((l) => `${String(l["operation"])} ${String(l["result"])}`), ["CreateMultiRegionAccessPoint no-change", "PutMultiRegionAccessPointPolicy no-change"]);
  });

  it("plan after an edit shows the policy diff; new access needs --allow-new-access; apply records both hashes", async () => {
    const old = mrapPolicy(alias);
    const next = mrapPolicy(alias, ["s3:GetObject", "s3:PutObject"]);
    await setPolicy(next);
    proxy.clear();
    const plan = await cli(["plan", "orders.mrap.yaml"]);
    assert.equal(plan.code, 1, "the Access Analyzer server reports new access");
    assert.match(plan.stdout, /^! PutMultiRegionAccessPointPolicy orders-global \(123456789012\)$/m);
    assert.match(plan.stdout, /^ {4}- {9}"s3:GetObject"$/m);
    assert.match(plan.stdout, /^ {4}\+ {9}"s3:GetObject",$/m);
    assert.match(plan.stdout, /^ {4}\+ {9}"s3:PutObject"$/m);
    assert.match(plan.stdout, /access-analyzer\/no-new-access/);
    const allowed = await cli(["plan", "--allow-new-access", "orders.mrap.yaml"]);
    assert.equal(allowed.code, 0, allowed.stdout);
    assert.match(allowed.stdout, /^~ PutMultiRegionAccessPointPolicy orders-global \(123456789012\)$/m);
    assert.deepEqual(writes(), []);
    const run = await cli(["apply", "--yes", "--allow-new-access", "orders.mrap.yaml"]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const last = (await audit()).at(-1)!;
    assert.equal(last["beforeHash"], policyHash(old));
    assert.equal(last["afterHash"], policyHash(next));
    assert.equal(last["allowNewAccess"], true);
  });

  it("a blocking finding refuses with exit 1 and sends nothing", async () => {
    await setPolicy(mrapPolicy(alias).replace(`"AWS": "arn:aws:iam::${ACCOUNT}:role/orders-app"`, '"AWS": "*"'));
    const before = (await audit()).length;
    proxy.clear();
    const run = await cli(["apply", "--yes", "--skip-access-analyzer", "--format", "json", "orders.mrap.yaml"]);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const out = JSON.parse(run.stdout) as { status: string; proceed: boolean; refusals: string[]; lint: { messages: { severity: string }[] }[] };
    assert.equal(out.status, "refused");
    assert.equal(out.proceed, false);
    assert.ok(out.lint.some((r) => r.messages.some((m) => m.severity === "error")));
    assert.deepEqual(writes(), []);
    const lines = (await audit()).slice(before);
    assert.equal(lines.length, 1);
    assert.equal(lines[0]!["result"], "refused");
    assert.equal(lines[0]!["accessAnalyzer"], "skipped");
  });

  it("plan shows immutable drift as a diff of the live configuration and refuses", async () => {
    await writeFile(join(cwd, "drift.mrap.yaml"), MANIFEST.replace("BlockPublicPolicy: true", "BlockPublicPolicy: false"));
    proxy.clear();
    const run = await cli(["plan", "drift.mrap.yaml"]);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /^! CreateMultiRegionAccessPoint orders-global \(123456789012\)$/m);
    assert.match(run.stdout, /^ {4}- BlockPublicPolicy=true\n {4}\+ BlockPublicPolicy=false$/m);
    assert.match(run.stdout, /mrap\/immutable-change/);
    assert.match(run.stdout, /delete it and create it again \(it gets a new alias\)/);
    assert.deepEqual(writes(), []);
  });

  it("usage errors exit 2 with a suggestion", async () => {
    for (const [args, reason] of [
      [["apply", "--yse", "orders.mrap.yaml"], /^mrap-guard: unknown option "--yse"; did you mean --yes\? \(see mrap-guard apply --help\)\n$/],
      [["plan", "--yes", "orders.mrap.yaml"], /^mrap-guard: option "--yes" applies to "apply" only\n$/],
      [["plan"], /^mrap-guard: plan needs a manifest/],
      [["apply", "--timeout", "soon", "--yes", "orders.mrap.yaml"], /^mrap-guard: --timeout needs a whole number of seconds/],
      [["plan", "--format", "sarif", "orders.mrap.yaml"], /^mrap-guard: plan prints stylish or json/],
      [["plna", "orders.mrap.yaml"], /^mrap-guard: unknown command "plna"; did you mean plan\?\n$/],
    ] as const) {
      const run = await cli([...args]);
      assert.equal(run.code, 2, args.join(" "));
      assert.match(run.stderr, reason);
    }
    assert.match((await cli(["apply", "--help"])).stdout, /--skip-access-analyzer/);
  });
});
