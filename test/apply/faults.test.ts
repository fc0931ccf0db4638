/**
 * A truthful apply under every fault (issue 11): moto behind the fault proxy, which forwards a call and then
 * loses, garbles or replaces its answer, or hangs. Ground truth is read from moto directly; every result must
 * match it, within the deadline.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";
import {
  CreateMultiRegionAccessPointCommand,
  GetMultiRegionAccessPointCommand,
  GetMultiRegionAccessPointPolicyCommand,
  PutMultiRegionAccessPointPolicyCommand,
  type S3ControlClient,
} from "@aws-sdk/client-s3-control";
import { rules } from "../../rules/index.js";
import { createMultiRegionAccessPoint, putMultiRegionAccessPointPolicy } from "../../src/apply/index.js";
import { lockPath } from "../../src/apply/lock.js";
import { samePolicy } from "../../src/apply/policy-text.js";
import type { GuardOptions, GuardResult } from "../../src/apply/types.js";
import { startAccessAnalyzerServer, type AccessAnalyzerServer } from "../support/access-analyzer-server.js";
import { isolatedAwsEnv, s3ControlClient } from "../support/clients.js";
import { asyncOperationStatus, startFaultProxy, type FaultProxy } from "../support/fault-proxy.js";
import { motoGate, useMoto } from "../support/moto.js";
import { createDelegatingBuckets, guardClients } from "../support/guarded-setup.js";

const ACCOUNT = "123456789012";
const ENGINE = { rules, toolVersion: "test" };
const REGIONS: Record<string, string> = { "flt-use1": "us-east-1", "flt-euw1": "eu-west-1" };
const REPO = new URL("../..", import.meta.url).pathname;
const HTML_403 = "<html><head><title>403 Forbidden</title></head><body><h1>403 Forbidden</h1><p>Request blocked.</p></body></html>";
/** Never answers within a test (the client gives up first). */
const forever = (): Promise<undefined> => new Promise((resolve) => setTimeout(() => resolve(undefined), 180_000).unref());

type Line = Record<string, unknown>;
const auditLines = async (file: string, operation?: string): Promise<Line[]> =>
  (await readFile(file, "utf8"))
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Line)
    .filter((line) => operation === undefined || line["operation"] === operation);
const POLICY_PUT = "PutMultiRegionAccessPointPolicy";

