/**
 * CloudFormation templates and Terraform plans through the CLI (issue 14): the examples in
 * examples/cloudformation/ as YAML with short forms and as their JSON twins, each finding on the template's own
 * line, and what a source leaves undetermined reported as core/unresolved-value (info), never as a problem and
 * never skipped silently. The plan follows https://developer.hashicorp.com/terraform/internals/json-format.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { parseText } from "../../src/document/index.js";
import type { LintMessage } from "../../src/engine/types.js";
import { runCli } from "../helpers/cli.js";
import { project } from "../helpers/project.js";

const example = (name: string) => readFileSync(new URL(`../../examples/cloudformation/${name}`, import.meta.url), "utf8");
const CLEAN = example("orders-global.template.yaml");
const BROKEN = example("broken/orders-broken.template.yaml");

/** The template as JSON (what `cdk synth` writes), with the line each pointer lands on in it. */
async function asJson(yaml: string): Promise<string> {
  const doc = await parseText("t.yaml", yaml);
  return JSON.stringify(doc.value, null, 2) + "\n";
}

async function lint(files: Record<string, string>, args: string[] = []): Promise<{ code: number; messages: Map<string, LintMessage[]> }> {
  const cwd = await project(files);
  const run = await runCli(["lint", "--format", "json", ...args, ...Object.keys(files)], { cwd, env: {} });
  assert.equal(run.stderr, "");
  const results = JSON.parse(run.stdout) as { filePath: string; messages: LintMessage[] }[];
  return { code: run.code, messages: new Map(results.map((r) => [r.filePath, r.messages])) };
}

const brief = (m: LintMessage) => `${m.line} ${m.severity} ${m.ruleId}/${m.messageId}`;

