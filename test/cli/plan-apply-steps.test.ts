/**
 * `mrap-guard plan` and `apply` end to end for the steps after the MRAP and its policy: `Routes`
 * (SubmitMultiRegionAccessPointRoutes) and `AccessPoints[].Policy` (PutAccessPointPolicy). main() builds its
 * own SDK clients, pointed by AWS_ENDPOINT_URL_* at the fault proxy in front of moto_server and at our Access
 * Analyzer server. moto 5.2.1 does not serve the routes calls, so test/support/mrap-routes.ts answers them on
 * the proxy; moto always reports an access point policy as public, so GetAccessPointPolicyStatus is answered
 * on the proxy too (`reportPublic`).
 */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { CreateBucketCommand, PutBucketPolicyCommand } from "@aws-sdk/client-s3";
import {
  CreateAccessPointCommand,
  CreateMultiRegionAccessPointCommand,
  GetAccessPointPolicyCommand,
  GetMultiRegionAccessPointCommand,
  PutAccessPointPolicyCommand,
} from "@aws-sdk/client-s3-control";
import type { S3ControlClient } from "@aws-sdk/client-s3-control";
import { policyHash } from "../../src/apply/policy-text.js";
import { runCli, type CliRun } from "../helpers/cli.js";
import { startAccessAnalyzerServer, type AccessAnalyzerServer } from "../support/access-analyzer-server.js";
import { isolatedAwsEnv, s3Client, s3ControlClient } from "../support/clients.js";
import { startFaultProxy, type FaultProxy } from "../support/fault-proxy.js";
import { emulateMrapRoutes, type MrapRoutesEmulator } from "../support/mrap-routes.js";
import { motoGate, useMoto } from "../support/moto.js";

const ACCOUNT = "123456789012";
const MRAP = "steps-orders";
const USE1 = "steps-orders-use1";
const EUW1 = "steps-orders-euw1";
const REGIONS: Record<string, string> = { [USE1]: "us-east-1", [EUW1]: "eu-west-1" };
const AP = "steps-reports-ap";
const AP_REGION = "eu-west-1";
const gate = motoGate();

