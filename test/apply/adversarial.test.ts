/**
 * Attempts to fool the guarded apply: into sending what did not pass the lint, or into reporting a success
 * (applied-and-verified, no-change) that was not verified. Real SDK clients, through the fault proxy, to
 * moto_server and our Access Analyzer server; routes are emulated on the proxy (moto 5.2.1 does not serve them).
 */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import {
  CreateMultiRegionAccessPointCommand,
  GetMultiRegionAccessPointCommand,
  GetMultiRegionAccessPointPolicyCommand,
  PutMultiRegionAccessPointPolicyCommand,
  type S3ControlClient,
} from "@aws-sdk/client-s3-control";
import { rules } from "../../rules/index.js";
import { applyManifest, createMultiRegionAccessPoint, putMultiRegionAccessPointPolicy, submitMultiRegionAccessPointRoutes } from "../../src/apply/index.js";
import { samePolicy } from "../../src/apply/policy-text.js";
import type { GuardOptions } from "../../src/apply/types.js";
import { ConfigError } from "../../src/engine/errors.js";
import { startAccessAnalyzerServer, awsJsonError, type AccessAnalyzerServer } from "../support/access-analyzer-server.js";
import { s3ControlClient } from "../support/clients.js";
import { s3ControlErrorXml, startFaultProxy, type FaultProxy } from "../support/fault-proxy.js";
import { emulateMrapRoutes, type MrapRoutesEmulator } from "../support/mrap-routes.js";
import { motoGate, useMoto } from "../support/moto.js";
import { createDelegatingBuckets, guardClients } from "../support/guarded-setup.js";

const ACCOUNT = "123456789012";
const ENGINE = { rules, toolVersion: "test" };
const REGIONS: Record<string, string> = { "adv-use1": "us-east-1", "adv-euw1": "eu-west-1" };

describe("samePolicy claims equality only where AWS reads the same policy", () => {
  it("keeps whitespace, key order and string escapes out of the comparison", () => {
    assert.ok(samePolicy('{"b":1,"a":["x"]}', '{ "a" : [ "\\u0078" ], "b" : 1 }'));
  });

  it("does not equate a member named __proto__ with its absence", () => {
    const plain = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"s3:GetObject","Resource":"*"}]}';
    const extra = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root","__proto__":{"AWS":"*"}},"Action":"s3:GetObject","Resource":"*"}]}';
    assert.equal(samePolicy(plain, extra), false);
  });

  it("does not equate numbers that differ beyond double precision, or written differently", () => {
    assert.equal(samePolicy('{"n":12345678901234567890}', '{"n":12345678901234567891}'), false);
    assert.equal(samePolicy('{"n":1e2}', '{"n":100}'), false);
    assert.equal(samePolicy('{"n":1}', '{"n":"1"}'), false);
    assert.equal(samePolicy('{"n":["a"]}', '{"n":"a"}'), false);
  });

  it("does not equate a text with repeated keys with the one JSON.parse keeps", () => {
    assert.equal(samePolicy('{"Effect":"Deny","Effect":"Allow"}', '{"Effect":"Allow"}'), false);
    assert.ok(samePolicy('{"Effect":"Deny","Effect":"Allow"}', '{"Effect":"Deny","Effect":"Allow"}'));
  });
});

