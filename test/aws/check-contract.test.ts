/**
 * Contract: the Access Analyzer Check* answers AWS publishes (test/fixtures/aws/accessanalyzer-check-*.json),
 * replayed through the real Access Analyzer SDK client into `mrap-guard lint --access-analyzer`, each for the
 * policy its example was made from. What is asserted is what a user sees: rule, file, line, severity, message.
 */
import assert from "node:assert/strict";
import { after, afterEach, describe, it } from "node:test";
import { jsonMessages, runCli } from "../helpers/cli.js";
import { project } from "../helpers/project.js";
import { isolatedAwsEnv } from "../support/clients.js";
import { fixture, startReplay, type AwsFixture, type ReplayRequest, type ReplayServer } from "../support/replay.js";

const saved = { ...process.env };
let replay: ReplayServer | undefined;
afterEach(async () => {
  await replay?.close();
  replay = undefined;
});
after(() => {
  process.env = saved;
});

// The REST paths of the Check* operations, as the SDK sends them (https://docs.aws.amazon.com/access-analyzer/latest/APIReference/).
const PATHS = {
  CheckNoNewAccess: "/policy/check-no-new-access",
  CheckAccessNotGranted: "/policy/check-access-not-granted",
  CheckNoPublicAccess: "/policy/check-no-public-access",
} as const;
type Operation = keyof typeof PATHS;

/** Serves `answer` to its operation only; any other call is a 599 and so a `core/service-error` the run shows. */
async function serve(answer: AwsFixture): Promise<void> {
  const path = PATHS[answer.operation as Operation];
  replay = await startReplay([{ method: "POST", path: new RegExp(`^${path}(\\?|$)`), respond: answer }]);
  process.env = isolatedAwsEnv(saved, { AWS_ENDPOINT_URL_ACCESSANALYZER: replay.url });
}

/** Every network rule but the one under test is off, so each run makes exactly the call it replays. */
const ONLY = (rule: string): Record<string, string> =>
  Object.fromEntries(["validate-policy", "no-new-access", "access-not-granted", "no-public-access"].map((r) => [`access-analyzer/${r}`, `access-analyzer/${r}` === rule ? "error" : "off"]));

interface Seen {
  ruleId: string;
  file: string;
  line: number;
  column: number;
  severity: string;
  message: string;
  pointer: string;
}

async function lint(files: Record<string, string>, args: string[], rule: string): Promise<{ code: number; seen: Seen[]; requests: ReplayRequest[] }> {
  const cwd = await project(files);
  const { code, stdout, stderr } = await runCli(["lint", "--access-analyzer", "--no-cache", "--format", "json", ...args], { cwd, env: process.env });
  const messages = jsonMessages(stdout);
  assert.deepEqual(messages.filter((m) => m.ruleId === "core/service-error").map((m) => m.message), [], `no service error (stderr: ${stderr})`);
  const seen = messages
    .filter((m) => m.ruleId?.startsWith("access-analyzer/"))
    .map((m) => ({ ruleId: m.ruleId!, file: m.file, line: m.line, column: m.column, severity: m.severity, message: m.message, pointer: m.pointer ?? "" }));
  assert.ok(replay!.requests.length > 0, `${rule} called Access Analyzer (stderr: ${stderr})`);
  return { code, seen, requests: replay!.requests };
}

const sentBody = (request: ReplayRequest) => JSON.parse(request.body) as Record<string, unknown>;

// The policies of the AWS CLI examples (aws/aws-cli awscli/examples/accessanalyzer/*.rst), as the pages show them.
const EXISTING_POLICY = `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "s3:GetObject",
                "s3:ListBucket"
            ],
            "Resource": [
                "arn:aws:s3:::amzn-s3-demo-bucket",
                "arn:aws:s3:::amzn-s3-demo-bucket/*"
            ]
        }
    ]
}
`;

