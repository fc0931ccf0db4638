/**
 * Contract: ValidatePolicy answers recorded from AWS (test/fixtures/aws/accessanalyzer-*.json), replayed through
 * the real Access Analyzer SDK client into `mrap-guard lint --access-analyzer`. Each finding must land on the
 * element its path names, in JSON and YAML policy files and in a policy inline in a manifest.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, afterEach, describe, it } from "node:test";
import AjvDraft04 from "ajv-draft-04";
import type { Log } from "sarif";
import { jsonMessages, runCli } from "../helpers/cli.js";
import { project } from "../helpers/project.js";
import { isolatedAwsEnv } from "../support/clients.js";
import { fixture, startReplay, type AwsFixture, type ReplayServer } from "../support/replay.js";

const saved = { ...process.env };
let replay: ReplayServer | undefined;
afterEach(async () => {
  await replay?.close();
  replay = undefined;
});
after(() => {
  process.env = saved;
});

/** Serves `answer` to every ValidatePolicy call; anything else is a 599 the run would show. */
async function serve(answer: AwsFixture): Promise<void> {
  replay = await startReplay([{ method: "POST", path: /^\/policy\/validation(\?|$)/, respond: answer }]);
  process.env = isolatedAwsEnv(saved, { AWS_ENDPOINT_URL_ACCESSANALYZER: replay.url });
}

const CONFIG = (files: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    files: [{ files, kind: "bucket-policy" }],
    // Only ValidatePolicy is replayed here; the offline rules' findings are filtered out below.
    rules: { "access-analyzer/no-public-access": "off" },
    ...extra,
  });

interface Placed {
  code: string;
  at: string;
  pointer: string;
  related: { at: string; pointer: string }[];
}

async function lint(files: Record<string, string>, target: string, format = "json"): Promise<{ code: number; stdout: string; placed: Placed[] }> {
  const cwd = await project(files);
  const { code, stdout, stderr } = await runCli(["lint", "--access-analyzer", "--no-cache", "--format", format, target], { cwd, env: process.env });
  assert.ok(replay!.requests.length > 0, `ValidatePolicy was called (stderr: ${stderr})`);
  if (format !== "json") return { code, stdout, placed: [] };
  const messages = jsonMessages(stdout);
  assert.deepEqual(messages.filter((m) => m.ruleId === "core/service-error"), [], "no service error");
  const placed = messages
    .filter((m) => m.ruleId === "access-analyzer/validate-policy")
    .map((m) => ({
      code: String(m.data?.["issueCode"]),
      at: `${m.line}:${m.column}-${m.endLine}:${m.endColumn}`,
      pointer: m.pointer,
      related: (m.related ?? []).map((r) => ({ at: `${r.line}:${r.column}-${r.endLine}:${r.endColumn}`, pointer: r.pointer })),
    }));
  return { code, stdout, placed };
}

// The policy the AWS CLI's validate-policy example was made from (myfile.json in
// aws/aws-cli awscli/examples/accessanalyzer/validate-policy.rst), byte for byte.
const CLI_POLICY_JSON = `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "",
            "Effect": "Allow",
            "Principal": {
                "Federated": "cognito-identity.amazonaws.com"
            },
            "Action": [
                "sts:AssumeRole",
                "sts:TagSession"
            ],
            "Condition": {
                "StringEquals": {
                    "cognito-identity.amazonaws.com:aud": "us-west-2_EXAMPLE"
                }
            }
        }
    ]
}
`;

const CLI_POLICY_YAML = `Version: "2012-10-17"
Statement:
  - Sid: ""
    Effect: Allow
    Principal:
      Federated: cognito-identity.amazonaws.com
    Action:
      - sts:AssumeRole
      - sts:TagSession
    Condition:
      StringEquals:
        cognito-identity.amazonaws.com:aud: us-west-2_EXAMPLE
`;

