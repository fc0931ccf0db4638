/**
 * `mrap-guard plan` and `apply` under hostile input (issue 12): every stderr line is one escaped line, an
 * endpoint that fails is one `core/service-error` line (never "internal error"), and the audit log names a
 * caller only when one is given, never the access key of the credentials. Real SDK clients, local endpoints.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { CreateBucketCommand, PutBucketPolicyCommand } from "@aws-sdk/client-s3";
import { rules } from "../../rules/index.js";
import { lockPath } from "../../src/apply/lock.js";
import { applyManifest } from "../../src/apply/manifest-plan.js";
import { runCli, type CliRun } from "../helpers/cli.js";
import { isolatedAwsEnv, s3Client } from "../support/clients.js";
import { listenOnLoopback, type Loopback } from "../support/loopback.js";
import { motoGate, useMoto } from "../support/moto.js";

const ACCOUNT = "123456789012";
const ACCESS_KEY = "AKIAHOSTILETEST00001";
const FORGED = "\n::error file=x,line=1::FORGED\u001b[31m\u202e";

const manifest = (name: string, bucket: string) => `AccountId: "${ACCOUNT}"
MultiRegionAccessPoint:
  Name: ${name}
  PublicAccessBlock:
    BlockPublicAcls: true
    IgnorePublicAcls: true
    BlockPublicPolicy: true
    RestrictPublicBuckets: true
  Regions:
    - Bucket: ${bucket}
      Region: us-east-1
`;

/** Every line of stderr is one of ours: no forged workflow command, no raw control or bidi character. */
function assertEscapedLines(stderr: string): void {
  assert.ok(stderr.endsWith("\n"), JSON.stringify(stderr));
  for (const text of stderr.slice(0, -1).split("\n")) assert.match(text, /^mrap-guard: /, JSON.stringify(stderr));
  assert.doesNotMatch(stderr, /^::/m);
  // eslint-disable-next-line no-control-regex
  assert.doesNotMatch(stderr, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2028\u2029]/);
}

async function project(text: string): Promise<string> {
  const cwd = await mkdtemp(join(tmpdir(), "mrap-guard-hostile-"));
  await mkdir(join(cwd, ".git"));
  await writeFile(join(cwd, "m.mrap.yaml"), text);
  return cwd;
}

describe("plan/apply when the endpoint fails before anything is sent", () => {
  const saved = { ...process.env };
  let html: Loopback;
  let closed = "";
  let cwd = "";

  before(async () => {
    html = await listenOnLoopback(
      createServer((_request, response) => {
        response.writeHead(500, { "content-type": "text/html" });
        response.end("<html><body><h1>500 Internal Server Error</h1></body></html>");
      }),
    );
    const probe = await listenOnLoopback(createServer());
    closed = probe.url;
    await probe.close();
    cwd = await project(manifest("orders-global", "hostile-orders-use1"));
  });
  after(async () => {
    process.env = saved;
    await html.close();
    if (cwd) await rm(cwd, { recursive: true, force: true });
  });

  for (const [what, url] of [["refuses connections", () => closed], ["answers with an HTML 500", () => html.url]] as const) {
    for (const command of ["plan", "apply"] as const) {
      it(`${command}: an endpoint that ${what} is one core/service-error line, exit 1`, async () => {
        process.env = isolatedAwsEnv(saved, { AWS_ENDPOINT_URL_S3_CONTROL: url(), AWS_ENDPOINT_URL_S3: url() });
        const args = command === "plan" ? ["plan", "--skip-access-analyzer", "m.mrap.yaml"] : ["apply", "--yes", "--skip-access-analyzer", "m.mrap.yaml"];
        const run: CliRun = await runCli(args, { cwd, env: process.env });
        assert.equal(run.code, 1, run.stderr);
        assert.equal(run.stderr.split("\n").length, 2, run.stderr);
        assert.match(run.stderr, /^mrap-guard: core\/service-error: S3 Control GetMultiRegionAccessPoint failed: /);
        assert.ok(run.stderr.includes(`the endpoint ${url()}`), run.stderr);
        assert.match(run.stderr, new RegExp(`nothing was sent\\. Check that .* then run ${command} again\\.\\n$`));
        assert.doesNotMatch(run.stderr, /internal error|\n\s+at /);
        if (what === "answers with an HTML 500") assert.match(run.stderr, /HTTP 500/);
        if (command === "apply") assert.equal(await readFile(join(cwd, ".mrap-guard/audit.jsonl"), "utf8").catch(() => ""), "");
      });
    }
  }
});