const apArn = (name: string, region = AP_REGION) => `arn:aws:s3:${region}:${ACCOUNT}:accesspoint/${name}`;
const apStatement = (name: string, sid: string, role: string, action: string, region = AP_REGION) => ({
  Sid: sid,
  Effect: "Allow",
  Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/${role}` },
  Action: action,
  Resource: `${apArn(name, region)}/object/*`,
});
const apPolicy = (name: string, statements: Record<string, unknown>[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements }, null, 2) + "\n";
const read = (name: string, region = AP_REGION) => apStatement(name, "Read", "reports-reader", "s3:GetObject", region);
const write = (name: string) => apStatement(name, "Write", "reports-writer", "s3:PutObject");

function delegation(bucket: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: ["s3:GetObject", "s3:PutObject", "s3:ListBucket"], Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`], Condition: { StringEquals: { "s3:DataAccessPointAccount": ACCOUNT } } }],
  });
}

function mrapManifest(routes: { Bucket?: string; Region?: string; TrafficDialPercentage: number }[], extra = ""): string {
  const lines = routes.map((route) => {
    const target = route.Bucket !== undefined ? `Bucket: ${route.Bucket}` : `Region: ${route.Region ?? ""}`;
    return `    - ${target}\n      TrafficDialPercentage: ${route.TrafficDialPercentage}\n`;
  });
  return `AccountId: "${ACCOUNT}"
MultiRegionAccessPoint:
  Name: ${MRAP}
  PublicAccessBlock:
    BlockPublicAcls: true
    IgnorePublicAcls: true
    BlockPublicPolicy: true
    RestrictPublicBuckets: true
  Regions:
    - Bucket: ${USE1}
      Region: us-east-1
    - Bucket: ${EUW1}
      Region: eu-west-1
${extra}  Routes:
${lines.join("")}`;
}

function apManifest(name: string, policyFile: string): string {
  return `AccountId: "${ACCOUNT}"
AccessPoints:
  - Name: ${name}
    Region: ${AP_REGION}
    Bucket: ${EUW1}
    Policy: ${policyFile}
`;
}

describe("mrap-guard plan/apply: routes and access point policies against moto", { skip: gate.skip }, () => {
  const moto = useMoto(gate);
  let proxy: FaultProxy;
  let aa: AccessAnalyzerServer;
  let routes: MrapRoutesEmulator;
  let direct: S3ControlClient;
  let apControl: S3ControlClient;
  let arn = "";
  let cwd = "";
  /** What the stand-in GetAccessPointPolicyStatus answers. */
  let reportPublic = false;
  const saved = { ...process.env };

  before(async () => {
    proxy = await startFaultProxy({ target: moto().url });
    aa = await startAccessAnalyzerServer();
    routes = emulateMrapRoutes(proxy);
    proxy.intercept((request) => {
      if (request.method !== "GET" || !/^\/v20180820\/accesspoint\/[^/]+\/policyStatus$/.test(request.path)) return undefined;
      const body = `<?xml version="1.0" encoding="UTF-8"?>\n<GetAccessPointPolicyStatusResult xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/"><PolicyStatus><IsPublic>${reportPublic}</IsPublic></PolicyStatus></GetAccessPointPolicyStatusResult>`;
      return { status: 200, headers: { "content-type": "application/xml" }, body };
    });
    direct = s3ControlClient(moto().url);
    apControl = s3ControlClient(moto().url, { region: AP_REGION });

    const use1 = s3Client(moto().url, { region: "us-east-1" });
    await use1.send(new CreateBucketCommand({ Bucket: USE1 }));
    await use1.send(new PutBucketPolicyCommand({ Bucket: USE1, Policy: delegation(USE1) }));
    const euw1 = s3Client(moto().url, { region: "eu-west-1" });
    await euw1.send(new CreateBucketCommand({ Bucket: EUW1, CreateBucketConfiguration: { LocationConstraint: "eu-west-1" } }));
    await euw1.send(new PutBucketPolicyCommand({ Bucket: EUW1, Policy: delegation(EUW1) }));
    await direct.send(
      new CreateMultiRegionAccessPointCommand({
        AccountId: ACCOUNT,
        ClientToken: `t-${MRAP}`,
        Details: {
          Name: MRAP,
          PublicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
          Regions: [{ Bucket: USE1 }, { Bucket: EUW1 }],
        },
      }),
    );
    for (let i = 0; ; i++) {
      const live = await direct.send(new GetMultiRegionAccessPointCommand({ AccountId: ACCOUNT, Name: MRAP }));
      if (live.AccessPoint?.Status === "READY") break;
      if (i >= 100) throw new Error(`moto did not make ${MRAP} READY`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    arn = await routes.seedFromMoto(direct, { accountId: ACCOUNT, name: MRAP, regions: REGIONS });
    await apControl.send(new CreateAccessPointCommand({ AccountId: ACCOUNT, Name: AP, Bucket: EUW1 }));
    await apControl.send(new PutAccessPointPolicyCommand({ AccountId: ACCOUNT, Name: AP, Policy: apPolicy(AP, [read(AP), write(AP)]) }));

    cwd = await mkdtemp(join(tmpdir(), "mrap-guard-plan-apply-steps-"));
    await mkdir(join(cwd, ".git"));
    await mkdir(join(cwd, "policies"));
    process.env = isolatedAwsEnv(saved, { AWS_ENDPOINT_URL_S3_CONTROL: proxy.url, AWS_ENDPOINT_URL_S3: proxy.url, AWS_ENDPOINT_URL_ACCESSANALYZER: aa.url });
  });
  after(async () => {
    process.env = saved;
    if (cwd) await rm(cwd, { recursive: true, force: true });
    await proxy?.close();
    await aa?.close();
  });

  function cli(args: string[]): Promise<CliRun> {
    return runCli(args, { cwd, env: process.env });
  }

  const reset = () => {
    proxy.clear();
    routes.calls.length = 0;
    aa.reset();
  };
  const submits = () => routes.calls.filter((c) => c.operation === "SubmitMultiRegionAccessPointRoutes");
  const dials = (): Record<string, number> => Object.fromEntries((routes.routes(arn) ?? []).map((r) => [r.Bucket, r.TrafficDialPercentage]));
  const apPuts = (name: string) => proxy.calls.filter((c) => c.method === "PUT" && c.path === `/v20180820/accesspoint/${name}/policy`);
  const audit = async () => (await readFile(join(cwd, ".mrap-guard/audit.jsonl"), "utf8").catch(() => "")).split("\n").filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>)
      // The result lines (an apply that sends writes an intent line before it too: test/apply/faults.test.ts).
      .filter((line) => line["type"] !== "intent");
  const summary = (lines: Record<string, unknown>[]) => lines.map((l) => `${String(l["operation"])} ${String(l["name"])} ${String(l["result"])}`);
  const livePolicy = async (name: string): Promise<string | undefined> => {
    try {
      return (await apControl.send(new GetAccessPointPolicyCommand({ AccountId: ACCOUNT, Name: name }))).Policy;
    } catch (error) {
      if (error instanceof Error && error.name === "NoSuchAccessPointPolicy") return undefined;
      throw error;
    }
  };

  const lastAudit = async (since: number) => summary((await audit()).slice(since));

  describe("Routes (SubmitMultiRegionAccessPointRoutes)", () => {
    before(async () => {
      await writeFile(join(cwd, "routes.mrap.yaml"), mrapManifest([{ Bucket: USE1, TrafficDialPercentage: 100 }, { Bucket: EUW1, TrafficDialPercentage: 0 }]));
    });

    it("plan shows the routes change, exits 0 and sends nothing", async () => {
      reset();
      const run = await cli(["plan", "routes.mrap.yaml"]);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.match(run.stdout, /^= CreateMultiRegionAccessPoint steps-orders \(123456789012\)$/m);
      assert.match(run.stdout, /^~ SubmitMultiRegionAccessPointRoutes steps-orders \(123456789012\)$/m);
      // The diff is of the routes as they are and as they would be: only the eu-west-1 dial changes.
      assert.match(run.stdout, /^ +"Bucket": "steps-orders-euw1",\n +"Region": "eu-west-1",\n {4}- {5}"TrafficDialPercentage": 100\n {4}\+ {5}"TrafficDialPercentage": 0$/m);
      assert.equal(run.stdout.match(/^ {4}[-+] /gm)?.length, 2, run.stdout);
      assert.match(run.stdout, /^Plan: 0 to add, 1 to change, 1 unchanged, 0 refused\.$/m);
      assert.match(run.stdout, /^Apply would proceed\.$/m);
      assert.deepEqual(submits(), []);
      assert.ok(routes.calls.some((c) => c.operation === "GetMultiRegionAccessPointRoutes" && c.mrap === arn), "the plan read the live routes");
      assert.deepEqual(dials(), { [USE1]: 100, [EUW1]: 100 });
      assert.deepEqual(await audit(), [], "a plan writes no audit line");
    });

    it("apply --yes submits once and ends applied and verified", async () => {
      reset();
      const run = await cli(["apply", "--yes", "routes.mrap.yaml"]);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.match(run.stdout, /^ {2}CreateMultiRegionAccessPoint steps-orders \(123456789012\): no change$/m);
      assert.match(run.stdout, /^ {2}SubmitMultiRegionAccessPointRoutes steps-orders \(123456789012\): applied and verified$/m);
      assert.match(run.stdout, /the routes read back are steps-orders-use1 \(us-east-1\) active, steps-orders-euw1 \(eu-west-1\) passive\./);
      assert.match(run.stdout, /^Applied and verified\.$/m);
      assert.deepEqual(
        submits().map((c) => ({ mrap: c.mrap, account: c.accountId, updates: c.updates, status: c.status })),
        [{ mrap: arn, account: ACCOUNT, updates: [{ Bucket: USE1, TrafficDialPercentage: 100 }, { Bucket: EUW1, TrafficDialPercentage: 0 }], status: 200 }],
      );
      assert.equal(proxy.calls.filter((c) => c.operation === "SubmitMultiRegionAccessPointRoutes").length, 1);
      assert.deepEqual(dials(), { [USE1]: 100, [EUW1]: 0 });
      assert.deepEqual(await lastAudit(0), ["CreateMultiRegionAccessPoint steps-orders no-change", "SubmitMultiRegionAccessPointRoutes steps-orders applied-and-verified"]);
    });

    it("a second apply is no change and sends no PATCH", async () => {
      const since = (await audit()).length;
      reset();
      const run = await cli(["apply", "--yes", "routes.mrap.yaml"]);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.match(run.stdout, /^= SubmitMultiRegionAccessPointRoutes steps-orders \(123456789012\)$/m);
      assert.match(run.stdout, /^ {2}SubmitMultiRegionAccessPointRoutes steps-orders \(123456789012\): no change$/m);
      assert.match(run.stdout, /^No changes: the live state matches the manifest\.$/m);
      assert.deepEqual(submits(), []);
      assert.equal(proxy.calls.filter((c) => c.method === "PATCH").length, 0);
      assert.deepEqual(dials(), { [USE1]: 100, [EUW1]: 0 });
      assert.deepEqual(await lastAudit(since), ["CreateMultiRegionAccessPoint steps-orders no-change", "SubmitMultiRegionAccessPointRoutes steps-orders no-change"]);
    });

    it("routes that name Regions: plan, apply --format json, verified", async () => {
      await writeFile(join(cwd, "by-region.mrap.yaml"), mrapManifest([{ Region: "us-east-1", TrafficDialPercentage: 0 }, { Region: "eu-west-1", TrafficDialPercentage: 100 }]));
      const since = (await audit()).length;
      reset();
      const run = await cli(["apply", "--yes", "--format", "json", "by-region.mrap.yaml"]);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      const out = JSON.parse(run.stdout) as { status: string; steps: { operation: string; action: string; result?: { status: string } }[] };
      assert.equal(out.status, "applied");
      assert.deepEqual(out.steps.map((s) => `${s.operation} ${s.action} ${s.result?.status ?? "-"}`), ["CreateMultiRegionAccessPoint none no-change", "SubmitMultiRegionAccessPointRoutes change applied-and-verified"]);
      assert.deepEqual(submits().map((c) => c.updates), [[{ Region: "us-east-1", TrafficDialPercentage: 0 }, { Region: "eu-west-1", TrafficDialPercentage: 100 }]]);
      assert.deepEqual(dials(), { [USE1]: 0, [EUW1]: 100 });
      assert.deepEqual(await lastAudit(since), ["CreateMultiRegionAccessPoint steps-orders no-change", "SubmitMultiRegionAccessPointRoutes steps-orders applied-and-verified"]);
    });

    it("refuses Routes that set every route passive (exit 1, rule id shown, nothing submitted)", async () => {
      await writeFile(join(cwd, "passive.mrap.yaml"), mrapManifest([{ Bucket: USE1, TrafficDialPercentage: 0 }, { Bucket: EUW1, TrafficDialPercentage: 0 }]));
      const since = (await audit()).length;
      reset();
      const plan = await cli(["plan", "passive.mrap.yaml"]);
      assert.equal(plan.code, 1, plan.stdout + plan.stderr);
      assert.match(plan.stdout, /^ {2}\d+:\d+ {2}error {2}mrap\/route-active {2}Every route sets TrafficDialPercentage to 0\s/m);
      assert.match(plan.stdout, /^! SubmitMultiRegionAccessPointRoutes steps-orders \(123456789012\)$/m);
      assert.match(plan.stdout, /^Apply would refuse:$/m);
      const run = await cli(["apply", "--yes", "passive.mrap.yaml"]);
      assert.equal(run.code, 1, run.stdout + run.stderr);
      assert.match(run.stdout, /mrap\/route-active/);
      assert.match(run.stdout, /^Not applied: refused\.$/m);
      assert.deepEqual(submits(), []);
      assert.equal(proxy.calls.filter((c) => c.method === "PATCH").length, 0);
      assert.deepEqual(dials(), { [USE1]: 0, [EUW1]: 100 });
      const lines = (await audit()).slice(since);
      assert.deepEqual(summary(lines), ["SubmitMultiRegionAccessPointRoutes steps-orders refused"]);
      assert.deepEqual(lines[0]!["blockingRules"], ["mrap/route-active"], "the audit line names the rule that refused it");
    });

    it("refuses Routes that name one Region passive when the live routes leave no other active", async () => {
      // Only us-east-1 is active (seeded here); a manifest that names it alone at 0 lints as a warning (AWS keeps
      // the unnamed Region's dial), and the plan refuses it because the live routes show eu-west-1 passive.
      routes.seed({ accountId: ACCOUNT, alias: arn.split("/")[1]!, routes: [{ Bucket: USE1, Region: "us-east-1" }, { Bucket: EUW1, Region: "eu-west-1", TrafficDialPercentage: 0 }] });
      await writeFile(join(cwd, "passive-one.mrap.yaml"), mrapManifest([{ Bucket: USE1, TrafficDialPercentage: 0 }]));
      const since = (await audit()).length;
      reset();
      const plan = await cli(["plan", "passive-one.mrap.yaml"]);
      assert.equal(plan.code, 1, plan.stdout + plan.stderr);
      assert.match(plan.stdout, /warning {2}mrap\/route-active {2}Every listed route sets\s+TrafficDialPercentage to 0\./m);
      assert.match(plan.stdout, /^ {4}refused: After this update every route would be passive \(steps-orders-use1 \(us-east-1\) passive, steps-orders-euw1 \(eu-west-1\) passive\)/m);
      const run = await cli(["apply", "--yes", "passive-one.mrap.yaml"]);
      assert.equal(run.code, 1, run.stdout + run.stderr);
      assert.match(run.stdout, /^ {2}- SubmitMultiRegionAccessPointRoutes steps-orders: After this update every route would be passive/m);
      assert.match(run.stdout, /^Not applied: refused\.$/m);
      assert.deepEqual(submits(), []);
      assert.deepEqual(dials(), { [USE1]: 100, [EUW1]: 0 });
      assert.deepEqual(await lastAudit(since), ["SubmitMultiRegionAccessPointRoutes steps-orders refused"]);
    });
  });

  describe("a step planned after the create", () => {
    it("refuses a route update its input cannot carry, with an audit line, instead of exiting 2 after the create", async () => {
      // With valid-schema and route-dial off, a dial written as a string passes the manifest's lint; the routes
      // step is built only once the create has given the alias, and its input is not one the SDK accepts.
      await writeFile(join(cwd, "deferred.config.json"), JSON.stringify({ rules: { "mrap/valid-schema": "off", "mrap/route-dial": "off" } }));
      const manifest = mrapManifest([{ Bucket: USE1, TrafficDialPercentage: 100 }, { Bucket: EUW1, TrafficDialPercentage: 0 }])
        .replace(`Name: ${MRAP}`, "Name: steps-deferred")
        .replace("TrafficDialPercentage: 100", 'TrafficDialPercentage: "100"');
      await writeFile(join(cwd, "deferred.mrap.yaml"), manifest);
      const since = (await audit()).length;
      reset();
      const run = await cli(["apply", "--yes", "--skip-access-analyzer", "--config", "deferred.config.json", "deferred.mrap.yaml"]);
      assert.equal(run.code, 1, run.stdout + run.stderr);
      assert.match(run.stdout, /SubmitMultiRegionAccessPointRoutes: \/RouteUpdates\/0\/TrafficDialPercentage: is required and must be a number/);
      assert.deepEqual(await lastAudit(since), ["CreateMultiRegionAccessPoint steps-deferred applied-and-verified", "SubmitMultiRegionAccessPointRoutes steps-deferred refused"]);
      assert.deepEqual(submits(), []);
    });
  });

  describe("AccessPoints[].Policy (PutAccessPointPolicy)", () => {
    const narrower = () => apPolicy(AP, [read(AP)]);
    before(async () => {
      await writeFile(join(cwd, "policies/reports-ap.json"), narrower());
      await writeFile(join(cwd, "reports.mrap.yaml"), apManifest(AP, "./policies/reports-ap.json"));
    });

    it("plan shows the policy diff against the live policy and sends nothing", async () => {
      reset();
      const run = await cli(["plan", "reports.mrap.yaml"]);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.match(run.stdout, /^Plan for reports\.mrap\.yaml \(access points, account 123456789012\)$/m);
      assert.match(run.stdout, /^~ PutAccessPointPolicy steps-reports-ap \(123456789012, eu-west-1\)$/m);
      assert.match(run.stdout, /^ {4}- {7}"Sid": "Write",$/m);
      assert.match(run.stdout, /^ {4}- {9}"AWS": "arn:aws:iam::123456789012:role\/reports-writer"$/m);
      assert.doesNotMatch(run.stdout, /^ {4}\+ /m, "nothing is added");
      assert.match(run.stdout, /^Apply would proceed\.$/m);
      assert.equal(apPuts(AP).length, 0);
      assert.equal(proxy.calls.filter((c) => c.method !== "GET").length, 0, "a plan sends nothing");
      // Checked with Access Analyzer against the live policy.
      const check = aa.calls.find((c) => c.operation === "CheckNoNewAccess");
      assert.ok(check, "CheckNoNewAccess was called");
      assert.deepEqual(JSON.parse((check.body as { existingPolicyDocument: string }).existingPolicyDocument), JSON.parse(apPolicy(AP, [read(AP), write(AP)])));
    });

    it("apply --yes puts the policy in the access point's Region, reads it back, exits 0", async () => {
      const since = (await audit()).length;
      reset();
      const run = await cli(["apply", "--yes", "reports.mrap.yaml"]);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.match(run.stdout, /^ {2}PutAccessPointPolicy steps-reports-ap \(123456789012, eu-west-1\): applied and verified$/m);
      assert.match(run.stdout, /the access point policy read back is the one sent and AWS does not report it as public/);
      assert.match(run.stdout, /^Applied and verified\.$/m);
      const put = apPuts(AP);
      assert.equal(put.length, 1);
      assert.equal(put[0]!.targetStatus, 200);
      const index = proxy.calls.indexOf(put[0]!);
      assert.ok(proxy.calls.slice(index + 1).some((c) => c.method === "GET" && c.path === `/v20180820/accesspoint/${AP}/policy`), "read back after the put");
      assert.ok(proxy.calls.slice(index + 1).some((c) => c.method === "GET" && c.path === `/v20180820/accesspoint/${AP}/policyStatus`), "status checked after the put");
      assert.deepEqual(JSON.parse((await livePolicy(AP)) ?? "null"), JSON.parse(narrower()));
      const lines = (await audit()).slice(since);
      assert.deepEqual(summary(lines), ["PutAccessPointPolicy steps-reports-ap applied-and-verified"]);
      assert.equal(lines[0]!["accessAnalyzer"], "checked");
      assert.match(String(lines[0]!["beforeHash"]), /^sha256:/);
      assert.match(String(lines[0]!["afterHash"]), /^sha256:/);
      assert.notEqual(lines[0]!["beforeHash"], lines[0]!["afterHash"]);
    });

    it("a second apply is no change and puts nothing", async () => {
      const since = (await audit()).length;
      reset();
      const run = await cli(["apply", "--yes", "reports.mrap.yaml"]);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.match(run.stdout, /^= PutAccessPointPolicy steps-reports-ap \(123456789012, eu-west-1\)$/m);
      assert.match(run.stdout, /^No changes: the live state matches the manifest\.$/m);
      assert.equal(apPuts(AP).length, 0);
      assert.deepEqual(await lastAudit(since), ["PutAccessPointPolicy steps-reports-ap no-change"]);
    });

    it("a put AWS then reports as public ends applied, not verified: exit 1", async () => {
      const noDelete = apPolicy(AP, [read(AP), { Sid: "NoDelete", Effect: "Deny", Principal: "*", Action: "s3:DeleteObject", Resource: `${apArn(AP)}/object/*` }]);
      await writeFile(join(cwd, "policies/no-delete-ap.json"), noDelete);
      await writeFile(join(cwd, "no-delete.mrap.yaml"), apManifest(AP, "./policies/no-delete-ap.json"));
      const since = (await audit()).length;
      reset();
      reportPublic = true;
      try {
        const run = await cli(["apply", "--yes", "no-delete.mrap.yaml"]);
        assert.equal(run.code, 1, run.stdout + run.stderr);
        assert.match(run.stdout, /^ {2}PutAccessPointPolicy steps-reports-ap \(123456789012, eu-west-1\): applied, not yet verified$/m);
        assert.match(run.stdout, /AWS reports the access point policy of arn:aws:s3:eu-west-1:123456789012:accesspoint\/steps-reports-ap as public \(GetAccessPointPolicyStatus\); review it now/);
        assert.match(run.stdout, /^Applied, not yet verified: check again later\.$/m);
      } finally {
        reportPublic = false;
      }
      assert.equal(apPuts(AP).length, 1);
      assert.deepEqual(JSON.parse((await livePolicy(AP)) ?? "null"), JSON.parse(noDelete));
      assert.deepEqual(await lastAudit(since), ["PutAccessPointPolicy steps-reports-ap applied-not-verified"]);
      // Back to the policy the next tests start from.
      await apControl.send(new PutAccessPointPolicyCommand({ AccountId: ACCOUNT, Name: AP, Policy: narrower() }));
    });

    it("refuses a public access point policy: exit 1, the rule id, nothing put", async () => {
      const open = apPolicy(AP, [{ ...read(AP), Principal: "*" }]);
      await writeFile(join(cwd, "policies/public-ap.json"), open);
      await writeFile(join(cwd, "public.mrap.yaml"), apManifest(AP, "./policies/public-ap.json"));
      const since = (await audit()).length;
      reset();
      const plan = await cli(["plan", "public.mrap.yaml"]);
      assert.equal(plan.code, 1, plan.stdout + plan.stderr);
      assert.match(plan.stdout, /^ {2}\d+:\d+ {2}error {2}policy\/public-access {2}Statement "Read" is public: /m);
      assert.match(plan.stdout, /^! PutAccessPointPolicy steps-reports-ap \(123456789012, eu-west-1\)$/m);
      assert.match(plan.stdout, /^Apply would refuse:$/m);
      const run = await cli(["apply", "--yes", "public.mrap.yaml"]);
      assert.equal(run.code, 1, run.stdout + run.stderr);
      assert.match(run.stdout, /policy\/public-access/);
      assert.match(run.stdout, /^Not applied: refused\.$/m);
      assert.equal(apPuts(AP).length, 0);
      assert.equal(proxy.calls.filter((c) => c.method === "PUT").length, 0);
      assert.deepEqual(JSON.parse((await livePolicy(AP)) ?? "null"), JSON.parse(narrower()));
      const lines = (await audit()).slice(since);
      assert.deepEqual(summary(lines), ["PutAccessPointPolicy steps-reports-ap refused"]);
      assert.deepEqual(lines[0]!["blockingRules"], ["policy/public-access"], "the audit line names the rule that refused it");
    });

    it("--format json gives each of two access points with one name (in two Regions) its own result", async () => {
      // Access point names are unique per account and Region, so one name can be two access points. moto keeps
      // one access point per name whatever the Region, so the us-west-2 one is moto's `${AP}-usw2`, reached by
      // rewriting the path of the requests signed for us-west-2.
      const usw2 = "us-west-2";
      const twin = `${AP}-usw2`;
      await s3Client(moto().url, { region: usw2 }).send(new CreateBucketCommand({ Bucket: "steps-reports-usw2", CreateBucketConfiguration: { LocationConstraint: usw2 } }));
      await s3ControlClient(moto().url, { region: usw2 }).send(new CreateAccessPointCommand({ AccountId: ACCOUNT, Name: twin, Bucket: "steps-reports-usw2" }));
      const stop = proxy.intercept(async (request) => {
        const prefix = `/v20180820/accesspoint/${AP}`;
        if (!(request.path === prefix || request.path.startsWith(`${prefix}/`)) || request.path.endsWith("/policyStatus")) return undefined;
        if (!/\/us-west-2\/s3\/aws4_request/.test(String(request.headers.authorization))) return undefined;
        const headers = Object.fromEntries(Object.entries(request.headers).filter((e): e is [string, string] => typeof e[1] === "string" && !["host", "connection", "content-length"].includes(e[0])));
        const answer = await fetch(`${moto().url}/v20180820/accesspoint/${twin}${request.path.slice(prefix.length)}`, {
          method: request.method,
          headers,
          ...(request.method === "GET" ? {} : { body: request.body }),
        });
        return { status: answer.status, headers: { "content-type": answer.headers.get("content-type") ?? "application/xml" }, body: (await answer.text()).replaceAll(twin, AP) };
      });
      const policies = { [AP_REGION]: apPolicy(AP, [read(AP), write(AP)]), [usw2]: apPolicy(AP, [read(AP, usw2)]) };
      await writeFile(join(cwd, "policies/reports-ap-euw1.json"), policies[AP_REGION]!);
      await writeFile(join(cwd, "policies/reports-ap-usw2.json"), policies[usw2]!);
      await writeFile(
        join(cwd, "two-regions.mrap.yaml"),
        apManifest(AP, "./policies/reports-ap-euw1.json") + `  - Name: ${AP}\n    Region: ${usw2}\n    Bucket: steps-reports-usw2\n    Policy: ./policies/reports-ap-usw2.json\n`,
      );
      const since = (await audit()).length;
      reset();
      const run = await cli(["apply", "--yes", "--allow-new-access", "--format", "json", "two-regions.mrap.yaml"]).finally(stop);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      const out = JSON.parse(run.stdout) as { status: string; steps: { operation: string; region?: string; result?: { status: string; afterHash?: string } }[] };
      assert.equal(out.status, "applied");
      assert.deepEqual(
        out.steps.map((s) => [s.operation, s.region, s.result?.status, s.result?.afterHash]),
        [
          ["PutAccessPointPolicy", AP_REGION, "applied-and-verified", policyHash(policies[AP_REGION]!)],
          ["PutAccessPointPolicy", usw2, "applied-and-verified", policyHash(policies[usw2]!)],
        ],
      );
      assert.equal(apPuts(AP).length, 2);
      assert.deepEqual(await lastAudit(since), ["PutAccessPointPolicy steps-reports-ap applied-and-verified", "PutAccessPointPolicy steps-reports-ap applied-and-verified"]);
      assert.deepEqual(JSON.parse((await livePolicy(twin)) ?? "null"), JSON.parse(policies[usw2]!));
      // Back to the policy the next tests start from.
      await apControl.send(new PutAccessPointPolicyCommand({ AccountId: ACCOUNT, Name: AP, Policy: narrower() }));
    });

    it("refuses an access point that does not exist and says to create it", async () => {
      await writeFile(join(cwd, "policies/missing-ap.json"), apPolicy("steps-missing-ap", [read("steps-missing-ap")]));
      await writeFile(join(cwd, "missing.mrap.yaml"), apManifest("steps-missing-ap", "./policies/missing-ap.json"));
      const since = (await audit()).length;
      reset();
      const plan = await cli(["plan", "missing.mrap.yaml"]);
      assert.equal(plan.code, 1, plan.stdout + plan.stderr);
      const refusal = /The access point steps-missing-ap does not exist in account 123456789012 in eu-west-1: create the access point first\./;
      assert.match(plan.stdout, /^! PutAccessPointPolicy steps-missing-ap \(123456789012, eu-west-1\)$/m);
      assert.match(plan.stdout, refusal);
      const run = await cli(["apply", "--yes", "missing.mrap.yaml"]);
      assert.equal(run.code, 1, run.stdout + run.stderr);
      assert.match(run.stdout, refusal);
      assert.match(run.stdout, /^Not applied: refused\.$/m);
      assert.equal(apPuts("steps-missing-ap").length, 0);
      assert.equal(proxy.calls.filter((c) => c.method === "PUT").length, 0);
      const lines = (await audit()).slice(since);
      assert.deepEqual(summary(lines), ["PutAccessPointPolicy steps-missing-ap refused"]);
      assert.match(String(lines[0]!["message"]), refusal);
    });
  });

  describe("audit log", () => {
    const tlsOnly = () =>
      apPolicy(AP, [
        read(AP),
        { Sid: "TlsOnly", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: `${apArn(AP)}/object/*`, Condition: { Bool: { "aws:SecureTransport": "false" } } },
      ]);
    before(async () => {
      const live = await direct.send(new GetMultiRegionAccessPointCommand({ AccountId: ACCOUNT, Name: MRAP }));
      const alias = live.AccessPoint?.Alias ?? "";
      const statement = { Sid: "OrdersApp", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/orders-app` }, Action: ["s3:GetObject"], Resource: `arn:aws:s3::${ACCOUNT}:accesspoint/${alias}/object/*` };
      await writeFile(join(cwd, "policies/steps-orders.mrap-policy.json"), JSON.stringify({ Version: "2012-10-17", Statement: [statement] }, null, 2) + "\n");
      await writeFile(join(cwd, "policies/reports-ap-tls.json"), tlsOnly());
      const manifest =
        mrapManifest([{ Bucket: USE1, TrafficDialPercentage: 0 }, { Bucket: EUW1, TrafficDialPercentage: 100 }], "  Policy: ./policies/steps-orders.mrap-policy.json\n") +
        apManifest(AP, "./policies/reports-ap-tls.json").replace(`AccountId: "${ACCOUNT}"\n`, "");
      await writeFile(join(cwd, "full.mrap.yaml"), manifest);
      routes.seed({ accountId: ACCOUNT, alias, routes: [{ Bucket: USE1, Region: "us-east-1" }, { Bucket: EUW1, Region: "eu-west-1", TrafficDialPercentage: 0 }] });
    });

    it("a step that fails stops the apply: one line per step that ran, none for the step after it", async () => {
      const since = (await audit()).length;
      reset();
      proxy.faults([{ kind: "error", status: 409, protocol: "xml", code: "Conflict", message: "Another route update is in progress.", match: { operation: "SubmitMultiRegionAccessPointRoutes" } }]);
      const run = await cli(["apply", "--yes", "full.mrap.yaml"]);
      assert.equal(run.code, 1, run.stdout + run.stderr);
      assert.match(run.stdout, /^ {2}CreateMultiRegionAccessPoint steps-orders \(123456789012\): no change$/m);
      assert.match(run.stdout, /^ {2}PutMultiRegionAccessPointPolicy steps-orders \(123456789012\): applied and verified$/m);
      assert.match(run.stdout, /^ {2}SubmitMultiRegionAccessPointRoutes steps-orders \(123456789012\): not applied \(failed\)$/m);
      assert.match(run.stdout, /another route update for this Multi-Region Access Point was in progress \(HTTP 409\)/);
      assert.match(run.stdout, /^ {2}1 later step\(s\) not run\.$/m);
      assert.doesNotMatch(run.stdout, /PutAccessPointPolicy steps-reports-ap \(123456789012, eu-west-1\):/);
      assert.equal(apPuts(AP).length, 0);
      assert.deepEqual(dials(), { [USE1]: 100, [EUW1]: 0 });
      const lines = (await audit()).slice(since);
      assert.deepEqual(summary(lines), [
        "CreateMultiRegionAccessPoint steps-orders no-change",
        "PutMultiRegionAccessPointPolicy steps-orders applied-and-verified",
        "SubmitMultiRegionAccessPointRoutes steps-orders failed",
      ]);
      const error = lines[2]!["error"] as { code?: string; requestId?: string } | undefined;
      assert.equal(error?.code, "Conflict");
      assert.match(error?.requestId ?? "", /^proxy-req-\d+$/);
    });

    it("applying again runs every step, each with its line", async () => {
      const since = (await audit()).length;
      reset();
      const run = await cli(["apply", "--yes", "full.mrap.yaml"]);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.equal(submits().length, 1);
      assert.deepEqual(dials(), { [USE1]: 0, [EUW1]: 100 });
      assert.equal(apPuts(AP).length, 1);
      assert.deepEqual(JSON.parse((await livePolicy(AP)) ?? "null"), JSON.parse(tlsOnly()));
      const lines = (await audit()).slice(since);
      assert.deepEqual(summary(lines), [
        "CreateMultiRegionAccessPoint steps-orders no-change",
        "PutMultiRegionAccessPointPolicy steps-orders no-change",
        "SubmitMultiRegionAccessPointRoutes steps-orders applied-and-verified",
        "PutAccessPointPolicy steps-reports-ap applied-and-verified",
      ]);
      assert.ok(lines.every((l) => l["accessAnalyzer"] === "checked" && /^mrap-guard /.test(String(l["tool"]))));
    });
  });
});