const NEW_POLICY = `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "s3:GetObject",
                "s3:GetObjectAcl",
                "s3:ListBucket"
            ],
            "Resource": [
                "arn:aws:s3:::amzn-s3-demo-bucket",
                "arn:aws:s3:::amzn-s3-demo-bucket/*"
            ]
        }
    ]
}
`;

// check-access-not-granted's myfile.json is existing-policy.json of check-no-new-access, character for character.
const NOT_GRANTED_POLICY = EXISTING_POLICY;

const NO_PUBLIC_POLICY = `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "CheckNoPublicAccess",
            "Effect": "Allow",
            "Principal": { "AWS": "arn:aws:iam::111122223333:user/JohnDoe" },
            "Action": [
                "s3:GetObject"
            ]
        }
    ]
}
`;

// The examples' policies are linted as bucket policies (the kind mrap-guard sends these checks for). Two of them
// are identity policies (no Principal) and one has no Resource, which the offline rules rightly report; those
// two rules are off so that the exit code is the network rule's alone.
const OFFLINE_OFF = { "policy/principal-required": "off", "policy/valid-schema": "off" };
const config = (rule: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ files: [{ files: "*.json", kind: "bucket-policy" }], rules: { ...OFFLINE_OFF, ...ONLY(rule) }, ...extra });

describe("CheckNoNewAccess contract: the AWS CLI's check-no-new-access example (FAIL)", () => {
  const answer = fixture("accessanalyzer-check-no-new-access-fail");
  const rule = "access-analyzer/no-new-access";
  const files = { "new-policy.json": NEW_POLICY, "existing-policy.json": EXISTING_POLICY, "mrap-guard.config.json": config(rule) };

  it("is a FAIL with one reason, for statement index 0", () => {
    assert.equal((answer.json as { result: string }).result, "FAIL");
    assert.deepEqual((answer.json as { reasons: unknown[] }).reasons, [{ description: "New access in the statement with index: 0.", statementIndex: 0 }]);
  });

  it("reports the new access on the statement AWS names, as an error, and fails the run", async () => {
    await serve(answer);
    const { code, seen, requests } = await lint(files, ["--reference-policy", "existing-policy.json", "new-policy.json"], rule);
    assert.equal(code, 1);
    assert.deepEqual(seen, [
      {
        ruleId: rule,
        file: "new-policy.json",
        line: 4,
        column: 9,
        severity: "error",
        message:
          "Access Analyzer CheckNoNewAccess: statement 0: New access in the statement with index: 0., access that the reference policy existing-policy.json does not grant. Review it, and apply it with --allow-new-access if it is intended.",
        pointer: "/Statement/0",
      },
    ]);
    // The SDK's request: the REST path, both documents as the JSON mrap-guard sends, and the policy type.
    assert.deepEqual(
      requests.map((r) => `${r.method} ${r.path}`),
      [`POST ${PATHS.CheckNoNewAccess}`],
    );
    assert.deepEqual(sentBody(requests[0]!), {
      newPolicyDocument: JSON.stringify(JSON.parse(NEW_POLICY)),
      existingPolicyDocument: JSON.stringify(JSON.parse(EXISTING_POLICY)),
      policyType: "RESOURCE_POLICY",
    });
  });

  it("reads the result, not the presence of reasons: the same answer with result PASS gives nothing", async () => {
    // Derived from the published answer (not published itself): only `result` is changed.
    await serve({ ...answer, json: { ...(answer.json as object), result: "PASS" } });
    const { code, seen } = await lint(files, ["--reference-policy", "existing-policy.json", "new-policy.json"], rule);
    assert.deepEqual(seen, []);
    assert.equal(code, 0);
  });
});