const MANIFEST = `AccountId: "111122223333"
MultiRegionAccessPoint:
  Name: orders-global
  Regions:
    - Bucket: orders-use1
      Region: us-east-1
  Policy:
    Version: "2012-10-17"
    Statement:
      - Sid: ""
        Effect: Allow
        Principal:
          Federated: cognito-identity.amazonaws.com
        Action:
          - sts:AssumeRole
          - sts:TagSession
        Condition:
          StringEquals:
            cognito-identity.amazonaws.com:aud: us-west-2_EXAMPLE
`;

interface Span {
  start: { line: number; column: number; offset: number };
  end: { line: number; column: number; offset: number };
}
interface RecordedFinding {
  issueCode: string;
  locations: { span: Span }[];
}

/** AWS's spans (1-based lines, 0-based columns, end exclusive) in mrap-guard's terms (1-based columns). */
function spans(answer: AwsFixture): Record<string, string[]> {
  const { findings } = answer.json as { findings: RecordedFinding[] };
  const at = ({ start, end }: Span) => `${start.line}:${start.column + 1}-${end.line}:${end.column + 1}`;
  return Object.fromEntries(findings.map((f) => [f.issueCode, f.locations.map((l) => at(l.span))]));
}

describe("ValidatePolicy contract: the AWS CLI's validate-policy example", () => {
  const answer = fixture("accessanalyzer-validate-policy-cli-example");

  it("is the answer for this exact policy text (its spans cover the elements its paths name)", () => {
    const { findings } = answer.json as { findings: RecordedFinding[] };
    const covered = findings.flatMap((f) => f.locations.map((l) => CLI_POLICY_JSON.slice(l.span.start.offset, l.span.end.offset)));
    // AWS's last span runs two characters past the value it names (to offset 464; the value ends at 462).
    assert.deepEqual(covered.map((text) => text.trimEnd()), ['""', '"sts:AssumeRole"', '"cognito-identity.amazonaws.com"', '"sts:TagSession"', '"us-west-2_EXAMPLE"']);
  });

  it("puts each finding of a JSON policy file on the element AWS's span covers", async () => {
    await serve(answer);
    const { code, placed } = await lint({ "cognito.json": CLI_POLICY_JSON, "mrap-guard.config.json": CONFIG("cognito.json") }, "cognito.json");
    assert.equal(code, 1);
    assert.deepEqual(placed, [
      { code: "EMPTY_SID_VALUE", at: "5:20-5:22", pointer: "/Statement/0/Sid", related: [] },
      {
        code: "MISMATCHED_ACTION_FOR_PRINCIPAL",
        at: "11:17-11:33",
        pointer: "/Statement/0/Action/0",
        related: [{ at: "8:30-8:62", pointer: "/Statement/0/Principal/Federated" }],
      },
      {
        code: "UNSUPPORTED_ACTION_FOR_CONDITION_KEY",
        at: "12:17-12:33",
        pointer: "/Statement/0/Action/1",
        related: [{ at: "16:59-16:78", pointer: "/Statement/0/Condition/StringEquals/cognito-identity.amazonaws.com:aud" }],
      },
    ]);
    // The same starts as AWS's own spans into this text (the last span's end is two characters long, above).
    const starts = (places: Record<string, string[]>) => Object.fromEntries(Object.entries(places).map(([code, at]) => [code, at.map((a) => a.split("-")[0])]));
    assert.deepEqual(starts(Object.fromEntries(placed.map((p) => [p.code, [p.at, ...p.related.map((r) => r.at)]]))), starts(spans(answer)));
  });

  it("puts each finding of a YAML policy file on the element it names", async () => {
    await serve(answer);
    const { placed } = await lint({ "cognito.yaml": CLI_POLICY_YAML, "mrap-guard.config.json": CONFIG("cognito.yaml") }, "cognito.yaml");
    assert.deepEqual(placed, [
      { code: "EMPTY_SID_VALUE", at: "3:10-3:12", pointer: "/Statement/0/Sid", related: [] },
      { code: "MISMATCHED_ACTION_FOR_PRINCIPAL", at: "8:9-8:23", pointer: "/Statement/0/Action/0", related: [{ at: "6:18-6:48", pointer: "/Statement/0/Principal/Federated" }] },
      {
        code: "UNSUPPORTED_ACTION_FOR_CONDITION_KEY",
        at: "9:9-9:23",
        pointer: "/Statement/0/Action/1",
        related: [{ at: "12:45-12:62", pointer: "/Statement/0/Condition/StringEquals/cognito-identity.amazonaws.com:aud" }],
      },
    ]);
  });

  it("puts each finding of a policy inline in a YAML manifest on the element it names", async () => {
    await serve(answer);
    const { placed } = await lint({ "orders.mrap.yaml": MANIFEST, "mrap-guard.config.json": JSON.stringify({ rules: { "access-analyzer/no-public-access": "off" } }) }, "orders.mrap.yaml");
    const p = "/MultiRegionAccessPoint/Policy/Statement/0";
    assert.deepEqual(placed, [
      { code: "EMPTY_SID_VALUE", at: "10:14-10:16", pointer: `${p}/Sid`, related: [] },
      { code: "MISMATCHED_ACTION_FOR_PRINCIPAL", at: "15:13-15:27", pointer: `${p}/Action/0`, related: [{ at: "13:22-13:52", pointer: `${p}/Principal/Federated` }] },
      {
        code: "UNSUPPORTED_ACTION_FOR_CONDITION_KEY",
        at: "16:13-16:27",
        pointer: `${p}/Action/1`,
        related: [{ at: "19:49-19:66", pointer: `${p}/Condition/StringEquals/cognito-identity.amazonaws.com:aud` }],
      },
    ]);
    const sent = JSON.parse(replay!.requests[0]!.body) as { validatePolicyResourceType: string };
    assert.equal(sent.validatePolicyResourceType, "AWS::S3::MultiRegionAccessPoint");
  });

  it("writes the further locations as SARIF relatedLocations, valid against the SARIF 2.1.0 schema", async () => {
    await serve(answer);
    const { stdout } = await lint({ "cognito.json": CLI_POLICY_JSON, "mrap-guard.config.json": CONFIG("cognito.json") }, "cognito.json", "sarif");
    const log = JSON.parse(stdout) as Log;
    assertValidSarif(log);
    const results = (log.runs[0]?.results ?? []).filter((r) => r.ruleId === "access-analyzer/validate-policy");
    const mismatched = results.find((r) => r.message.text?.includes("MISMATCHED_ACTION_FOR_PRINCIPAL"));
    assert.deepEqual(mismatched?.locations?.[0]?.physicalLocation?.region, { startLine: 11, startColumn: 17, endLine: 11, endColumn: 33 });
    assert.deepEqual(mismatched?.relatedLocations, [
      {
        id: 0,
        physicalLocation: { artifactLocation: { uri: "cognito.json", uriBaseId: "%SRCROOT%" }, region: { startLine: 8, startColumn: 30, endLine: 8, endColumn: 62 } },
        logicalLocations: [{ fullyQualifiedName: "/Statement/0/Principal/Federated" }],
        message: { text: "MISMATCHED_ACTION_FOR_PRINCIPAL: location 2 of 2" },
      },
    ]);
    const prints = results.map((r) => r.partialFingerprints?.["mrapGuard/v1"]);
    assert.equal(prints.length, 3);
    assert.equal(new Set(prints).size, 3, "each finding has its own fingerprint");
  });

  it("honours a suppression by pointer, and only for the statement it names", async () => {
    await serve(answer);
    const suppressions = [{ rule: "access-analyzer/validate-policy", file: "cognito.json", pointer: "/Statement/0/Action/1", reason: "tracked in OPS-1" }];
    const { placed } = await lint({ "cognito.json": CLI_POLICY_JSON, "mrap-guard.config.json": CONFIG("cognito.json", { suppressions }) }, "cognito.json");
    assert.deepEqual(placed.map((p) => p.code), ["EMPTY_SID_VALUE", "MISMATCHED_ACTION_FOR_PRINCIPAL"]);
  });
});

