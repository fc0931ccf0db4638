import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { rules } from "../../rules/index.js";
import { lookupConditionKey } from "../../src/iam/condition-keys.js";
import { action, actionNames, conditionKey, expandAction, loadedDataFiles, serviceExists, serviceNames } from "../../src/iam/service-reference.js";
import { GLOBAL_CONDITION_KEYS, globalConditionKey } from "../../src/iam/global-condition-keys.js";
import { MRAP_DATA_ACTIONS } from "../../src/mrap/s3-actions.js";
import { matchesWildcard } from "../../src/iam/wildcard.js";
import { resolveConfig } from "../../src/engine/config.js";
import { lintText } from "../../src/engine/linter.js";

const root = new URL("../../..", import.meta.url).pathname;

async function lint(text: string, file: string, kind?: "bucket-policy"): Promise<void> {
  const settings = Object.fromEntries(rules.map((r) => [r.id, "error"]));
  const config = await resolveConfig({ extends: [], rules: settings }, { root, rules });
  await lintText(text, file, { cwd: root, config, rules, ...(kind ? { kind } : {}) });
}

// Runs first: nothing may read the data before a policy names a service.
describe("iam-data loading", () => {
  it("reads nothing when the rules are loaded or a manifest without policies is linted", async () => {
    assert.ok(rules.length > 0);
    assert.deepEqual(loadedDataFiles(), []);
    const manifest = JSON.stringify({ AccountId: "111122223333", MultiRegionAccessPoint: { Name: "orders-global", Regions: [{ Bucket: "orders-use1", Region: "us-east-1" }] } });
    await lint(manifest, "orders.mrap.json");
    assert.deepEqual(loadedDataFiles(), []);
  });

  it("reads the service list and only the services a policy names", async () => {
    const policy = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:role/app" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::orders-use1/*" }],
    });
    await lint(policy, "orders.bucket.json", "bucket-policy");
    const loaded = loadedDataFiles();
    assert.ok(loaded.includes("services.json"));
    assert.ok(loaded.includes("actions/s3.json"));
    assert.ok(!loaded.some((f) => f.includes("ec2")), `loaded ${loaded.join(", ")}`);
    const count = loaded.length;
    await lint(policy, "orders.bucket.json", "bucket-policy");
    assert.equal(loadedDataFiles().length, count, "a second lint reads nothing again");
  });
});