describe("CheckAccessNotGranted contract: the AWS CLI's check-access-not-granted example (PASS)", () => {
  const answer = fixture("accessanalyzer-check-access-not-granted-pass");
  const rule = "access-analyzer/access-not-granted";
  // The example's --access actions="s3:DeleteBucket","s3:GetBucketLocation", as mrap-guard's config.
  const sensitiveActions = ["s3:DeleteBucket", "s3:GetBucketLocation"];
  const files = { "myfile.json": NOT_GRANTED_POLICY, "mrap-guard.config.json": config(rule, { accessAnalyzer: { sensitiveActions } }) };

  it("is a PASS without reasons", () => {
    assert.equal((answer.json as { result: string }).result, "PASS");
    assert.equal((answer.json as { reasons?: unknown }).reasons, undefined);
  });

  it("gives no finding, after asking for exactly the configured actions", async () => {
    await serve(answer);
    const { code, seen, requests } = await lint(files, ["myfile.json"], rule);
    assert.deepEqual(seen, []);
    assert.equal(code, 0);
    assert.deepEqual(
      requests.map((r) => `${r.method} ${r.path}`),
      [`POST ${PATHS.CheckAccessNotGranted}`],
    );
    assert.deepEqual(sentBody(requests[0]!), { policyDocument: JSON.stringify(JSON.parse(NOT_GRANTED_POLICY)), access: [{ actions: sensitiveActions }], policyType: "RESOURCE_POLICY" });
  });

  it("reads the result: the same answer with result FAIL is an error on the policy, quoting AWS's message", async () => {
    // Derived from the published answer (not published itself): only `result` is changed; without reasons
    // the finding is on the policy as a whole.
    await serve({ ...answer, json: { ...(answer.json as object), result: "FAIL" } });
    const { code, seen } = await lint(files, ["myfile.json"], rule);
    assert.equal(code, 1);
    assert.deepEqual(seen, [
      {
        ruleId: rule,
        file: "myfile.json",
        line: 1,
        column: 1,
        severity: "error",
        message:
          "Access Analyzer CheckAccessNotGranted: this policy may grant s3:DeleteBucket, s3:GetBucketLocation (The policy document does not grant access to perform one or more of the listed actions.), which the config (accessAnalyzer.sensitiveActions/sensitiveResources) says no policy may grant.",
        pointer: "",
      },
    ]);
  });
});

describe("CheckNoPublicAccess contract: the AWS CLI's check-no-public-access example (PASS)", () => {
  const answer = fixture("accessanalyzer-check-no-public-access-pass");
  const rule = "access-analyzer/no-public-access";
  const files = { "check-no-public-access-myfile.json": NO_PUBLIC_POLICY, "mrap-guard.config.json": config(rule) };

  it("is a PASS without reasons", () => {
    assert.equal((answer.json as { result: string }).result, "PASS");
    assert.equal((answer.json as { reasons?: unknown }).reasons, undefined);
  });

  it("gives no finding for the bucket policy, checked as AWS::S3::Bucket", async () => {
    await serve(answer);
    const { code, seen, requests } = await lint(files, ["check-no-public-access-myfile.json"], rule);
    assert.deepEqual(seen, []);
    assert.equal(code, 0);
    assert.deepEqual(
      requests.map((r) => `${r.method} ${r.path}`),
      [`POST ${PATHS.CheckNoPublicAccess}`],
    );
    assert.deepEqual(sentBody(requests[0]!), { policyDocument: JSON.stringify(JSON.parse(NO_PUBLIC_POLICY)), resourceType: "AWS::S3::Bucket" });
  });

  it("reads the result: the same answer with result FAIL is an error on the policy", async () => {
    // Derived from the published answer (not published itself): only `result` is changed.
    await serve({ ...answer, json: { ...(answer.json as object), result: "FAIL" } });
    const { code, seen } = await lint(files, ["check-no-public-access-myfile.json"], rule);
    assert.equal(code, 1);
    assert.deepEqual(seen, [
      {
        ruleId: rule,
        file: "check-no-public-access-myfile.json",
        line: 1,
        column: 1,
        severity: "error",
        message: "Access Analyzer CheckNoPublicAccess: this policy may allow public access to this bucket (The resource policy does not grant public access for the given resource type.).",
        pointer: "",
      },
    ]);
  });
});