const gate = motoGate();
describe("adversarial guarded apply against moto", { skip: gate.skip }, () => {
  const moto = useMoto(gate);
  let proxy: FaultProxy;
  let analyzer: AccessAnalyzerServer;
  let routes: MrapRoutesEmulator;
  let direct: S3ControlClient;
  let counter = 0;
  let warnings: string[] = [];

  const options = (extra: GuardOptions = {}): GuardOptions => ({
    clients: guardClients(proxy.url, analyzer.url),
    pollIntervalMs: { initial: 5, max: 20 },
    timeoutSeconds: 3,
    logger: { warn: (line) => warnings.push(line) },
    ...extra,
  });
  const sent = (operation: string) => proxy.calls.filter((call) => call.operation === operation);

  before(async () => {
    proxy = await startFaultProxy({ target: moto().url });
    analyzer = await startAccessAnalyzerServer();
    routes = emulateMrapRoutes(proxy);
    direct = s3ControlClient(moto().url);
    await createDelegatingBuckets(moto().url, REGIONS, ACCOUNT);
  });
  after(async () => {
    await proxy?.close();
    await analyzer?.close();
  });
  beforeEach(() => {
    proxy.clear();
    routes.calls.length = 0;
    analyzer.reset();
    warnings = [];
  });

  /** A new READY MRAP over both buckets; its name and alias. */
  const newMrap = async (): Promise<{ name: string; alias: string }> => {
    const name = `adv-${++counter}`;
    await direct.send(new CreateMultiRegionAccessPointCommand({ AccountId: ACCOUNT, ClientToken: `t-${name}`, Details: { Name: name, Regions: Object.keys(REGIONS).map((Bucket) => ({ Bucket })) } }));
    const alias = (await direct.send(new GetMultiRegionAccessPointCommand({ AccountId: ACCOUNT, Name: name }))).AccessPoint?.Alias ?? "";
    proxy.clear();
    return { name, alias };
  };
  const policyFor = (alias: string, actions: string[] = ["s3:GetObject"]) => ({
    Version: "2012-10-17",
    Statement: [{ Sid: "App", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/app` }, Action: actions, Resource: `arn:aws:s3::${ACCOUNT}:accesspoint/${alias}/object/*` }],
  });
  /** What moto holds, read around the proxy; undefined when the MRAP has no policy. */
  const livePolicy = async (name: string): Promise<string | undefined> => {
    try {
      return (await direct.send(new GetMultiRegionAccessPointPolicyCommand({ AccountId: ACCOUNT, Name: name }))).Policy?.Established?.Policy;
    } catch (error) {
      if (error instanceof Error && /^NoSuch/.test(error.name)) return undefined;
      throw error;
    }
  };

  it("create: an MRAP that exists as asked but is not READY is not 'no change'", async () => {
    const { name } = await newMrap();
    proxy.faults([{ kind: "rewrite", match: { operation: "GetMultiRegionAccessPoint" }, transform: (body) => body.replace("<Status>READY</Status>", "<Status>PARTIALLY_CREATED</Status>") }]);
    // mrap/not-ready says so too, but the config can turn a rule off; the guarded call does not rely on it.
    const config = { rules: { "mrap/not-ready": "off" } };
    const result = await createMultiRegionAccessPoint({ AccountId: ACCOUNT, Details: { Name: name, Regions: Object.keys(REGIONS).map((Bucket) => ({ Bucket })) } }, options({ skipAccessAnalyzer: true, config }), ENGINE);
    assert.equal(result.status, "refused", result.message);
    assert.match(result.message, /PARTIALLY_CREATED/);
    assert.equal(sent("CreateMultiRegionAccessPoint").length, 0);
  });

  it("create: a lost answer followed by a failed read is 'may or may not have been created', not 'nothing was created'", async () => {
    const name = `adv-new-${++counter}`;
    let created = false;
    const stop = proxy.intercept((request) => {
      if (request.operation === "CreateMultiRegionAccessPoint") created = true;
      else if (created && request.operation === "GetMultiRegionAccessPoint") return { status: 403, body: s3ControlErrorXml("AccessDenied", "Access Denied", "req-read-1") };
      return undefined;
    });
    try {
      proxy.faults([{ kind: "drop-after-forward", match: { operation: "CreateMultiRegionAccessPoint" } }]);
      const result = await createMultiRegionAccessPoint({ AccountId: ACCOUNT, Details: { Name: name, Regions: [{ Bucket: "adv-use1" }] } }, options({ skipAccessAnalyzer: true }), ENGINE);
      assert.equal(result.status, "applied-not-verified", result.message);
      assert.doesNotMatch(result.message, /nothing was created/);
      assert.match(result.message, /the answer to CreateMultiRegionAccessPoint was lost, and GetMultiRegionAccessPoint, which would tell, failed \(AccessDenied, request id req-read-1\)/);
      assert.equal(result.error?.code, "AccessDenied");
      assert.equal(result.error?.requestId, "req-read-1");
    } finally {
      stop();
    }
    assert.equal((await direct.send(new GetMultiRegionAccessPointCommand({ AccountId: ACCOUNT, Name: name }))).AccessPoint?.Name, name, "the create did reach moto");
  });

  it("routes: an update that names no route of the MRAP is refused, not 'no change' (even with mrap/route-target off)", async () => {
    const { name } = await newMrap();
    const arn = await routes.seedFromMoto(direct, { accountId: ACCOUNT, name, regions: REGIONS });
    const result = await submitMultiRegionAccessPointRoutes(
      { AccountId: ACCOUNT, Mrap: arn, RouteUpdates: [{ Bucket: "adv-usw2", TrafficDialPercentage: 0 }] },
      options({ config: { rules: { "mrap/route-target": "off" } } }),
      ENGINE,
    );
    assert.equal(result.status, "refused", result.message);
    assert.match(result.message, /adv-usw2/);
    assert.equal(routes.calls.filter((c) => c.operation === "SubmitMultiRegionAccessPointRoutes").length, 0);
  });

  it("a config suppression cannot silence Access Analyzer being unreachable (core/service-error)", async () => {
    const { name, alias } = await newMrap();
    analyzer.script(() => awsJsonError("AccessDeniedException", 403, "User is not authorized to perform: access-analyzer:ValidatePolicy"));
    const input = { AccountId: ACCOUNT, Details: { Name: name, Policy: JSON.stringify(policyFor(alias)) } };
    await assert.rejects(
      putMultiRegionAccessPointPolicy(input, options({ config: { suppressions: [{ rule: "core/service-error", reason: "Access Analyzer is flaky" }] } }), ENGINE),
      (error: unknown) => error instanceof ConfigError && /"core\/service-error" cannot be suppressed/.test(error.message),
    );
    const result = await putMultiRegionAccessPointPolicy(input, options({ config: { suppressions: [{ rule: "core/*", reason: "noisy" }] } }), ENGINE);
    assert.equal(result.status, "refused", result.message);
    assert.ok(result.findings.some((f) => f.ruleId === "core/service-error"));
    assert.equal(sent("PutMultiRegionAccessPointPolicy").length, 0);
    assert.equal(await livePolicy(name), undefined);
  });

  it("a policy string that starts with a byte order mark is not linted as if it had none", async () => {
    const { name, alias } = await newMrap();
    const result = await putMultiRegionAccessPointPolicy({ AccountId: ACCOUNT, Details: { Name: name, Policy: `\uFEFF${JSON.stringify(policyFor(alias))}` } }, options(), ENGINE);
    assert.equal(result.status, "refused", result.message);
    assert.ok(result.findings.some((f) => f.ruleId === "core/parse-error"), JSON.stringify(result.findings.map((f) => f.ruleId)));
    assert.equal(sent("PutMultiRegionAccessPointPolicy").length, 0);
  });

  it("a read that fails after the put is 'applied, not verified', never 'failed: nothing was sent'", async () => {
    const { name, alias } = await newMrap();
    const dir = await mkdtemp(join(tmpdir(), "mrap-guard-adv-audit-"));
    const auditLog = join(dir, "audit.jsonl");
    try {
      proxy.faults([{ kind: "error", status: 403, protocol: "xml", code: "AccessDenied", message: "no status for you", match: { operation: "GetMultiRegionAccessPointPolicyStatus" } }]);
      const result = await putMultiRegionAccessPointPolicy({ AccountId: ACCOUNT, Details: { Name: name, Policy: JSON.stringify(policyFor(alias)) } }, options({ auditLog }), ENGINE);
      assert.equal(result.status, "applied-not-verified", result.message);
      assert.equal(result.error?.code, "AccessDenied");
      assert.match(result.error?.requestId ?? "", /^proxy-req-\d+$/);
      assert.doesNotMatch(result.message, /nothing was sent/);
      assert.equal(sent("PutMultiRegionAccessPointPolicy").length, 1);
      assert.ok(samePolicy(await livePolicy(name), JSON.stringify(policyFor(alias))));
      const lines = (await readFile(auditLog, "utf8")).trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
      assert.deepEqual(lines.map((line) => line["type"]), ["intent", "result"]);
      assert.equal(lines[1]!["result"], "applied-not-verified");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("applyManifest: an asynchronous confirm that answers false stops before anything is sent", async () => {
    const { name, alias } = await newMrap();
    const cwd = await mkdtemp(join(tmpdir(), "mrap-guard-adv-"));
    try {
      await mkdir(join(cwd, ".git"));
      const manifest = {
        AccountId: ACCOUNT,
        MultiRegionAccessPoint: { Name: name, Regions: Object.entries(REGIONS).map(([Bucket, Region]) => ({ Bucket, Region })), Policy: policyFor(alias) },
      };
      await writeFile(join(cwd, "m.mrap.json"), JSON.stringify(manifest, null, 2));
      let asked = 0;
      const outcome = await applyManifest(
        "m.mrap.json",
        {
          ...options({ cwd }),
          confirm: async () => {
            asked++;
            return false;
          },
        },
        ENGINE,
      );
      assert.ok(asked > 0, JSON.stringify(outcome.plan.refusals) + outcome.status + JSON.stringify(outcome.plan.lint));
      assert.notEqual(outcome.status, "applied");
      assert.equal(sent("PutMultiRegionAccessPointPolicy").length, 0);
      assert.equal(await livePolicy(name), undefined);
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });

  it("applyManifest sends the policy file as its lint read it, not as it reads after a change during the plan", async () => {
    const { name, alias } = await newMrap();
    const cwd = await mkdtemp(join(tmpdir(), "mrap-guard-adv-"));
    try {
      await mkdir(join(cwd, ".git"));
      const manifest = { AccountId: ACCOUNT, MultiRegionAccessPoint: { Name: name, Regions: Object.entries(REGIONS).map(([Bucket, Region]) => ({ Bucket, Region })), Policy: "./p.json" } };
      await writeFile(join(cwd, "m.mrap.json"), JSON.stringify(manifest, null, 2));
      const linted = JSON.stringify(policyFor(alias), null, 2);
      const later = JSON.stringify(policyFor(alias, ["s3:GetObject", "s3:PutObject"]), null, 2);
      await writeFile(join(cwd, "p.json"), linted);
      // The manifest's lint has read the files by the time it reads the live buckets; the file changes then.
      proxy.faults([{ kind: "before", match: { operation: "GetBucketPolicy" }, run: () => writeFile(join(cwd, "p.json"), later) }]);
      const outcome = await applyManifest("m.mrap.json", { ...options({ cwd, allowNewAccess: true }) }, ENGINE);
      assert.equal(outcome.status, "applied", JSON.stringify(outcome.results.map((r) => r.message)));
      assert.equal(await readFile(join(cwd, "p.json"), "utf8"), later, "the file did change during the plan");
      assert.ok(samePolicy(await livePolicy(name), linted), "what was sent is what the lint read and the plan showed");
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });

  it("keeps a live policy nobody asked for out of a no-change claim (seeded __proto__ member)", async () => {
    const { name, alias } = await newMrap();
    const wanted = policyFor(alias);
    const statement = wanted.Statement[0]!;
    const live = `{"Version":"2012-10-17","Statement":[{"Sid":"App","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${ACCOUNT}:role/app","__proto__":{"AWS":"*"}},"Action":["s3:GetObject"],"Resource":"${statement.Resource}"}]}`;
    await direct.send(new PutMultiRegionAccessPointPolicyCommand({ AccountId: ACCOUNT, ClientToken: `seed-${name}`, Details: { Name: name, Policy: live } }));
    // Our Access Analyzer server reads the live policy with JSON.parse too, and calls the wanted one new access.
    const result = await putMultiRegionAccessPointPolicy({ AccountId: ACCOUNT, Details: { Name: name, Policy: JSON.stringify(wanted) } }, options({ allowNewAccess: true }), ENGINE);
    assert.equal(result.status, "applied-and-verified", result.message);
    assert.equal(sent("PutMultiRegionAccessPointPolicy").length, 1);
  });
});