const gate = motoGate();
describe("a truthful guarded apply under faults after the request reached AWS", { skip: gate.skip }, () => {
  const moto = useMoto(gate);
  let proxy: FaultProxy;
  let analyzer: AccessAnalyzerServer;
  let direct: S3ControlClient;
  let counter = 0;
  let warnings: string[] = [];
  let dir: string;

  const options = (extra: GuardOptions = {}): GuardOptions => ({
    clients: guardClients(proxy.url, analyzer.url),
    pollIntervalMs: { initial: 5, max: 20 },
    timeoutSeconds: 5,
    maxAttempts: 2,
    logger: { warn: (line) => warnings.push(line) },
    ...extra,
  });
  const sent = (operation: string) => proxy.calls.filter((call) => call.operation === operation);

  before(async () => {
    proxy = await startFaultProxy({ target: moto().url });
    analyzer = await startAccessAnalyzerServer();
    direct = s3ControlClient(moto().url);
    await createDelegatingBuckets(moto().url, REGIONS, ACCOUNT);
  });
  after(async () => {
    await proxy?.close();
    await analyzer?.close();
  });
  beforeEach(async () => {
    proxy.clear();
    analyzer.reset();
    warnings = [];
    dir = await mkdtemp(join(tmpdir(), "mrap-guard-faults-"));
  });

  const newMrap = async (): Promise<{ name: string; alias: string }> => {
    const name = `flt-${++counter}`;
    await direct.send(new CreateMultiRegionAccessPointCommand({ AccountId: ACCOUNT, ClientToken: `t-${name}`, Details: { Name: name, Regions: Object.keys(REGIONS).map((Bucket) => ({ Bucket })) } }));
    const alias = (await direct.send(new GetMultiRegionAccessPointCommand({ AccountId: ACCOUNT, Name: name }))).AccessPoint?.Alias ?? "";
    proxy.clear();
    return { name, alias };
  };
  const policyFor = (alias: string, actions: string[] = ["s3:GetObject"]): string =>
    JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Sid: "App", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/app` }, Action: actions, Resource: `arn:aws:s3::${ACCOUNT}:accesspoint/${alias}/object/*` }],
    });
  const seed = (name: string, policy: string) => direct.send(new PutMultiRegionAccessPointPolicyCommand({ AccountId: ACCOUNT, ClientToken: `seed-${name}-${policy.length}`, Details: { Name: name, Policy: policy } }));
  /** What moto holds, read around the proxy. */
  const livePolicy = async (name: string): Promise<string | undefined> => {
    try {
      return (await direct.send(new GetMultiRegionAccessPointPolicyCommand({ AccountId: ACCOUNT, Name: name }))).Policy?.Established?.Policy;
    } catch (error) {
      if (error instanceof Error && /^NoSuch/.test(error.name)) return undefined;
      throw error;
    }
  };
  const liveMrap = async (name: string) => {
    try {
      return (await direct.send(new GetMultiRegionAccessPointCommand({ AccountId: ACCOUNT, Name: name }))).AccessPoint;
    } catch (error) {
      if (error instanceof Error && /^NoSuch/.test(error.name)) return undefined;
      throw error;
    }
  };
  /** The first `read` after the first `operation` gets the answer it got before (a stale read); returns a remover. */
  const staleAfter = (operation: string, read: string): (() => void) => {
    let armed = false;
    const stop = proxy.intercept((request) => {
      if (request.operation === operation && !armed) {
        armed = true;
        proxy.faults([{ kind: "stale", match: { operation: read } }]);
      }
      return undefined;
    });
    return stop;
  };
  const put = (name: string, policy: string, extra: GuardOptions = {}): Promise<GuardResult> =>
    putMultiRegionAccessPointPolicy({ AccountId: ACCOUNT, Details: { Name: name, Policy: policy } }, options(extra), ENGINE);

  describe("the put reached AWS, then the answer was not AWS's", () => {
    const cases: [string, (body: string) => string | { status: number; body: string }][] = [
      ["a malformed 200", (body) => body.slice(0, 30)],
      ["a 403 HTML page", () => ({ status: 403, body: HTML_403 })],
      ["a 502 HTML page", () => ({ status: 502, body: HTML_403.replaceAll("403 Forbidden", "502 Bad Gateway") })],
    ];
    for (const [what, transform] of cases) {
      it(`${what}: the live policy is the one sent, so it is applied and verified (not "failed", not "someone else")`, async () => {
        const { name, alias } = await newMrap();
        const policy = policyFor(alias);
        proxy.faults([{ kind: "rewrite", match: { operation: "PutMultiRegionAccessPointPolicy" }, transform }]);
        const result = await put(name, policy);
        assert.ok(samePolicy(await livePolicy(name), policy), "the put did land in moto");
        assert.equal(result.status, "applied-and-verified", result.message);
        assert.match(result.message, /did not tell whether AWS took it .*but the live state shows the policy landed\. Applied and verified/);
        assert.doesNotMatch(result.message, /someone else/);
        assert.equal(sent("PutMultiRegionAccessPointPolicy").filter((c) => c.forwarded).length, 1, "sent once: the read showed it landed");
      });
    }

    it("a 403 HTML page that never reached AWS: failed, and the live state proves nothing changed", async () => {
      const { name, alias } = await newMrap();
      const old = policyFor(alias);
      await seed(name, old);
      const html = { kind: "respond" as const, status: 403, headers: { "content-type": "text/html" }, body: HTML_403, match: { operation: "PutMultiRegionAccessPointPolicy" } };
      proxy.faults([html, html]);
      const result = await put(name, policyFor(alias, ["s3:GetObject", "s3:GetObjectVersion"]), { allowNewAccess: true });
      assert.equal(result.status, "failed", result.message);
      assert.match(result.message, /did not tell whether AWS took it \(Unknown, HTTP 403.*the live policy is still the old one, so nothing changed/);
      assert.ok(samePolicy(await livePolicy(name), old));
      assert.equal(sent("PutMultiRegionAccessPointPolicy").length, 2, "sent again with the same ClientToken after reading it had not landed");
    });

    it("a proper AWS error document (4xx) is a rejection: failed, with the old policy still live", async () => {
      const { name, alias } = await newMrap();
      proxy.faults([{ kind: "error", status: 400, protocol: "xml", code: "MalformedPolicy", message: "no", match: { operation: "PutMultiRegionAccessPointPolicy" } }]);
      const result = await put(name, policyFor(alias));
      assert.equal(result.status, "failed", result.message);
      assert.match(result.message, /^AWS did not accept the policy \(MalformedPolicy, request id proxy-req-\d+\); the MRAP still has no policy\.$/);
      assert.equal(await livePolicy(name), undefined);
      assert.equal(sent("PutMultiRegionAccessPointPolicy").length, 1);
    });
  });

  describe("the create reached AWS, then the answer was not AWS's", () => {
    const cases: [string, (proxy: FaultProxy) => void][] = [
      ["a malformed 200", (p) => p.faults([{ kind: "rewrite", match: { operation: "CreateMultiRegionAccessPoint" }, transform: (body) => body.slice(0, 30) }])],
      ["a 403 HTML page", (p) => p.faults([{ kind: "rewrite", match: { operation: "CreateMultiRegionAccessPoint" }, transform: () => ({ status: 403, body: HTML_403 }) }])],
      [
        "a lost answer, then a stale 404",
        (p) => {
          p.faults([{ kind: "drop-after-forward", match: { operation: "CreateMultiRegionAccessPoint" } }]);
          staleAfter("CreateMultiRegionAccessPoint", "GetMultiRegionAccessPoint");
        },
      ],
    ];
    for (const [what, arrange] of cases) {
      it(`${what}: the MRAP is READY as asked, so it is created (not "failed … nothing was created")`, async () => {
        const name = `flt-new-${++counter}`;
        arrange(proxy);
        const result = await createMultiRegionAccessPoint({ AccountId: ACCOUNT, Details: { Name: name, Regions: [{ Bucket: "flt-use1" }] } }, options({ skipAccessAnalyzer: true }), ENGINE);
        const live = await liveMrap(name);
        assert.equal(live?.Status, "READY", "the create did land in moto");
        assert.equal(result.status, "applied-and-verified", result.message);
        assert.doesNotMatch(result.message, /nothing was created/);
        assert.match(result.message, /the live state shows the Multi-Region Access Point exists.*Created and verified: READY/);
        assert.equal(proxy.pending().length, 0, "every fault was served");
      });
    }
  });

  it("DescribeMultiRegionAccessPointOperation says FAILED while the policy is live: headline and body agree with the live state", async () => {
    const { name, alias } = await newMrap();
    const policy = policyFor(alias);
    proxy.faults([{ kind: "rewrite", match: { operation: "DescribeMultiRegionAccessPointOperation" }, transform: asyncOperationStatus("FAILED", { Code: "InternalError", Message: "one Region failed" }) }]);
    const result = await put(name, policy);
    assert.ok(samePolicy(await livePolicy(name), policy));
    assert.equal(result.status, "applied-and-verified", result.message);
    assert.match(result.message, /^AWS reported the PutMultiRegionAccessPointPolicy operation FAILED \(InternalError: one Region failed\), yet the Established policy is the one sent, so it is applied\. Applied and verified/);
    assert.equal(result.error?.code, "InternalError");
  });

  it("an empty 200 on the policy read before the put is an unknown state: refused, nothing sent", async () => {
    const { name, alias } = await newMrap();
    const old = policyFor(alias);
    await seed(name, old);
    const auditLog = join(dir, "audit.jsonl");
    proxy.faults([{ kind: "rewrite", match: { operation: "GetMultiRegionAccessPointPolicy" }, transform: () => "" }]);
    // Broader than the live one: CheckNoNewAccess refuses it, when it gets to run.
    const result = await put(name, policyFor(alias, ["s3:GetObject", "s3:PutObject"]), { auditLog });
    assert.equal(result.status, "refused", result.message);
    assert.match(result.message, /The live policy of flt-\d+ could not be read \(UnreadableResponse.*not "no policy yet": nothing was sent/);
    assert.equal(sent("PutMultiRegionAccessPointPolicy").length, 0);
    assert.ok(samePolicy(await livePolicy(name), old));
    const lines = await auditLines(auditLog);
    assert.deepEqual(lines.map((line) => [line["type"], line["result"]]), [["result", "refused"]]);
    assert.equal(lines[0]!["accessAnalyzer"], "not-run", "neither check ran");
  });

  it("an unparsable (malformed 200) policy read before the put is an unknown state too: refused, nothing sent", async () => {
    const { name, alias } = await newMrap();
    const old = policyFor(alias);
    await seed(name, old);
    const garbled = { kind: "rewrite" as const, match: { operation: "GetMultiRegionAccessPointPolicy" }, transform: (body: string) => body.slice(0, 40) };
    proxy.faults([garbled]);
    const result = await put(name, policyFor(alias, ["s3:GetObject", "s3:PutObject"]));
    assert.equal(result.status, "refused", result.message);
    assert.match(result.message, /The live policy of flt-\d+ could not be read \(Error, HTTP 200.*nothing was sent/);
    assert.equal(sent("PutMultiRegionAccessPointPolicy").length, 0);
    assert.ok(samePolicy(await livePolicy(name), old));
  });

  it("the put's answer is lost and the next read is stale: sent again (same ClientToken), then verified from the live state", async () => {
    const { name, alias } = await newMrap();
    const old = policyFor(alias);
    await seed(name, old);
    const policy = policyFor(alias, ["s3:GetObject", "s3:GetObjectVersion"]);
    proxy.faults([{ kind: "drop-after-forward", match: { operation: "PutMultiRegionAccessPointPolicy" } }]);
    const stop = staleAfter(POLICY_PUT, "GetMultiRegionAccessPointPolicy");
    const result = await put(name, policy, { allowNewAccess: true }).finally(stop);
    assert.ok(samePolicy(await livePolicy(name), policy));
    assert.equal(result.status, "applied-and-verified", result.message);
    assert.equal(sent("PutMultiRegionAccessPointPolicy").length, 2);
    assert.ok(proxy.calls.some((call) => call.fault === "stale"), "the read after the lost answer was stale");
  });

  it("the audit line says when CheckNoNewAccess could not run (no live policy to compare with)", async () => {
    const { name, alias } = await newMrap();
    const auditLog = join(dir, "audit.jsonl");
    const result = await put(name, policyFor(alias), { auditLog });
    assert.equal(result.status, "applied-and-verified", result.message);
    const lines = await auditLines(auditLog);
    assert.equal(lines.at(-1)!["accessAnalyzer"], "validate-policy-only");
    await seed(name, policyFor(alias));
    const second = await put(name, policyFor(alias, ["s3:GetObject", "s3:GetObjectVersion"]), { auditLog, allowNewAccess: true });
    assert.equal(second.status, "applied-and-verified", second.message);
    assert.equal((await auditLines(auditLog)).at(-1)!["accessAnalyzer"], "checked");
  });

  describe("the deadline is for the whole apply", () => {
    it("a hung DescribeMultiRegionAccessPointOperation ends near the timeout, applied-not-verified with the request token", async () => {
      const { name, alias } = await newMrap();
      const stop = proxy.intercept((request) => (request.operation === "DescribeMultiRegionAccessPointOperation" ? forever() : undefined));
      const started = Date.now();
      try {
        const result = await put(name, policyFor(alias), { timeoutSeconds: 4, maxAttempts: 4 });
        const seconds = (Date.now() - started) / 1000;
        assert.ok(seconds < 4 + 5, `took ${seconds} s`);
        assert.equal(result.status, "applied-not-verified", result.message);
        assert.match(result.requestTokenArn ?? "", /^arn:aws:s3:us-west-2:123456789012:async-request\/mrap\//);
        assert.match(result.message, /timeout ran out; follow it up with DescribeMultiRegionAccessPointOperation arn:/);
      } finally {
        stop();
      }
      assert.ok(samePolicy(await livePolicy(name), policyFor(alias)));
    });

    it("a hung read-back ends near the timeout, applied-not-verified with the request token", async () => {
      const { name, alias } = await newMrap();
      let putSeen = false;
      const stop = proxy.intercept((request) => {
        if (request.operation === "PutMultiRegionAccessPointPolicy") putSeen = true;
        else if (putSeen && request.operation === "GetMultiRegionAccessPointPolicy") return forever();
        return undefined;
      });
      const started = Date.now();
      try {
        const result = await put(name, policyFor(alias), { timeoutSeconds: 4, maxAttempts: 4 });
        const seconds = (Date.now() - started) / 1000;
        assert.ok(seconds < 4 + 5, `took ${seconds} s`);
        assert.equal(result.status, "applied-not-verified", result.message);
        assert.match(result.message, /GetMultiRegionAccessPointPolicy then failed \(TimeoutError.*request token arn:aws:s3:us-west-2/);
        assert.ok(result.requestTokenArn);
      } finally {
        stop();
      }
    });
  });

  describe("concurrent applies on one MRAP", () => {
    it("on one machine: the lock lets one through and refuses the other, which sends nothing", async () => {
      const { name, alias } = await newMrap();
      const auditLog = join(dir, "audit.jsonl");
      const a = policyFor(alias);
      const b = policyFor(alias, ["s3:GetObject", "s3:GetObjectVersion"]);
      const [first, second] = await Promise.all([put(name, a, { auditLog, allowNewAccess: true }), put(name, b, { auditLog, allowNewAccess: true })]);
      const statuses = [first.status, second.status].sort();
      assert.deepEqual(statuses, ["applied-and-verified", "refused"], `${first.message}\n${second.message}`);
      const winner = first.status === "applied-and-verified" ? a : b;
      const loser = first.status === "refused" ? first : second;
      assert.match(loser.message, /another mrap-guard apply \(pid \d+ on this machine, PutMultiRegionAccessPointPolicy since .*\) is working on flt-\d+: wait for it to finish\. Nothing was sent\./);
      assert.ok(samePolicy(await livePolicy(name), winner));
      assert.equal(sent("PutMultiRegionAccessPointPolicy").length, 1);
    });

    it("a lock left by a dead process of this host is taken over, with a warning", async () => {
      const { name, alias } = await newMrap();
      const auditLog = join(dir, "audit.jsonl");
      await writeFile(lockPath(auditLog, ACCOUNT, name), JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), time: "2026-01-01T00:00:00.000Z", operation: "PutMultiRegionAccessPointPolicy" }));
      const result = await put(name, policyFor(alias), { auditLog });
      assert.equal(result.status, "applied-and-verified", result.message);
      assert.ok(warnings.some((line) => /Taking over the lock file .*its owner, pid 4206649 .* is no longer running/.test(line)), warnings.join("\n"));
    });

    it("a lock held by a live process refuses, with who holds it", async () => {
      const { name, alias } = await newMrap();
      const auditLog = join(dir, "audit.jsonl");
      await writeFile(lockPath(auditLog, ACCOUNT, name), JSON.stringify({ pid: process.ppid, host: hostname(), time: "2026-01-01T00:00:00.000Z", operation: "PutMultiRegionAccessPointPolicy" }));
      const result = await put(name, policyFor(alias), { auditLog });
      assert.equal(result.status, "refused", result.message);
      assert.match(result.message, new RegExp(`another mrap-guard apply \\(pid ${process.ppid} on this machine`));
      assert.equal(sent("PutMultiRegionAccessPointPolicy").length, 0);
      assert.equal(await livePolicy(name), undefined);
      const lines = await auditLines(auditLog);
      assert.equal(lines.at(-1)!["result"], "refused");
    });

    it("across machines: a policy put after ours landed is reported, not 'applied and verified'", async () => {
      const { name, alias } = await newMrap();
      const ours = policyFor(alias);
      const theirs = policyFor(alias, ["s3:GetObject", "s3:GetObjectVersion"]);
      // The other machine's put lands right after ours was read back (no lock sees it).
      proxy.faults([{ kind: "before", match: { operation: "GetMultiRegionAccessPointPolicyStatus" }, run: async () => void (await seed(name, theirs)) }]);
      const result = await put(name, ours);
      assert.ok(samePolicy(await livePolicy(name), theirs));
      assert.equal(result.status, "applied-not-verified", result.message);
      assert.match(result.message, /The policy sent landed, but then the live policy changed to another one \(sha256:[0-9a-f]{64}\): another apply replaced it/);
    });
  });

  /** A project with a manifest for a new MRAP and its policy, and the real CLI (from the sources) to run in it. */
  const project = async () => {
    const { name, alias } = await newMrap();
    const cwd = join(dir, "project");
    await mkdir(join(cwd, ".git"), { recursive: true });
    const policy = policyFor(alias);
    const manifest = { AccountId: ACCOUNT, MultiRegionAccessPoint: { Name: name, Regions: Object.entries(REGIONS).map(([Bucket, Region]) => ({ Bucket, Region })), Policy: JSON.parse(policy) as unknown } };
    await writeFile(join(cwd, "m.mrap.json"), JSON.stringify(manifest, null, 2));
    const auditLog = join(cwd, "audit.jsonl");
    const env = isolatedAwsEnv(process.env, { AWS_ENDPOINT_URL_S3_CONTROL: proxy.url, AWS_ENDPOINT_URL_S3: proxy.url, AWS_ENDPOINT_URL_ACCESSANALYZER: analyzer.url });
    const tsx = pathToFileURL(join(REPO, "node_modules/tsx/dist/loader.mjs")).href;
    const cli = (args: string[]) => spawn(process.execPath, ["--import", tsx, join(REPO, "src/cli/process-entry.ts"), ...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    /** Runs the CLI to its end: exit code, output, wall time. */
    const run = async (args: string[]) => {
      const started = Date.now();
      const child = cli(args);
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
      return { code, stdout, stderr, seconds: (Date.now() - started) / 1000 };
    };
    return { name, alias, policy, auditLog, cli, run };
  };

  describe("apply --timeout 10 is a deadline for the whole apply (the CLI)", () => {
    const hangs: [string, (putSeen: () => boolean, operation: string | undefined) => boolean, RegExp][] = [
      ["DescribeMultiRegionAccessPointOperation", (_seen, operation) => operation === "DescribeMultiRegionAccessPointOperation", /still pending when the 10-second timeout ran out; follow it up with DescribeMultiRegionAccessPointOperation arn:/],
      ["the read-back", (seen, operation) => seen() && operation === "GetMultiRegionAccessPointPolicy", /GetMultiRegionAccessPointPolicy then failed \(TimeoutError.*so it is not verified \(request token arn:/],
    ];
    for (const [what, hangs_, message] of hangs) {
      it(`a hung ${what}: exit 1 within 40 s, "applied, not yet verified" with the request token; the policy is live`, async () => {
        const { name, policy, auditLog, run } = await project();
        let putSeen = false;
        const stop = proxy.intercept((request) => {
          if (request.operation === POLICY_PUT) putSeen = true;
          return hangs_(() => putSeen, request.operation) ? forever() : undefined;
        });
        try {
          const out = await run(["apply", "m.mrap.json", "--yes", "--timeout", "10", "--audit-log", auditLog]);
          assert.ok(out.seconds < 40, `took ${out.seconds} s`);
          assert.equal(out.code, 1, out.stdout + out.stderr);
          assert.match(out.stdout, /PutMultiRegionAccessPointPolicy flt-\d+ \(123456789012\): applied, not yet verified/);
          assert.match(out.stdout, message);
          assert.match(out.stdout, /request token: arn:aws:s3:us-west-2:123456789012:async-request\/mrap\//);
          const last = (await auditLines(auditLog, POLICY_PUT)).at(-1)!;
          assert.equal(last["result"], "applied-not-verified");
          assert.match(String(last["requestTokenArn"]), /^arn:aws:s3:us-west-2:/);
        } finally {
          stop();
        }
        assert.ok(samePolicy(await livePolicy(name), policy), "the put did land");
      });
    }
  });

  it("two CLI applies with different policies at once: one applies and verifies, the other is refused by the lock and sends nothing", async () => {
    const { name, alias, policy, auditLog, run } = await project();
    const other = JSON.parse(policyFor(alias, ["s3:GetObject", "s3:GetObjectVersion"])) as unknown;
    const manifest = JSON.parse(await readFile(join(dir, "project", "m.mrap.json"), "utf8")) as { MultiRegionAccessPoint: Record<string, unknown> };
    manifest.MultiRegionAccessPoint["Policy"] = other;
    await writeFile(join(dir, "project", "other.mrap.json"), JSON.stringify(manifest, null, 2));
    let second: Awaited<ReturnType<typeof run>> | undefined;
    // While the first apply's put is on its way, the second runs from start to end.
    proxy.faults([{ kind: "before", match: { operation: POLICY_PUT }, run: async () => void (second = await run(["apply", "other.mrap.json", "--yes", "--allow-new-access", "--audit-log", auditLog])) }]);
    const first = await run(["apply", "m.mrap.json", "--yes", "--audit-log", auditLog]);
    assert.equal(first.code, 0, first.stdout + first.stderr);
    assert.match(first.stdout, /Applied and verified\./);
    assert.ok(second);
    assert.equal(second.code, 1, second.stdout + second.stderr);
    assert.match(second.stdout, /not applied \(refused\)\n\s+Not applied: another mrap-guard apply \(pid \d+ on this machine, PutMultiRegionAccessPointPolicy since [^)]+\) is working on flt-\d+: wait for it to finish\. Nothing was sent\./);
    assert.equal(proxy.calls.filter((call) => call.operation === POLICY_PUT).length, 1);
    assert.ok(samePolicy(await livePolicy(name), policy));
  });

  it("kill -9 right after the put: the next run appends the missing result line (landed), then says no change", async () => {
    const { name, policy, auditLog, cli, run } = await project();
    const child = cli(["apply", "m.mrap.json", "--yes", "--audit-log", auditLog, "--timeout", "20"]);
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once("exit", (code, signal) => resolve(signal ?? code)));
    // The put has been forwarded to moto (and answered) when the first poll comes: kill the apply then.
    proxy.faults([{ kind: "before", match: { operation: "DescribeMultiRegionAccessPointOperation" }, run: () => void child.kill("SIGKILL") }]);
    assert.equal(await exited, "SIGKILL");
    assert.ok(samePolicy(await livePolicy(name), policy), "the put landed before the kill");
    const killed = await auditLines(auditLog, POLICY_PUT);
    assert.deepEqual(killed.map((line) => line["type"]), ["intent"], JSON.stringify(killed));

    const { code, stdout, stderr } = await run(["apply", "m.mrap.json", "--yes", "--audit-log", auditLog, "--timeout", "20"]);
    assert.equal(code, 0, stdout + stderr);
    assert.match(stderr, /Taking over the lock file .*: its owner, pid \d+ \(PutMultiRegionAccessPointPolicy, since .*\), is no longer running/);
    assert.match(stderr, /Recovered: the apply started .* ended without a result; its change landed: the Established policy is the one it sent/);
    const lines = await auditLines(auditLog, POLICY_PUT);
    assert.deepEqual(lines.map((line) => [line["type"], line["result"] ?? null]), [["intent", null], ["result", "applied-not-verified"], ["result", "no-change"]]);
    assert.equal(lines[1]!["intent"], killed[0]!["id"]);
    assert.equal(lines[1]!["recovered"], true);
    assert.equal(lines[1]!["live"], "landed");
    assert.equal(lines[1]!["afterHash"], killed[0]!["afterHash"]);
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
});