const gate = motoGate();
describe("plan/apply against moto with hostile input", { skip: gate.skip }, () => {
  const moto = useMoto(gate);
  const saved = { ...process.env };
  const dirs: string[] = [];

  before(async () => {
    const s3 = s3Client(moto().url, { region: "us-east-1" });
    for (const bucket of ["hostile-lock-use1", "hostile-caller-use1"]) {
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
      const delegation = { Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:GetObject", Resource: `arn:aws:s3:::${bucket}/*`, Condition: { StringEquals: { "s3:DataAccessPointAccount": ACCOUNT } } };
      await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify({ Version: "2012-10-17", Statement: [delegation] }) }));
    }
  });
  after(async () => {
    process.env = saved;
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it("a warning that quotes a hostile lock file is one escaped line", async () => {
    const cwd = await project(manifest("hostile-lock", "hostile-lock-use1"));
    dirs.push(cwd);
    // A lock left by a process of this host that is gone: apply takes it over with a warning naming its owner.
    const gone = spawnSync(process.execPath, ["-e", ""]).pid;
    const file = lockPath(join(cwd, ".mrap-guard/audit.jsonl"), ACCOUNT, "hostile-lock");
    await mkdir(join(cwd, ".mrap-guard"), { recursive: true });
    await writeFile(file, JSON.stringify({ pid: gone, host: hostname(), time: `t${FORGED}`, operation: `CreateMultiRegionAccessPoint${FORGED}` }));
    process.env = isolatedAwsEnv(saved, { AWS_ENDPOINT_URL_S3_CONTROL: moto().url, AWS_ENDPOINT_URL_S3: moto().url });
    const run = await runCli(["apply", "--yes", "--skip-access-analyzer", "m.mrap.yaml"], { cwd, env: process.env });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stderr, /^mrap-guard: Taking over the lock file .*CreateMultiRegionAccessPoint ::error file=x,line=1::FORGED\\u001b\[31m\\u202e, since t ::error/m);
    assertEscapedLines(run.stderr);
  });

  /** The audit lines of an apply that gave no caller: none names one, none holds the access key id. */
  async function assertNoCaller(cwd: string): Promise<void> {
    const text = await readFile(join(cwd, ".mrap-guard/audit.jsonl"), "utf8");
    const lines = text.trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual(lines.map((line) => line["type"]), ["intent", "result"]);
    for (const line of lines) assert.equal(Object.hasOwn(line, "caller"), false, JSON.stringify(line));
    assert.equal(text.includes(ACCESS_KEY), false, text);
  }

  it("apply --profile: the audit log names no caller (none was given)", async () => {
    const cwd = await project(manifest("hostile-profile", "hostile-caller-use1"));
    dirs.push(cwd);
    const credentials = join(cwd, "aws-credentials");
    await writeFile(credentials, `[ci]\naws_access_key_id = ${ACCESS_KEY}\naws_secret_access_key = secret\n`);
    const env = isolatedAwsEnv(saved, { AWS_ENDPOINT_URL_S3_CONTROL: moto().url, AWS_ENDPOINT_URL_S3: moto().url, AWS_SHARED_CREDENTIALS_FILE: credentials }, false);
    process.env = env;
    const run = await runCli(["apply", "--yes", "--skip-access-analyzer", "--profile", "ci", "m.mrap.yaml"], { cwd, env });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    await assertNoCaller(cwd);
  });

  it("applyManifest with credentials: the audit log names no caller and no access key id", async () => {
    const cwd = await project(manifest("hostile-credentials", "hostile-caller-use1"));
    dirs.push(cwd);
    const env = isolatedAwsEnv(saved, { AWS_ENDPOINT_URL_S3_CONTROL: moto().url, AWS_ENDPOINT_URL_S3: moto().url }, false);
    process.env = env;
    const outcome = await applyManifest(
      "m.mrap.yaml",
      { cwd, env, credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: "secret" }, skipAccessAnalyzer: true, auditLog: join(cwd, ".mrap-guard/audit.jsonl") },
      { rules, toolVersion: "test" },
    );
    assert.equal(outcome.status, "applied", JSON.stringify(outcome.results));
    await assertNoCaller(cwd);
  });
});
