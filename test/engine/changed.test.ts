import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { lint } from "../../src/index.js";
import { jsonMessages, runCli } from "../helpers/cli.js";
import { project } from "../helpers/project.js";

const OWNER = "111122223333";
const OTHER = "444455556666";
const MRAP_ARN = `arn:aws:s3::${OWNER}:accesspoint/mfzwi23gnjvgw.mrap`;
const ROLE = `arn:aws:iam::${OWNER}:role/orders-app`;

const json = (value: unknown) => JSON.stringify(value, null, 2) + "\n";

const mrapPolicy = (actions: string[] = ["s3:GetObject", "s3:PutObject"]) =>
  json({ Version: "2012-10-17", Statement: [{ Sid: "OrdersApp", Effect: "Allow", Principal: { AWS: ROLE }, Action: actions, Resource: `${MRAP_ARN}/object/*` }] });

/** A bucket policy that delegates the listed actions to the MRAP by its ARN. */
const delegating = (bucket: string, version = "2012-10-17") =>
  json({
    Version: version,
    Statement: [
      {
        Sid: "DelegateToMrap",
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: ["s3:GetObject", "s3:PutObject"],
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: { StringEquals: { "s3:DataAccessPointArn": MRAP_ARN } },
      },
    ],
  });

/** The changed bucket policy: it grants only ListBucket, so it no longer delegates to the MRAP (statement on line 4). */
const NOT_DELEGATING = json({
  Version: "2012-10-17",
  Statement: [{ Sid: "ListOnly", Effect: "Allow", Principal: { AWS: ROLE }, Action: "s3:ListBucket", Resource: "arn:aws:s3:::orders-euw1" }],
});

/** A two-Region manifest whose eu-west-1 bucket is in another account; policies are paths relative to `up`. */
function yamlManifest(up = "../policies") {
  return `AccountId: "${OWNER}"
MultiRegionAccessPoint:
  Name: orders-global
  Alias: mfzwi23gnjvgw.mrap
  PublicAccessBlock:
    BlockPublicAcls: true
    IgnorePublicAcls: true
    BlockPublicPolicy: true
    RestrictPublicBuckets: true
  Regions:
    - Bucket: orders-use1
      Region: us-east-1
      BucketPolicy: ${up}/orders-use1.bucket.json
    - Bucket: orders-euw1
      Region: eu-west-1
      BucketAccountId: "${OTHER}"
      BucketPolicy: ${up}/orders-euw1.bucket.json
  Policy: ${up}/orders-global.mrap-policy.json
`;
}

function jsonManifest(up = "../policies") {
  return json({
    AccountId: OWNER,
    MultiRegionAccessPoint: {
      Name: "orders-global",
      Alias: "mfzwi23gnjvgw.mrap",
      PublicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
      Regions: [
        { Bucket: "orders-use1", Region: "us-east-1", BucketPolicy: `${up}/orders-use1.bucket.json` },
        { Bucket: "orders-euw1", Region: "eu-west-1", BucketAccountId: OTHER, BucketPolicy: `${up}/orders-euw1.bucket.json` },
      ],
      Policy: `${up}/orders-global.mrap-policy.json`,
    },
  });
}

/** The policies folder, with the eu-west-1 bucket policy changed so that it no longer delegates. */
const POLICIES = {
  "policies/orders-use1.bucket.json": delegating("orders-use1"),
  "policies/orders-euw1.bucket.json": NOT_DELEGATING,
  "policies/orders-global.mrap-policy.json": mrapPolicy(),
};

const CHANGED = "policies/orders-euw1.bucket.json";

async function lintJson(cwd: string, args: string[]) {
  const run = await runCli(["lint", "--format", "json", ...args], { cwd });
  assert.equal(run.stderr, "");
  const files = (JSON.parse(run.stdout) as { filePath: string }[]).map((r) => r.filePath);
  return { code: run.code, files, messages: jsonMessages(run.stdout) };
}