describe("CloudFormation templates, linted where they are written", () => {
  it("the clean example: no problem, exit 0; the buckets' Regions, which a template does not give, are info findings on their lines", async () => {
    const { code, messages } = await lint({ "orders-global.template.yaml": CLEAN });
    assert.equal(code, 0);
    assert.deepEqual(messages.get("orders-global.template.yaml")!.map(brief), ["27 info core/unresolved-value/unresolved", "28 info core/unresolved-value/unresolved"]);
    assert.match(messages.get("orders-global.template.yaml")![0]!.message, /a template does not give a bucket's Region/);
  });

  it("without an account in the MRAP policy's ARNs, the owner is the stack's: said once, on the MRAP, and the account checks are not made", async () => {
    const template = CLEAN.replaceAll("arn:aws:s3::111122223333:accesspoint/", "arn:aws:s3::${AWS::AccountId}:accesspoint/");
    const { code, messages } = await lint({ "t.template.yaml": template });
    assert.equal(code, 0);
    const account = messages.get("t.template.yaml")!.filter((m) => m.line === 18);
    assert.deepEqual(account.map(brief), ["18 info core/unresolved-value/unresolved"]);
    assert.match(account[0]!.message, /the MRAP's owner is the stack's account, AWS::AccountId, so the checks that compare accounts/);
  });

  it("the broken example: each problem on the template's line, exit 1", async () => {
    const { code, messages } = await lint({ "orders-broken.template.yaml": BROKEN });
    assert.equal(code, 1);
    assert.deepEqual(messages.get("orders-broken.template.yaml")!.map(brief), [
      "14 error mrap/name-format/uppercase",
      "18 error mrap/block-public-access/settingDisabled",
      "21 info core/unresolved-value/unresolved",
      "21 error mrap/bucket-name/invalidCharacter",
      "31 error mrap/no-anonymous/anonymous",
      "32 error policy/action-exists/unknownActionDidYouMean",
      "42 error mrap/bucket-delegation/notGranted",
    ]);
  });

  it("the broken example finds what its equivalent manifest finds (a bucket's unknown Region aside, which a template cannot give)", async () => {
    const manifest = [
      'AccountId: "111122223333"',
      "MultiRegionAccessPoint:",
      "  Name: Orders-Global",
      "  PublicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: true }",
      "  Regions:",
      "    - Bucket: orders_use1",
      "      BucketPolicy:",
      '        Version: "2012-10-17"',
      '        Statement: [{ Effect: Allow, Principal: { AWS: "arn:aws:iam::111122223333:role/orders-app" }, Action: s3:GetObject, Resource: "arn:aws:s3:::orders_use1/*" }]',
      "  Policy:",
      '    Version: "2012-10-17"',
      '    Statement: [{ Effect: Allow, Principal: "*", Action: s3:GetObjekt, Resource: "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*" }]',
    ].join("\n");
    const { messages } = await lint({ "t.template.yaml": BROKEN, "m.mrap.yaml": manifest + "\n" });
    const ids = (file: string) => messages.get(file)!.map((m) => `${m.ruleId}/${m.messageId}`).sort();
    assert.deepEqual(ids("t.template.yaml"), ids("m.mrap.yaml").map((id) => (id === "mrap/region-unknown/regionUnknown" ? "core/unresolved-value/unresolved" : id)).sort());
  });

  it("the same templates as JSON find the same problems, at the same template pointers", async () => {
    const yaml = await lint({ "clean.template.yaml": CLEAN, "broken.template.yaml": BROKEN });
    const json = await lint({ "clean.template.json": await asJson(CLEAN), "broken.template.json": await asJson(BROKEN) });
    for (const name of ["clean", "broken"]) {
      const ids = (messages: LintMessage[]) => messages.map((m) => `${m.pointer} ${m.ruleId}/${m.messageId}`);
      assert.deepEqual(ids(json.messages.get(`${name}.template.json`)!), ids(yaml.messages.get(`${name}.template.yaml`)!));
    }
  });

  it("a message names what the template writes for the MRAP's alias, not the text that stood for it", async () => {
    const wrongAccount = CLEAN.replace('Resource: !Sub "arn:aws:s3::111122223333:accesspoint/${OrdersGlobal.Alias}/object/*"', 'Resource: !Sub "arn:aws:s3::111122223333:accesspoint/${OrdersGlobal.Alias}/objects/*"');
    assert.notEqual(wrongAccount, CLEAN);
    const { messages } = await lint({ "t.template.yaml": wrongAccount });
    const found = messages.get("t.template.yaml")!.filter((m) => m.severity !== "info");
    assert.ok(found.length > 0, "the bad resource is reported");
    for (const m of found) {
      assert.doesNotMatch(m.message, /mrapguardalias/, m.message);
      assert.equal(m.line, 41);
    }
    assert.ok(found.some((m) => m.message.includes("Fn::GetAtt OrdersGlobal.Alias")), found.map((m) => m.message).join("\n"));
  });

  it("an MRAP policy for an MRAP the template does not define is reported, not skipped", async () => {
    const template = CLEAN.replace("MrapName: !Ref OrdersGlobal", "MrapName: orders-elsewhere");
    const { messages } = await lint({ "t.template.yaml": template });
    const detached = messages.get("t.template.yaml")!.filter((m) => m.messageId === "detached");
    assert.deepEqual(detached.map((m) => m.line), [33]);
    assert.match(detached[0]!.message, /Not checked: this policy's MrapName names no MRAP the template defines/);
  });

  it("a Ref, Fn::GetAtt or Fn::Sub variable that names nothing the template defines is an error on it, with the closest name", async () => {
    const template = CLEAN.replace("- Bucket: !Ref OrdersEuw1", "- Bucket: !Ref OrdersEuw2")
      .replace('Resource: !Sub "arn:aws:s3::111122223333:accesspoint/${OrdersGlobal.Alias}"', 'Resource: !Sub "arn:aws:s3::111122223333:accesspoint/${OrdersGlobl.Alias}"')
      .replace('Principal: { AWS: "arn:aws:iam::111122223333:role/orders-app" }\n            Action: s3:ListBucket', 'Principal: { AWS: !GetAtt AppRole.Arn }\n            Action: s3:ListBucket');
    const { code, messages } = await lint({ "t.template.yaml": template + "  AppRole: { Type: AWS::IAM::Role, Properties: { AssumeRolePolicyDocument: {} } }\n" });
    assert.equal(code, 1);
    const unknown = messages.get("t.template.yaml")!.filter((m) => m.ruleId === "template/unknown-reference");
    assert.deepEqual(
      unknown.map((m) => [m.line, m.messageId, m.data?.["name"], m.data?.["suggestion"]]),
      [
        [28, "unknownDidYouMean", "OrdersEuw2", "OrdersEuw1"],
        [46, "unknownDidYouMean", "OrdersGlobl", "OrdersGlobal"],
      ],
    );
    // A Ref to a resource of another type (the role) is fine, and nothing is said twice about a broken one.
    assert.ok(!messages.get("t.template.yaml")!.some((m) => m.line === 28 && m.ruleId !== "template/unknown-reference" && m.ruleId !== "core/unresolved-value"));
  });

  it("a template with a Transform is not checked for references: a macro may define what it names", async () => {
    const template = CLEAN.replace('AWSTemplateFormatVersion: "2010-09-09"', 'AWSTemplateFormatVersion: "2010-09-09"\nTransform: AWS::Serverless-2016-10-31').replace("- Bucket: !Ref OrdersEuw1", "- Bucket: !Ref MadeByTheMacro");
    const { messages } = await lint({ "t.template.yaml": template });
    assert.deepEqual(messages.get("t.template.yaml")!.filter((m) => m.severity !== "info").map(brief), []);
  });

  it("a cdk.out folder: the stack's template is linted, CDK's own JSON files (manifest.json, tree.json, assets) are left alone", async () => {
    const doc = (await parseText("t.yaml", BROKEN)).value as { Resources: Record<string, { Metadata?: unknown }> };
    // What `cdk synth` adds: a path in each resource's Metadata, its metadata resource, and the bootstrap parameter and rule.
    for (const [id, resource] of Object.entries(doc.Resources)) resource.Metadata = { "aws:cdk:path": `OrdersStack/${id}/Resource` };
    const template = {
      ...doc,
      Resources: { ...doc.Resources, CDKMetadata: { Type: "AWS::CDK::Metadata", Properties: { Analytics: "v2:deflate64:H4sIAAAAAAAA" }, Metadata: { "aws:cdk:path": "OrdersStack/CDKMetadata/Default" } } },
      Parameters: { BootstrapVersion: { Type: "AWS::SSM::Parameter::Value<String>", Default: "/cdk-bootstrap/hnb659fds/version" } },
      Rules: { CheckBootstrapVersion: { Assertions: [{ Assert: { "Fn::Not": [{ "Fn::Contains": [["1", "2", "3", "4", "5"], { Ref: "BootstrapVersion" }] }] }, AssertDescription: "CDK bootstrap stack version 6 required." }] } },
    };
    const files = {
      "cdk.out/OrdersStack.template.json": JSON.stringify(template, null, 1),
      "cdk.out/manifest.json": JSON.stringify({ version: "36.0.0", artifacts: { OrdersStack: { type: "aws:cloudformation:stack", properties: { templateFile: "OrdersStack.template.json" } } } }),
      "cdk.out/tree.json": JSON.stringify({ version: "tree-0.1", tree: { id: "App", path: "", children: {} } }),
      "cdk.out/OrdersStack.assets.json": JSON.stringify({ version: "36.0.0", files: {}, dockerImages: {} }),
    };
    const cwd = await project(files);
    const run = await runCli(["lint", "--format", "json", "cdk.out"], { cwd, env: {} });
    assert.equal(run.code, 1, run.stderr);
    const results = JSON.parse(run.stdout) as { filePath: string; messages: LintMessage[] }[];
    assert.deepEqual(results.map((r) => r.filePath), ["cdk.out/OrdersStack.template.json"]);
    assert.deepEqual([...new Set(results[0]!.messages.filter((m) => m.severity === "error").map((m) => m.ruleId))].sort(), [
      "mrap/block-public-access",
      "mrap/bucket-delegation",
      "mrap/bucket-name",
      "mrap/name-format",
      "mrap/no-anonymous",
      "policy/action-exists",
    ]);
  });

  it("a template without MRAPs, named on the command line, has a clean result; a kind given for it wins", async () => {
    const topic = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Topic: { Type: AWS::SNS::Topic }\n';
    const plain = await lint({ "topic.yaml": topic });
    assert.deepEqual(plain.messages.get("topic.yaml"), []);
    const forced = await lint({ "topic.yaml": topic }, ["--kind", "manifest"]);
    assert.ok(forced.messages.get("topic.yaml")!.some((m) => m.ruleId === "mrap/valid-schema"), "linted as the manifest it was said to be");
  });
});

describe("Terraform plan JSON (terraform show -json), linted where it is written", () => {
  const bucketPolicy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:GetObjekt", Resource: "arn:aws:s3:::example-bucket-foo/*", Condition: { StringEquals: { "s3:DataAccessPointAccount": "123456789012" } } }] });
  const mrap = {
    address: "aws_s3control_multi_region_access_point.example",
    mode: "managed",
    type: "aws_s3control_multi_region_access_point",
    name: "example",
    change: {
      actions: ["create"],
      before: null,
      after: { details: [{ name: "Example", public_access_block: [{ block_public_acls: true, block_public_policy: false, ignore_public_acls: true, restrict_public_buckets: true }], region: [{ bucket: "example-bucket-foo", bucket_account_id: "123456789012" }] }] },
      after_unknown: { account_id: true, alias: true, arn: true, details: [{ public_access_block: [{}], region: [{ region: true }] }], id: true },
    },
  };
  const policy = { address: "aws_s3_bucket_policy.foo", mode: "managed", type: "aws_s3_bucket_policy", name: "foo", change: { actions: ["create"], before: null, after: { bucket: "example-bucket-foo", policy: bucketPolicy }, after_unknown: { id: true } } };
  const plan = JSON.stringify({ format_version: "1.2", terraform_version: "1.9.0", planned_values: { root_module: { resources: [] } }, resource_changes: [mrap, policy] }, null, 2) + "\n";
  const lineOf = (needle: string) => plan.split("\n").findIndex((line) => line.includes(needle)) + 1;

  it("finds the MRAP's problems on the plan's lines, and a policy's (JSON text) on its string; what is known only after apply is info", async () => {
    const { code, messages } = await lint({ "plan.json": plan });
    assert.equal(code, 1);
    assert.deepEqual(messages.get("plan.json")!.map(brief), [
      `${lineOf('"name": "Example"')} error mrap/name-format/uppercase`,
      `${lineOf('"block_public_policy": false')} error mrap/block-public-access/settingDisabled`,
      `${lineOf('"account_id": true')} info core/unresolved-value/unresolved`,
      `${lineOf('"region": true')} info core/unresolved-value/unresolved`,
      `${lineOf('"policy": "{')} error policy/action-exists/unknownActionDidYouMean`,
    ]);
  });
});