describe("ValidatePolicy contract: findings recorded by awslabs/terraform-iam-policy-validator", () => {
  // The documents the reports' Terraform renders, as JSON with a 4-space indent: AWS's recorded spans fall on
  // exactly these offsets, which the first test checks.
  const PASS_ROLE = `${JSON.stringify(
    {
      Version: "2012-10-17",
      Statement: [
        { Sid: "PassExecutionRole", Effect: "Allow", Action: "iam:PassRole", Resource: "*" },
        { Sid: "ReadOnlyPermissions", Effect: "Allow", Action: ["iam:ListRoles", "lambda:GetAccountSettings", "lambda:ListEventSourceMappings", "lambda:ListFunctions"], Resource: "*" },
      ],
    },
    null,
    4,
  )}\n`;
  const SINGLE = `${JSON.stringify({ Version: "2012-10-17", Statement: { Sid: "ListBucket", Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:ListBuckets", Resource: "*" } }, null, 4)}\n`;
  const twoLocations = fixture("accessanalyzer-validate-policy-two-locations");
  const single = fixture("accessanalyzer-validate-policy-single-statement");

  it("are answers for these texts (their spans cover the elements their paths name)", () => {
    const covered = (answer: AwsFixture, text: string) =>
      (answer.json as { findings: RecordedFinding[] }).findings.flatMap((f) => f.locations.map((l) => text.slice(l.span.start.offset, l.span.end.offset)));
    assert.deepEqual(covered(twoLocations, PASS_ROLE), ['"iam:PassRole"', '"*"']);
    assert.deepEqual(covered(single, SINGLE), ['"s3:ListBuckets"', '"*"']);
  });

  it("puts a two-location finding on its first location with the second as related", async () => {
    await serve(twoLocations);
    const { placed } = await lint({ "demo.json": PASS_ROLE, "mrap-guard.config.json": CONFIG("demo.json") }, "demo.json");
    assert.deepEqual(placed, [
      { code: "PASS_ROLE_WITH_STAR_IN_RESOURCE", at: "7:23-7:37", pointer: "/Statement/0/Action", related: [{ at: "8:25-8:28", pointer: "/Statement/0/Resource" }] },
    ]);
    assert.deepEqual(Object.fromEntries(placed.map((p) => [p.code, [p.at, ...p.related.map((r) => r.at)]])), spans(twoLocations));
  });

  it("follows a single-object Statement, which AWS names without an index", async () => {
    await serve(single);
    const { placed } = await lint({ "demo.json": SINGLE, "mrap-guard.config.json": CONFIG("demo.json") }, "demo.json");
    assert.deepEqual(placed, [
      { code: "INVALID_ACTION", at: "9:19-9:35", pointer: "/Statement/Action", related: [] },
      { code: "UNSUPPORTED_RESOURCE_ARN_IN_POLICY", at: "10:21-10:24", pointer: "/Statement/Resource", related: [] },
    ]);
    assert.deepEqual(Object.fromEntries(placed.map((p) => [p.code, [p.at]])), spans(single));
  });
});

// The official SARIF 2.1.0 schema (draft-04), compiled as test/formatters/sarif.test.ts does.
const schema = JSON.parse(readFileSync(join(import.meta.dirname, "../../node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8")) as Record<string, unknown>;
const ajv = new AjvDraft04.default({ strict: false, validateFormats: false, unicodeRegExp: false, allErrors: true });
const validateSarif = ajv.compile(schema);

function assertValidSarif(log: unknown): void {
  assert.ok(validateSarif(log), `SARIF does not validate: ${ajv.errorsText(validateSarif.errors)}`);
}