describe("lint --changed", () => {
  for (const [format, manifestFile, text] of [
    ["YAML", "mrap/orders.mrap.yaml", yamlManifest()],
    ["JSON", "mrap/orders.mrap.json", jsonManifest()],
  ] as const) {
    it(`judges a changed bucket policy with the ${format} manifest in a subfolder that references it`, async () => {
      const dir = await project({ [manifestFile]: text, ...POLICIES });
      const changed = await lintJson(dir, ["--changed", CHANGED]);
      assert.equal(changed.code, 1);
      assert.deepEqual(changed.files, [manifestFile, CHANGED]);
      const delegation = changed.messages.filter((m) => m.ruleId === "mrap/bucket-delegation");
      assert.equal(delegation.length, 1);
      assert.equal(delegation[0]!.file, CHANGED);
      assert.equal(delegation[0]!.severity, "error");
      assert.equal(delegation[0]!.line, 4);
      assert.equal(delegation[0]!.column, 5);
      assert.match(delegation[0]!.message, /bucket policy of orders-euw1 \(eu-west-1\) does not/);

      const alone = await lintJson(dir, [CHANGED]);
      assert.equal(alone.code, 0);
      assert.deepEqual(alone.files, [CHANGED]);
      assert.equal(alone.messages.filter((m) => m.ruleId === "mrap/bucket-delegation").length, 0);
    });
  }

  it("finds a manifest by its content as well as by a *.mrap.* name", async () => {
    const dir = await project({ "stacks/orders.yaml": yamlManifest(), ...POLICIES });
    const changed = await lintJson(dir, ["--changed", CHANGED]);
    assert.equal(changed.code, 1);
    assert.deepEqual(changed.files, [CHANGED, "stacks/orders.yaml"]);
    assert.ok(changed.messages.some((m) => m.ruleId === "mrap/bucket-delegation" && m.file === CHANGED));
  });

  it("finds a manifest whose reference is written with escapes", async () => {
    const escaped = jsonManifest().replace("../policies/orders-euw1.bucket.json", "..\\/policies\\/orders-euw1\\u002ebucket.json");
    const dir = await project({ "mrap/orders.mrap.json": escaped, ...POLICIES });
    const changed = await lintJson(dir, ["--changed", CHANGED]);
    assert.equal(changed.code, 1);
    assert.deepEqual(changed.files, ["mrap/orders.mrap.json", CHANGED]);
  });

  it("works from a subfolder of the project root", async () => {
    const dir = await project({ "mrap/orders.mrap.yaml": yamlManifest(), ...POLICIES });
    const changed = await lintJson(join(dir, "policies"), ["--changed", "orders-euw1.bucket.json"]);
    assert.equal(changed.code, 1);
    // Shown as other files outside the working directory are: by their absolute path.
    assert.deepEqual(changed.files, [join(dir, "mrap/orders.mrap.yaml"), "orders-euw1.bucket.json"]);
    assert.ok(changed.messages.some((m) => m.ruleId === "mrap/bucket-delegation" && m.file === "orders-euw1.bucket.json"));
  });

  it("does not use a manifest in a folder the config ignores, or in node_modules", async () => {
    const dir = await project({
      "mrap-guard.config.json": json({ ignores: ["legacy/**"] }),
      "legacy/orders.mrap.yaml": yamlManifest(),
      "node_modules/orders/orders.mrap.yaml": yamlManifest("../../policies"),
      ...POLICIES,
    });
    const changed = await lintJson(dir, ["--changed", CHANGED]);
    assert.equal(changed.code, 0);
    assert.deepEqual(changed.files, [CHANGED]);
    assert.deepEqual(changed.messages, []);
  });

  it("does not follow a symlinked manifest that points outside the root", async () => {
    const outside = await mkdtemp(join(tmpdir(), "mrap-guard-outside-"));
    after(() => rm(outside, { recursive: true, force: true }));
    // Read through the link, its reference would resolve next to the link: to the changed policy.
    await writeFile(join(outside, "orders.mrap.yaml"), yamlManifest());
    const dir = await project({ "mrap/orders.mrap.yaml": `symlink:${join(outside, "orders.mrap.yaml")}`, ...POLICIES });
    const changed = await lintJson(dir, ["--changed", CHANGED]);
    assert.equal(changed.code, 0);
    assert.deepEqual(changed.files, [CHANGED]);
  });

  it("skips a FIFO and a file over the size limit without hanging", async () => {
    const huge = `${yamlManifest()}# ${"x".repeat(2 * 1024 * 1024)}\n`;
    const dir = await project({ "mrap/huge.mrap.yaml": huge, ...POLICIES });
    execFileSync("mkfifo", [join(dir, "mrap/fifo.mrap.yaml")]);
    const changed = await lintJson(dir, ["--changed", CHANGED]);
    assert.equal(changed.code, 0);
    assert.deepEqual(changed.files, [CHANGED]);
  });

  it("ignores files that mention the name without referencing the file", async () => {
    const decoy = yamlManifest().replace("../policies/orders-euw1.bucket.json", "../other/orders-euw1.bucket.json");
    const dir = await project({
      // Same name, another folder: resolves to other/orders-euw1.bucket.json.
      "mrap/decoy.mrap.yaml": `# Was ../policies/orders-euw1.bucket.json until the move.\n${decoy}`,
      "other/orders-euw1.bucket.json": delegating("orders-euw1"),
      // A manifest that references the name as an inline string, not a path.
      "mrap/notes.mrap.yaml": yamlManifest().replace("BucketPolicy: ../policies/orders-euw1.bucket.json", `BucketPolicy: '{"Version":"2012-10-17","Statement":[],"Sid":"orders-euw1.bucket.json"}'`).replace(/ {6}BucketPolicy: \.\.\/policies\/orders-use1\.bucket\.json\n/, "").replace(/ {2}Policy: .*\n/, ""),
      "docs/changes.json": json({ changed: ["policies/orders-euw1.bucket.json"] }),
      ...POLICIES,
    });
    const changed = await lintJson(dir, ["--changed", CHANGED]);
    assert.equal(changed.code, 0, JSON.stringify(changed.messages));
    assert.deepEqual(changed.files, [CHANGED]);
  });

  it("lints a given manifest as before, and a policy no manifest references alone", async () => {
    const dir = await project({ "mrap/orders.mrap.yaml": yamlManifest(), ...POLICIES, "policies/unrelated.bucket.json": delegating("reports") });
    const manifest = await lintJson(dir, ["--changed", "mrap/orders.mrap.yaml"]);
    const plain = await lintJson(dir, ["mrap/orders.mrap.yaml"]);
    assert.equal(manifest.code, 1);
    assert.deepEqual(manifest, plain);
    assert.ok(manifest.files.includes("policies/orders-use1.bucket.json"));

    const alone = await lintJson(dir, ["--changed", "policies/unrelated.bucket.json"]);
    assert.equal(alone.code, 0);
    assert.deepEqual(alone.files, ["policies/unrelated.bucket.json"]);
  });

  it("reports a context-only policy's own findings nowhere, and a cross-file finding on it at the manifest's reference", async () => {
    const dir = await project({
      "mrap/orders.mrap.yaml": yamlManifest(),
      // An unchanged bucket policy with a finding of its own (policy/version).
      "policies/orders-use1.bucket.json": delegating("orders-use1", "2008-10-17"),
      "policies/orders-euw1.bucket.json": delegating("orders-euw1"),
      // The change: the MRAP policy now also allows DeleteObject, which neither bucket grants.
      "policies/orders-global.mrap-policy.json": mrapPolicy(["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]),
    });
    const whole = await lintJson(dir, ["."]);
    assert.ok(whole.messages.some((m) => m.ruleId === "policy/version" && m.file === "policies/orders-use1.bucket.json"));

    const changed = await lintJson(dir, ["--changed", "policies/orders-global.mrap-policy.json"]);
    assert.equal(changed.code, 1);
    assert.deepEqual(changed.files, ["mrap/orders.mrap.yaml", "policies/orders-global.mrap-policy.json"]);
    assert.equal(changed.messages.filter((m) => m.ruleId === "policy/version").length, 0);
    const delegation = changed.messages.filter((m) => m.ruleId === "mrap/bucket-delegation").sort((a, b) => a.line - b.line);
    const inWhole = whole.messages.filter((m) => m.ruleId === "mrap/bucket-delegation").sort((a, b) => a.file.localeCompare(b.file));
    assert.equal(inWhole.length, 2);
    assert.deepEqual(
      delegation.map((m) => [m.file, m.line, m.pointer]),
      [
        ["mrap/orders.mrap.yaml", 13, "/MultiRegionAccessPoint/Regions/0/BucketPolicy"],
        ["mrap/orders.mrap.yaml", 17, "/MultiRegionAccessPoint/Regions/1/BucketPolicy"],
      ],
    );
    const euw1 = inWhole.find((m) => m.file === "policies/orders-euw1.bucket.json")!;
    assert.equal(delegation[1]!.message, `${euw1.message} (in policies/orders-euw1.bucket.json:${euw1.line}:${euw1.column})`);
    assert.match(delegation[0]!.message, /s3:DeleteObject .*\(in policies\/orders-use1\.bucket\.json:\d+:\d+\)$/);
  });

  it("finds the manifest among many changed files", async () => {
    const many: Record<string, string> = {};
    for (let i = 0; i < 40; i++) many[`policies/extra-${i}.bucket.json`] = delegating(`extra-${i}`);
    const dir = await project({ "mrap/orders.mrap.yaml": yamlManifest(), ...POLICIES, ...many });
    const changed = await lintJson(dir, ["--changed", CHANGED, ...Object.keys(many)]);
    assert.equal(changed.code, 1);
    assert.ok(changed.files.includes("mrap/orders.mrap.yaml"));
    assert.ok(changed.messages.some((m) => m.ruleId === "mrap/bucket-delegation" && m.file === CHANGED));
  });

  it("is an option of the library's lint()", async () => {
    const dir = await project({ "mrap/orders.mrap.yaml": yamlManifest(), ...POLICIES });
    const results = await lint([CHANGED], { cwd: dir, changed: true });
    assert.deepEqual(
      results.map((r) => r.filePath),
      ["mrap/orders.mrap.yaml", CHANGED],
    );
    const euw1 = results.find((r) => r.filePath === CHANGED)!;
    assert.ok(euw1.errorCount >= 1);
    assert.ok(euw1.messages.some((m) => m.ruleId === "mrap/bucket-delegation" && m.line === 4));
    const alone = await lint([CHANGED], { cwd: dir });
    assert.equal(alone.flatMap((r) => r.messages).filter((m) => m.ruleId === "mrap/bucket-delegation").length, 0);
  });
});