describe("iam-data layout", () => {
  it("knows the S3 service and its actions, case-insensitively", () => {
    assert.ok(serviceExists("s3"));
    assert.ok(serviceExists("S3"));
    assert.ok(!serviceExists("s4"));
    assert.ok(serviceNames().includes("s3express"));
    assert.equal(action("s3", "GetObject"), "GetObject");
    assert.equal(action("s3", "getobject"), "GetObject");
    assert.equal(action("S3", "LISTBUCKET"), "ListBucket");
    assert.equal(action("s3", "GetObjects"), undefined);
    assert.equal(action("nope", "GetObject"), undefined);
    assert.ok(actionNames("s3").includes("CreateMultiRegionAccessPoint"));
  });

  it("expands wildcards within one service", () => {
    const tagging = expandAction("s3:Get*Tagging");
    for (const expected of ["s3:GetObjectTagging", "s3:GetBucketTagging", "s3:GetObjectVersionTagging"]) assert.ok(tagging.includes(expected), expected);
    assert.ok(tagging.every((a) => /^s3:Get.*Tagging$/.test(a)));
    assert.deepEqual(expandAction("s3:?etObject"), ["s3:GetObject"]);
    assert.ok(expandAction("S3:*").length > 100);
    assert.deepEqual(expandAction("s3:Get*Rocket"), []);
    assert.deepEqual(expandAction("nope:*"), []);
    assert.deepEqual(expandAction("GetObject"), []);
  });

  it("expands a pattern to exactly the actions an IAM wildcard match finds, whatever characters it holds", () => {
    const all = actionNames("s3");
    const patterns = ["*", "Get*", "*Tagging", "g*T?gging", "?????", "*o*b*j*", "*Object?", "*1*", "Get*2?", "*-*", "*é*", "*K*", "PUT*ACL", "*a*a*a*a*a*a*", "??*??*??*??*??*??"];
    for (const pattern of patterns) {
      const expected = all.filter((name) => matchesWildcard(pattern, name, true)).map((name) => `s3:${name}`);
      assert.deepEqual(expandAction(`s3:${pattern}`), expected, pattern);
    }
    // "K" (U+212A, KELVIN SIGN) lowercases to "k", but IAM compares ASCII letters only.
    assert.deepEqual(expandAction("s3:*\u212a*"), []);
  });

  it("has every MRAP data-plane action", () => {
    for (const { name } of MRAP_DATA_ACTIONS) assert.equal(action("s3", name), name);
  });

  it("knows S3 condition keys with their canonical spelling and type", () => {
    assert.deepEqual(conditionKey("s3:DataAccessPointArn"), { key: "s3:DataAccessPointArn", template: "s3:DataAccessPointArn", type: "ARN" });
    assert.equal(conditionKey("s3:dataaccesspointaccount")?.key, "s3:DataAccessPointAccount");
    assert.equal(conditionKey("s3:TlsVersion")?.type, "Numeric");
    assert.equal(conditionKey("s3:RequestObjectTagKeys")?.type, "ArrayOfString");
    assert.equal(conditionKey("s3:NoSuchKey"), undefined);
    assert.equal(conditionKey("aws:SourceIp"), undefined, "global keys are not service keys");
  });

  it("fills templated keys, keeping the tag key as written", () => {
    assert.deepEqual(conditionKey("s3:requestobjecttag/Env"), { key: "s3:RequestObjectTag/Env", template: "s3:RequestObjectTag/<key>", type: "String" });
    assert.equal(conditionKey("s3:BucketTag/cost-center")?.template, "s3:BucketTag/${TagKey}");
    assert.equal(conditionKey("s3:RequestObjectTag/"), undefined);
  });
});

describe("iam-global-keys", () => {
  it("has each documented key once, with a type", () => {
    const names = GLOBAL_CONDITION_KEYS.map((k) => k.key.toLowerCase());
    assert.equal(new Set(names).size, names.length);
    assert.ok(GLOBAL_CONDITION_KEYS.every((k) => k.multivalued === k.type.startsWith("ArrayOf")));
  });

  it("types the keys S3 policies use", () => {
    assert.equal(globalConditionKey("aws:SourceIp")?.definition.type, "IPAddress");
    assert.equal(globalConditionKey("aws:sourceip")?.key, "aws:SourceIp");
    assert.equal(globalConditionKey("aws:SecureTransport")?.definition.type, "Bool");
    assert.equal(globalConditionKey("aws:PrincipalArn")?.definition.type, "ARN");
    assert.equal(globalConditionKey("aws:CurrentTime")?.definition.type, "Date");
    assert.equal(globalConditionKey("aws:PrincipalOrgPaths")?.definition.multivalued, true);
    assert.equal(globalConditionKey("aws:SourceVpce")?.definition.multivalued, false);
    assert.equal(globalConditionKey("aws:PrincipalTag/Team")?.key, "aws:PrincipalTag/Team");
    assert.equal(globalConditionKey("aws:PrincipalTag"), undefined);
    assert.equal(globalConditionKey("aws:NoSuchKey"), undefined);
  });

  it("is looked up before service keys", () => {
    assert.equal(lookupConditionKey("aws:SourceIp")?.global, true);
    assert.equal(lookupConditionKey("lambda:SourceFunctionArn")?.global, true);
    assert.equal(lookupConditionKey("s3:DataAccessPointArn")?.global, false);
    assert.equal(lookupConditionKey("aws:TagKeys")?.multivalued, true);
  });
});
