/**
 * validateCommandInput on the four guarded inputs, and the S3 Control client plugin on a real S3ControlClient
 * against moto_server through the fault proxy: what is refused never reaches the proxy, what passes arrives as sent.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import {
  CreateAccessPointCommand,
  CreateMultiRegionAccessPointCommand,
  GetAccessPointPolicyCommand,
  GetMultiRegionAccessPointCommand,
  GetMultiRegionAccessPointPolicyCommand,
  ListMultiRegionAccessPointsCommand,
  PutAccessPointPolicyCommand,
  PutMultiRegionAccessPointPolicyCommand,
  SubmitMultiRegionAccessPointRoutesCommand,
  type S3ControlClient,
} from "@aws-sdk/client-s3-control";
import { MrapGuardRefusedError, mrapGuardPlugin, validateCommandInput, type Finding, type MrapGuardPluginOptions, type ValidateCommandInputOptions } from "../../src/index.js";
import { answerValidatePolicy, useAccessAnalyzer } from "../helpers/analyzer.js";
import { project } from "../helpers/project.js";
import { s3Client, s3ControlClient } from "../support/clients.js";
import { startFaultProxy, type FaultProxy } from "../support/fault-proxy.js";
import { motoGate, useMoto } from "../support/moto.js";

const ACCOUNT = "123456789012";
const ALIAS = "mfzwi23gnjvgw.mrap";
const MRAP_ARN = `arn:aws:s3::${ACCOUNT}:accesspoint/${ALIAS}`;
const READER = { AWS: `arn:aws:iam::${ACCOUNT}:role/reader` };

const mrapPolicy = (principal: unknown, extra: Record<string, unknown> = {}) => ({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: principal, Action: "s3:GetObject", Resource: `${MRAP_ARN}/object/*`, ...extra }],
});
const apPolicy = (principal: unknown, region: string, name: string) => ({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: principal, Action: "s3:GetObject", Resource: `arn:aws:s3:${region}:${ACCOUNT}:accesspoint/${name}/object/*` }],
});
const putPolicyInput = <P>(policy: P, name = "orders-global") => ({ AccountId: ACCOUNT, ClientToken: "put-1", Details: { Name: name, Policy: policy } });

const brief = (findings: readonly Finding[]) => findings.map((f) => `${f.ruleId} ${f.severity} ${f.pointer}`);
const blockingOf = (findings: readonly Finding[]) => findings.filter((f) => f.severity === "error");

let cwd = "";
before(async () => {
  cwd = await project({});
});

async function check(command: string, input: unknown, options: ValidateCommandInputOptions = {}) {
  return validateCommandInput(command, input, { cwd, ...options });
}

describe("validateCommandInput", () => {
  describe("PutMultiRegionAccessPointPolicy", () => {
    it("finds Principal * in a JSON string at the input's pointer, with its position in the string", async () => {
      const policy = JSON.stringify(mrapPolicy("*"), null, 2);
      const result = await check("PutMultiRegionAccessPointPolicyCommand", putPolicyInput(policy));
      assert.equal(result.operation, "PutMultiRegionAccessPointPolicy");
      assert.deepEqual(brief(result.blocking), ["mrap/no-anonymous error /Details/Policy/Statement/0/Principal"]);
      const finding = result.blocking[0]!;
      assert.equal(finding.file, "PutMultiRegionAccessPointPolicy input");
      const line = policy.split("\n").findIndex((text) => text.includes('"Principal"')) + 1;
      assert.equal(finding.line, line);
      assert.equal(policy.split("\n")[line - 1]!.slice(finding.column - 1, finding.endColumn - 1), '"*"');
    });

    it("finds the same in the object form of the policy", async () => {
      const result = await check("PutMultiRegionAccessPointPolicy", putPolicyInput(mrapPolicy("*")));
      assert.deepEqual(brief(result.blocking), ["mrap/no-anonymous error /Details/Policy/Statement/0/Principal"]);
    });

    it("passes a correct policy, as a string and as an object, with no finding", async () => {
      for (const policy of [JSON.stringify(mrapPolicy(READER)), mrapPolicy(READER)]) {
        const result = await check("PutMultiRegionAccessPointPolicy", putPolicyInput(policy));
        assert.deepEqual(result.findings, [], JSON.stringify(result.findings, null, 1));
        assert.deepEqual(result.blocking, []);
      }
    });

    it("reports a policy string that is not JSON, and duplicate keys that JSON.parse would hide", async () => {
      const broken = await check("PutMultiRegionAccessPointPolicy", putPolicyInput('{"Version": "2012-10-17", "Statement": ['));
      assert.deepEqual(brief(broken.blocking), ["core/parse-error error /Details/Policy"]);
      const notAnObject = await check("PutMultiRegionAccessPointPolicy", putPolicyInput("orders policy"));
      assert.deepEqual(brief(notAnObject.blocking), ["core/parse-error error /Details/Policy"]);
      const twice = '{\n  "Version": "2012-10-17",\n  "Statement": [],\n  "Statement": []\n}';
      const duplicate = await check("PutMultiRegionAccessPointPolicy", putPolicyInput(twice));
      const found = duplicate.findings.find((f) => f.ruleId === "core/duplicate-key");
      assert.equal(found?.pointer, "/Details/Policy/Statement");
      assert.equal(found.line, 4);
    });

    it("reports a policy string with a byte order mark, which the SDK would send as it is", async () => {
      const marked = await check("PutMultiRegionAccessPointPolicy", putPolicyInput(`\uFEFF${JSON.stringify(mrapPolicy(READER))}`));
      assert.deepEqual(brief(marked.blocking), ["mrap/valid-schema error /Details/Policy"]);
      assert.match(marked.blocking[0]!.message, /byte order mark/);
      const ap = await check("PutAccessPointPolicy", { AccountId: ACCOUNT, Name: "reports-ap", Policy: `\uFEFF${JSON.stringify(apPolicy(READER, "us-west-2", "reports-ap"))}` }, { accessPointRegion: "us-west-2" });
      assert.deepEqual(brief(ap.blocking), ["mrap/valid-schema error /Policy"]);
    });

    it("checks the policy's ARNs against the input's account and name, and the name itself", async () => {
      const otherAccount = { ...mrapPolicy(READER), Statement: [{ ...mrapPolicy(READER).Statement[0], Resource: `arn:aws:s3::111122223333:accesspoint/${ALIAS}/object/*` }] };
      const nameForAlias = { ...mrapPolicy(READER), Statement: [{ ...mrapPolicy(READER).Statement[0], Resource: `arn:aws:s3::${ACCOUNT}:accesspoint/orders-global/object/*` }] };
      const account = await check("PutMultiRegionAccessPointPolicy", putPolicyInput(JSON.stringify(otherAccount)));
      assert.deepEqual(brief(account.blocking), ["mrap/policy-resource-arn error /Details/Policy/Statement/0/Resource"]);
      assert.match(account.blocking[0]!.message, /belongs to account 123456789012/);
      const name = await check("PutMultiRegionAccessPointPolicy", putPolicyInput(JSON.stringify(nameForAlias)));
      assert.deepEqual(brief(name.blocking), ["mrap/policy-resource-arn error /Details/Policy/Statement/0/Resource"]);
      assert.equal(name.blocking[0]!.messageId, "nameAsAlias");
      const upper = await check("PutMultiRegionAccessPointPolicy", putPolicyInput(JSON.stringify(mrapPolicy(READER)), "Orders-Global"));
      assert.deepEqual(brief(upper.blocking), ["mrap/name-format error /Details/Name"]);
    });

    it("reports a missing policy and a malformed account id", async () => {
      const result = await check("PutMultiRegionAccessPointPolicy", { AccountId: "1234-5678-9012", ClientToken: "t", Details: { Name: "orders-global" } });
      assert.deepEqual(brief(result.blocking).sort(), ["mrap/account-id error /AccountId", "mrap/valid-schema error /Details/Policy"]);
      assert.match(result.blocking.find((f) => f.pointer === "/Details/Policy")!.message, /Details\.Policy is required/);
    });

    it("takes the config: failOn, rule severities, and suppressions written against the input's pointers", async () => {
      const noVersion = { Statement: mrapPolicy(READER).Statement };
      const plain = await check("PutMultiRegionAccessPointPolicy", putPolicyInput(JSON.stringify(noVersion)));
      assert.deepEqual(brief(plain.findings), ["policy/version warning /Details/Policy"]);
      assert.deepEqual(plain.blocking, []);
      const strict = await check("PutMultiRegionAccessPointPolicy", putPolicyInput(JSON.stringify(noVersion)), { failOn: "warning" });
      assert.deepEqual(brief(strict.blocking), ["policy/version warning /Details/Policy"]);

      const off = await check("PutMultiRegionAccessPointPolicy", putPolicyInput(mrapPolicy("*")), { config: { rules: { "mrap/no-anonymous": "warning" } } });
      assert.deepEqual(brief(off.findings), ["mrap/no-anonymous warning /Details/Policy/Statement/0/Principal"]);
      const suppressed = await check("PutMultiRegionAccessPointPolicy", putPolicyInput(mrapPolicy("*")), {
        config: { suppressions: [{ rule: "mrap/no-anonymous", file: "PutMultiRegionAccessPointPolicy input", pointer: "/Details/Policy/Statement/0", reason: "test" }] },
      });
      assert.deepEqual(suppressed.findings, []);
    });

    it("refuses to guess at a command it does not guard", async () => {
      await assert.rejects(check("ListMultiRegionAccessPoints", {}), TypeError);
    });
  });

  describe("with Access Analyzer", () => {
    const analyzer = useAccessAnalyzer();
    it("reports ValidatePolicy findings at the input's pointer", async () => {
      answerValidatePolicy(analyzer, [
        { findingType: "SECURITY_WARNING", issueCode: "PASS_ROLE_WITH_STAR_IN_RESOURCE", findingDetails: "Avoid it.", path: [{ value: "Statement" }, { index: 0 }, { value: "Action" }] },
      ])();
      const result = await check("PutMultiRegionAccessPointPolicy", putPolicyInput(JSON.stringify(mrapPolicy(READER))), { accessAnalyzer: true, services: analyzer.services() });
      assert.deepEqual(brief(result.blocking), ["access-analyzer/validate-policy error /Details/Policy/Statement/0/Action"]);
      const offline = await check("PutMultiRegionAccessPointPolicy", putPolicyInput(JSON.stringify(mrapPolicy(READER))));
      assert.deepEqual(offline.findings, []);
    });
  });

  describe("CreateMultiRegionAccessPoint", () => {
    const create = (details: Record<string, unknown>) => ({ AccountId: ACCOUNT, ClientToken: "create-1", Details: details });
    const pab = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

    it("reports a bad name, disabled Block Public Access and duplicate buckets at the Details pointers", async () => {
      const result = await check("CreateMultiRegionAccessPoint", create({ Name: "Orders", PublicAccessBlock: { ...pab, BlockPublicPolicy: false }, Regions: [{ Bucket: "orders-a" }, { Bucket: "orders-a" }] }));
      assert.deepEqual(brief(result.blocking).sort(), [
        "mrap/block-public-access error /Details/PublicAccessBlock/BlockPublicPolicy",
        "mrap/duplicate-bucket error /Details/Regions/1/Bucket",
        "mrap/name-format error /Details/Name",
      ]);
    });

    it("passes a correct input; the bucket Regions AWS infers are not asked for", async () => {
      const explicit = await check("CreateMultiRegionAccessPoint", create({ Name: "orders", PublicAccessBlock: pab, Regions: [{ Bucket: "orders-a" }, { Bucket: "orders-b", BucketAccountId: "111122223333" }] }));
      assert.deepEqual(explicit.findings, [], JSON.stringify(explicit.findings, null, 1));
      const defaults = await check("CreateMultiRegionAccessPoint", create({ Name: "orders", Regions: [{ Bucket: "orders-a" }] }));
      assert.deepEqual(brief(defaults.findings), ["mrap/block-public-access-explicit info /Details"]);
    });

    it("reports an empty Regions list and a key the SDK would drop", async () => {
      const empty = await check("CreateMultiRegionAccessPoint", create({ Name: "orders", Regions: [] }));
      assert.ok(brief(empty.blocking).includes("mrap/region-count error /Details/Regions"));
      const typo = await check("CreateMultiRegionAccessPoint", create({ Name: "orders", Regions: [{ Bucket: "orders-a", BucketAcountId: "111122223333" }] }));
      // The SDK serialises only Bucket and BucketAccountId, so the typo never reaches AWS and is not linted.
      assert.deepEqual(blockingOf(typo.findings), []);
    });
  });

  describe("PutAccessPointPolicy", () => {
    const input = (policy: unknown, name = "reports-ap") => ({ AccountId: ACCOUNT, Name: name, Policy: policy });

    it("reports a public policy and ARNs of another access point, Region or account", async () => {
      const pub = await check("PutAccessPointPolicy", input(JSON.stringify(apPolicy("*", "us-east-1", "reports-ap"))));
      assert.deepEqual(brief(pub.blocking), ["policy/public-access error /Policy/Statement/0/Principal"]);
      const other = await check("PutAccessPointPolicy", input(apPolicy(READER, "us-east-1", "other-ap")));
      assert.deepEqual(brief(other.blocking), ["mrap/access-point-resource-arn error /Policy/Statement/0/Resource"]);
      assert.equal(other.blocking[0]!.messageId, "wrongName");
      const region = await check("PutAccessPointPolicy", input(apPolicy(READER, "eu-west-1", "reports-ap")), { accessPointRegion: "us-east-1" });
      assert.deepEqual(brief(region.blocking), ["mrap/access-point-resource-arn error /Policy/Statement/0/Resource"]);
      assert.equal(region.blocking[0]!.messageId, "wrongRegion");
      const mrapArn = await check("PutAccessPointPolicy", input(mrapPolicy(READER)));
      assert.equal(mrapArn.blocking[0]?.messageId, "mrapArn");
      const name = await check("PutAccessPointPolicy", input(apPolicy(READER, "us-east-1", "Reports_AP"), "Reports_AP"));
      assert.ok(brief(name.blocking).includes("mrap/access-point-name error /Name"));
    });

    it("passes a correct policy", async () => {
      const result = await check("PutAccessPointPolicy", input(JSON.stringify(apPolicy(READER, "us-east-1", "reports-ap"))), { accessPointRegion: "us-east-1" });
      assert.deepEqual(result.findings, [], JSON.stringify(result.findings, null, 1));
    });
  });

  describe("SubmitMultiRegionAccessPointRoutes", () => {
    const routes = (updates: unknown, mrap: unknown = MRAP_ARN) => ({ AccountId: ACCOUNT, Mrap: mrap, RouteUpdates: updates });

    it("passes a failover that keeps a route active", async () => {
      const result = await check("SubmitMultiRegionAccessPointRoutes", routes([{ Bucket: "orders-a", TrafficDialPercentage: 0 }, { Region: "eu-west-1", TrafficDialPercentage: 100 }]));
      assert.deepEqual(result.findings, [], JSON.stringify(result.findings, null, 1));
    });

    it("reports a dial that is neither 0 nor 100, and a request that leaves no route active", async () => {
      const fifty = await check("SubmitMultiRegionAccessPointRoutes", routes([{ Region: "us-east-1", TrafficDialPercentage: 50 }, { Region: "eu-west-1", TrafficDialPercentage: 100 }]));
      assert.deepEqual(brief(fifty.blocking), ["mrap/route-dial error /RouteUpdates/0/TrafficDialPercentage"]);
      // AWS keeps the routing of Regions a request does not name, so only live state could tell whether this one
      // leaves a Region active: a warning, not a refusal (the guarded call checks it against the live routes).
      const passive = await check("SubmitMultiRegionAccessPointRoutes", routes([{ Region: "us-east-1", TrafficDialPercentage: 0 }, { Bucket: "orders-b", TrafficDialPercentage: 0 }]));
      assert.deepEqual(brief(passive.blocking), []);
      assert.deepEqual(brief(passive.findings), ["mrap/route-active warning /RouteUpdates"]);
      assert.match(passive.findings[0]!.message, /The buckets no route names \(the MRAP's other buckets\) keep their current routing/);
    });

    it("reports routes without a target, a missing dial, an unknown Region", async () => {
      const result = await check("SubmitMultiRegionAccessPointRoutes", routes([{ TrafficDialPercentage: 100 }, { Region: "eu-west-9", TrafficDialPercent: 0 }]));
      assert.deepEqual(brief(result.blocking).sort(), [
        "mrap/route-target error /RouteUpdates/0",
        "mrap/supported-region error /RouteUpdates/1/Region",
        "mrap/valid-schema error /RouteUpdates/1",
      ]);
      assert.match(result.blocking.find((f) => f.ruleId === "mrap/valid-schema")!.message, /^SubmitMultiRegionAccessPointRoutes input: RouteUpdates\[1\] is missing the required property/);
    });

    it("reports an Mrap that is not this account's MRAP ARN", async () => {
      const good = [{ Region: "us-east-1", TrafficDialPercentage: 100 }];
      const cases: [unknown, string, RegExp][] = [
        [ALIAS, "mrap/valid-schema", /looks like the alias/],
        [`arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/${ALIAS}`, "mrap/valid-schema", /single-Region access point ARN/],
        [`arn:aws:s3::111122223333:accesspoint/${ALIAS}`, "mrap/valid-schema", /names account "111122223333"/],
        [`arn:aws:s3::${ACCOUNT}:accesspoint/orders-global`, "mrap/alias-format", /does not end in "\.mrap"/],
        [null, "mrap/valid-schema", /Mrap is required/],
      ];
      for (const [mrap, ruleId, message] of cases) {
        const result = await check("SubmitMultiRegionAccessPointRoutes", mrap === null ? { AccountId: ACCOUNT, RouteUpdates: good } : routes(good, mrap));
        assert.deepEqual(brief(result.blocking), [`${ruleId} error /Mrap`], String(mrap));
        assert.match(result.blocking[0]!.message, message);
      }
    });
  });
});

const gate = motoGate();

describe("mrapGuardPlugin on an S3ControlClient against moto", { skip: gate.skip }, () => {
  const moto = useMoto(gate);
  let proxy: FaultProxy;
  let noticed: { findings: Finding[]; operation: string }[] = [];

  before(async () => {
    proxy = await startFaultProxy({ target: moto().url });
    await s3Client(moto().url, { region: "us-east-1" }).send(new CreateBucketCommand({ Bucket: "orders-use1" }));
    await s3Client(moto().url, { region: "eu-west-1" }).send(new CreateBucketCommand({ Bucket: "orders-euw1", CreateBucketConfiguration: { LocationConstraint: "eu-west-1" } }));
  });
  after(() => proxy?.close());
  beforeEach(() => {
    proxy.clear();
    noticed = [];
  });

  function guarded(region = "us-west-2", options: MrapGuardPluginOptions = {}): S3ControlClient {
    const client = s3ControlClient(proxy.url, { region });
    client.middlewareStack.use(mrapGuardPlugin({ cwd, onFindings: (findings, operation) => noticed.push({ findings, operation }), ...options }));
    return client;
  }

  async function refused(send: Promise<unknown>): Promise<MrapGuardRefusedError> {
    const error: unknown = await send.then(
      () => assert.fail("the call was not refused"),
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof MrapGuardRefusedError, String(error));
    assert.deepEqual(proxy.calls, [], "nothing reached the server");
    return error;
  }

  async function createMrap(client: S3ControlClient, name: string): Promise<string> {
    await client.send(new CreateMultiRegionAccessPointCommand({ AccountId: ACCOUNT, ClientToken: `create-${name}`, Details: { Name: name, Regions: [{ Bucket: "orders-use1" }, { Bucket: "orders-euw1" }] } }));
    const live = await client.send(new GetMultiRegionAccessPointCommand({ AccountId: ACCOUNT, Name: name }));
    return live.AccessPoint!.Alias!;
  }

  it("adds one initialize-step middleware", () => {
    const client = guarded();
    const entries = client.middlewareStack.identify().filter((entry) => entry.startsWith("mrapGuardMiddleware"));
    assert.deepEqual(entries, ["mrapGuardMiddleware - initialize"]);
  });

  it("refuses CreateMultiRegionAccessPoint with an uppercase name before sending, and creates a good one", async () => {
    const client = guarded();
    const error = await refused(
      client.send(new CreateMultiRegionAccessPointCommand({ AccountId: ACCOUNT, ClientToken: "create-bad", Details: { Name: "Orders-Global", Regions: [{ Bucket: "orders-use1" }] } })),
    );
    assert.equal(error.operation, "CreateMultiRegionAccessPoint");
    assert.deepEqual(brief(error.blocking), ["mrap/name-format error /Details/Name"]);
    assert.match(error.message, /mrap\/name-format: .*\(\/Details\/Name\)/);

    const alias = await createMrap(client, "orders-created");
    assert.ok(alias.endsWith(".mrap"));
    assert.ok(proxy.calls.some((call) => call.operation === "CreateMultiRegionAccessPoint" && call.status === 200));
    // The PublicAccessBlock default is worth a note, not a refusal.
    assert.deepEqual(
      noticed.map((n) => `${n.operation} ${brief(n.findings).join(",")}`),
      ["CreateMultiRegionAccessPoint mrap/block-public-access-explicit info /Details"],
    );
  });

  it("refuses a public or unparsable MRAP policy before sending, and puts a good one byte for byte", async () => {
    const client = guarded();
    await createMrap(client, "orders-policy");
    proxy.clear();
    noticed = [];
    // moto's aliases ("orders-policy-ff7bfca530.mrap") are not in AWS's format, and moto does not read the ARNs.
    const arn = MRAP_ARN;
    const publicPolicy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `${arn}/object/*` }] });
    const pub = await refused(client.send(new PutMultiRegionAccessPointPolicyCommand(putPolicyInput(publicPolicy, "orders-policy"))));
    assert.deepEqual(brief(pub.blocking), ["mrap/no-anonymous error /Details/Policy/Statement/0/Principal"], pub.message);
    assert.equal(pub.blocking[0]!.file, "PutMultiRegionAccessPointPolicy input");
    const broken = await refused(client.send(new PutMultiRegionAccessPointPolicyCommand(putPolicyInput('{"Version":"2012-10-17","Statement":[}', "orders-policy"))));
    assert.deepEqual(brief(broken.blocking), ["core/parse-error error /Details/Policy"]);

    const policy = `{ "Version": "2012-10-17",\n  "Statement": [ { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::${ACCOUNT}:role/reader" }, "Action": "s3:GetObject", "Resource": "${arn}/object/*" } ] }`;
    const put = await client.send(new PutMultiRegionAccessPointPolicyCommand(putPolicyInput(policy, "orders-policy")));
    assert.ok(put.RequestTokenARN);
    const read = await client.send(new GetMultiRegionAccessPointPolicyCommand({ AccountId: ACCOUNT, Name: "orders-policy" }));
    assert.equal(read.Policy?.Established?.Policy ?? read.Policy?.Proposed?.Policy, policy);
    assert.deepEqual(noticed, []);
  });

  it("refuses a public access point policy and puts a good one, on a client in the access point's Region", async () => {
    const client = guarded("us-east-1", { accessPointRegion: "us-east-1" });
    await client.send(new CreateAccessPointCommand({ AccountId: ACCOUNT, Name: "reports-ap", Bucket: "orders-use1" }));
    proxy.clear();
    const bad = await refused(client.send(new PutAccessPointPolicyCommand({ AccountId: ACCOUNT, Name: "reports-ap", Policy: JSON.stringify(apPolicy("*", "us-east-1", "reports-ap")) })));
    assert.equal(bad.operation, "PutAccessPointPolicy");
    assert.deepEqual(brief(bad.blocking), ["policy/public-access error /Policy/Statement/0/Principal"]);
    const wrongRegion = await refused(client.send(new PutAccessPointPolicyCommand({ AccountId: ACCOUNT, Name: "reports-ap", Policy: JSON.stringify(apPolicy(READER, "eu-west-1", "reports-ap")) })));
    assert.deepEqual(brief(wrongRegion.blocking), ["mrap/access-point-resource-arn error /Policy/Statement/0/Resource"]);

    const policy = JSON.stringify(apPolicy(READER, "us-east-1", "reports-ap"));
    await client.send(new PutAccessPointPolicyCommand({ AccountId: ACCOUNT, Name: "reports-ap", Policy: policy }));
    const read = await client.send(new GetAccessPointPolicyCommand({ AccountId: ACCOUNT, Name: "reports-ap" }));
    assert.equal(read.Policy, policy);
  });

  it("refuses a dial of 50 and an MRAP name for the ARN before sending, and lets a good one through", async () => {
    const client = guarded();
    const send = (updates: { Bucket?: string; Region?: string; TrafficDialPercentage: number }[]) =>
      client.send(new SubmitMultiRegionAccessPointRoutesCommand({ AccountId: ACCOUNT, Mrap: MRAP_ARN, RouteUpdates: updates }));
    const fifty = await refused(send([{ Region: "us-east-1", TrafficDialPercentage: 50 }, { Region: "eu-west-1", TrafficDialPercentage: 100 }]));
    assert.deepEqual(brief(fifty.blocking), ["mrap/route-dial error /RouteUpdates/0/TrafficDialPercentage"]);
    const arn = await refused(client.send(new SubmitMultiRegionAccessPointRoutesCommand({ AccountId: ACCOUNT, Mrap: ALIAS, RouteUpdates: [{ Region: "us-east-1", TrafficDialPercentage: 100 }] })));
    assert.deepEqual(brief(arn.blocking), ["mrap/valid-schema error /Mrap"]);

    // moto does not serve routes: whatever it answers, the request got past the plugin.
    const outcome = await send([{ Region: "us-east-1", TrafficDialPercentage: 0 }, { Region: "eu-west-1", TrafficDialPercentage: 100 }]).then(
      () => undefined,
      (error: unknown) => error,
    );
    assert.ok(!(outcome instanceof MrapGuardRefusedError), String(outcome));
    assert.deepEqual(
      proxy.calls.map((call) => `${call.method} ${call.operation}`),
      ["PATCH SubmitMultiRegionAccessPointRoutes"],
    );
  });

  it("passes other commands through untouched", async () => {
    const client = guarded();
    const listed = await client.send(new ListMultiRegionAccessPointsCommand({ AccountId: ACCOUNT }));
    assert.ok((listed.AccessPoints ?? []).some((ap) => ap.Name === "orders-created"));
    assert.deepEqual(
      proxy.calls.map((call) => call.operation),
      ["ListMultiRegionAccessPoints"],
    );
    assert.deepEqual(noticed, []);
  });
});
