import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { coreRules } from "../../rules/core/index.js";
import { rules } from "../../rules/index.js";
import { defineRule } from "../../src/engine/define-rule.js";
import { loadConfig, resolveConfig } from "../../src/engine/config.js";
import { lintFiles } from "../../src/engine/linter.js";
import type { Finding, RuleModule } from "../../src/engine/types.js";
import { CLEAN_MANIFEST, project } from "../helpers/project.js";
import { findingsOf } from "../../src/engine/types.js";

async function lintIn(dir: string, paths: string[], extra: { rules?: readonly RuleModule[]; kind?: "bucket-policy" } = {}): Promise<Finding[]> {
  const ruleList = extra.rules ?? rules;
  const config = await loadConfig({ cwd: dir, rules: ruleList });
  const results = await lintFiles(paths, { cwd: dir, config, rules: ruleList, ...(extra.kind ? { kind: extra.kind } : {}) });
  return findingsOf(results);
}

const brief = (f: Finding) => `${f.file}:${f.line}:${f.column} ${f.ruleId}/${f.messageId}`;

describe("core/parse-error", () => {
  it("reports a JSON syntax error at the parser's position", async () => {
    const dir = await project({ "bad.mrap.json": '{\n  "AccountId": "111122223333",\n  "MultiRegionAccessPoint": }\n' });
    const findings = await lintIn(dir, ["bad.mrap.json"]);
    assert.deepEqual(findings.map(brief), ["bad.mrap.json:3:29 core/parse-error/syntax"]);
    assert.match(findings[0]!.message, /^Syntax error: Unexpected character "}"; expected a value\.$/);
  });

  it("reports a YAML syntax error at the parser's position", async () => {
    const dir = await project({ "bad.mrap.yaml": 'AccountId: "111122223333"\nMultiRegionAccessPoint:\n  Name: [orders\n  Regions: x\n' });
    const findings = await lintIn(dir, ["bad.mrap.yaml"]);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.ruleId, "core/parse-error");
    assert.equal(findings[0]!.line, 4);
  });

  it("stops at the depth limit instead of overflowing the stack (JSON and YAML)", async () => {
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    const dir = await project({ "deep.json": deep, "deep.yaml": "a: " + deep, "deep-block.yaml": Array.from({ length: 200 }, (_, i) => " ".repeat(i) + "k:").join("\n") + " 1\n" });
    const findings = await lintIn(dir, ["deep.json", "deep.yaml", "deep-block.yaml"]);
    assert.deepEqual(findings.map((f) => `${f.file} ${f.ruleId}/${f.messageId}`).sort(), [
      "deep-block.yaml core/parse-error/tooDeep",
      "deep.json core/parse-error/tooDeep",
      "deep.yaml core/parse-error/tooDeep",
    ]);
    const json = findings.find((f) => f.file === "deep.json")!;
    assert.equal(json.column, 65, "points at the bracket past the limit");
  });

  it("refuses files over the size limit without reading them", async () => {
    const dir = await project({ "huge.mrap.json": `{"AccountId": "${"1".repeat(3 * 1024 * 1024)}"}` });
    const findings = await lintIn(dir, ["huge.mrap.json"]);
    assert.deepEqual(findings.map(brief), ["huge.mrap.json:1:1 core/parse-error/tooLarge"]);
    assert.match(findings[0]!.message, /over the 2097152-byte limit/);
  });

  it("reports a JSON-string policy that is not valid JSON on the string in the manifest", async () => {
    const dir = await project({ "m.mrap.yaml": CLEAN_MANIFEST + "  Policy: '{\"Statement\": [}'\n" });
    const findings = await lintIn(dir, ["m.mrap.yaml"]);
    assert.deepEqual(findings.map(brief), ["m.mrap.yaml:14:11 core/parse-error/embeddedSyntax"]);
  });
});

describe("core/duplicate-key", () => {
  it("reports every later occurrence at the key, in JSON", async () => {
    const dir = await project({ "p.json": '{"Version": "2012-10-17", "Statement": [], "Version": "2008-10-17"}' });
    const findings = await lintIn(dir, ["p.json"], { kind: "bucket-policy" });
    assert.deepEqual(findings.filter((f) => f.ruleId === "core/duplicate-key").map(brief), ["p.json:1:44 core/duplicate-key/duplicateKey"]);
    assert.match(findings.find((f) => f.ruleId === "core/duplicate-key")!.message, /Duplicate key "Version" \(first on line 1\)/);
  });

  it("reports every later occurrence at the key, in YAML", async () => {
    const dir = await project({ "m.mrap.yaml": CLEAN_MANIFEST.replace("  Name: orders-global\n", "  Name: orders-global\n  Name: orders-other\n") });
    const findings = await lintIn(dir, ["m.mrap.yaml"]);
    assert.deepEqual(findings.map(brief), ["m.mrap.yaml:4:3 core/duplicate-key/duplicateKey"]);
  });

  it("stays silent without duplicates", async () => {
    const dir = await project({ "m.mrap.yaml": CLEAN_MANIFEST });
    assert.deepEqual(await lintIn(dir, ["m.mrap.yaml"]), []);
  });
});

describe("core/numeric-account-id", () => {
  it("reports an unquoted 12-digit account id once (not also as a type error)", async () => {
    const dir = await project({ "m.mrap.yaml": CLEAN_MANIFEST.replace('AccountId: "111122223333"', "AccountId: 011122223333") });
    const findings = await lintIn(dir, ["m.mrap.yaml"]);
    assert.deepEqual(findings.map(brief), ["m.mrap.yaml:1:12 core/numeric-account-id/numericAccountId"]);
    assert.match(findings[0]!.message, /011122223333 as the number 11122223333/);
  });

  it("accepts quoted account ids and JSON strings", async () => {
    const dir = await project({ "m.mrap.yaml": CLEAN_MANIFEST, "n.mrap.json": JSON.stringify({ AccountId: "011122223333", AccessPoints: [] }) });
    assert.deepEqual((await lintIn(dir, ["m.mrap.yaml", "n.mrap.json"])).filter((f) => f.ruleId === "core/numeric-account-id"), []);
  });
});

describe("core/unknown-kind", () => {
  it("reports an explicitly named file whose kind cannot be told", async () => {
    const dir = await project({ "thing.json": '{"hello": "world"}', "mixed.json": JSON.stringify({ Statement: [{ Effect: "Allow", Resource: ["arn:aws:s3:::b", "arn:aws:s3::111122223333:accesspoint/abc.mrap"] }] }) });
    const findings = await lintIn(dir, ["thing.json", "mixed.json"]);
    assert.deepEqual(findings.map(brief).sort(), ["mixed.json:1:1 core/unknown-kind/unknownKind", "thing.json:1:1 core/unknown-kind/unknownKind"]);
    assert.match(findings.find((f) => f.file === "mixed.json")!.message, /different kinds \(bucket-policy, mrap-policy\)/);
  });

  it("skips unrelated JSON found by walking a directory, but not policy-like files", async () => {
    const dir = await project({ "cfg/package.json": '{"name": "x"}', "cfg/policy.json": '{"Version": "2012-10-17", "Statement": []}' });
    const findings = await lintIn(dir, ["cfg"]);
    assert.deepEqual(findings.map(brief), ["cfg/policy.json:1:1 core/unknown-kind/unknownKind"]);
  });
});

describe("core/unresolved-reference", () => {
  it("reports a missing policy file at the reference", async () => {
    const dir = await project({ "m.mrap.yaml": CLEAN_MANIFEST + "  Policy: ./policies/missing.json\n" });
    const findings = await lintIn(dir, ["m.mrap.yaml"]);
    assert.deepEqual(findings.map(brief), ["m.mrap.yaml:14:11 core/unresolved-reference/missing"]);
    assert.match(findings[0]!.message, /"\.\/policies\/missing\.json" cannot be read: no such file/);
  });

  it("refuses absolute paths, paths leaving the root, and symlinks out of the root", async () => {
    const outside = await project({ "secret.json": '{"Statement": []}' }, { git: false });
    const dir = await project({
      "a.mrap.yaml": CLEAN_MANIFEST + "  Policy: /etc/passwd\n",
      "sub/b.mrap.yaml": CLEAN_MANIFEST + "  Policy: ../../escape.json\n",
      "c.mrap.yaml": CLEAN_MANIFEST + "  Policy: ./link.json\n",
      "link.json": `symlink:${outside}/secret.json`,
    });
    const findings = await lintIn(dir, ["a.mrap.yaml", "sub/b.mrap.yaml", "c.mrap.yaml"]);
    assert.deepEqual(findings.map(brief).sort(), [
      "a.mrap.yaml:14:11 core/unresolved-reference/refused",
      "c.mrap.yaml:14:11 core/unresolved-reference/refused",
      "sub/b.mrap.yaml:14:11 core/unresolved-reference/refused",
    ]);
    assert.match(findings.find((f) => f.file === "c.mrap.yaml")!.message, /symlink/);
  });

  it("resolves a relative reference and lints the policy file in the manifest's context, once", async () => {
    const dir = await project({
      "m.mrap.yaml": CLEAN_MANIFEST + "  Policy: ./p/mrap.json\n",
      "p/mrap.json": '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/app"}, "Action": "s3:GetObject", "Resource": "*", "effect": 1}}',
    });
    const findings = await lintIn(dir, ["m.mrap.yaml", "p/mrap.json"]);
    assert.deepEqual(findings.map(brief), ["p/mrap.json:1:163 policy/valid-schema/invalid"]);
  });
});

describe("policy files met before their manifest", () => {
  it("are linted once, in the manifest's context, whatever the order of the files", async () => {
    const policy = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:role/app" }, Action: "s3:GetObject", Resource: "arn:aws:s3::111122223333:accesspoint/other.mrap/object/*" }],
    });
    const manifest = CLEAN_MANIFEST.replace("  Name: orders-global\n", "  Name: orders-global\n  Alias: mfzwi23gnjvgw.mrap\n") + "  Policy: ./a/policy.json\n";
    const dir = await project({ "a/policy.json": policy, "z.mrap.yaml": manifest });
    const findings = await lintIn(dir, ["a/policy.json", "z.mrap.yaml"]);
    // The alias check needs the manifest: it proves the policy was linted in context, and only once.
    assert.deepEqual(findings.map((f) => `${f.file} ${f.ruleId}`), ["a/policy.json mrap/policy-alias-match"]);
  });
});

describe("core/rule-error", () => {
  it("turns a throwing rule into a finding and keeps running the other rules", async () => {
    const broken = defineRule({
      id: "mrap/explodes",
      meta: { type: "problem", docs: { description: "Explode", recommended: true }, severity: "error", appliesTo: ["manifest"], messages: { never: "This is never reported." } },
      check() {
        throw new Error("boom");
      },
    });
    const ruleList = [...rules, broken] as RuleModule[];
    const dir = await project({ "m.mrap.yaml": CLEAN_MANIFEST.replace("orders-global", "Orders") });
    const config = await resolveConfig({ rules: { "mrap/explodes": "error" } }, { root: dir, rules: ruleList });
    const results = await lintFiles(["m.mrap.yaml"], { cwd: dir, config, rules: ruleList });
    const findings = findingsOf(results);
    assert.deepEqual(findings.map(brief).sort(), ["m.mrap.yaml:1:1 core/rule-error/ruleError", "m.mrap.yaml:3:9 mrap/name-format/uppercase"]);
    assert.match(findings.find((f) => f.ruleId === "core/rule-error")!.message, /Rule "mrap\/explodes" failed on this document, so its checks did not run: boom/);
  });
});

describe("core/unused-suppression", () => {
  it("reports a suppression that matched nothing, at its entry in the config", async () => {
    const dir = await project({
      "m.mrap.yaml": CLEAN_MANIFEST.replace("orders-global", "Orders"),
      "mrap-guard.config.yaml": "suppressions:\n  - rule: mrap/name-format\n    file: m.mrap.yaml\n    reason: legacy name kept for compatibility\n  - rule: mrap/duplicate-bucket\n    file: m.mrap.yaml\n    reason: stale entry\n",
    });
    const findings = await lintIn(dir, ["m.mrap.yaml"]);
    assert.deepEqual(findings.map(brief), ["mrap-guard.config.yaml:5:5 core/unused-suppression/unused"]);
  });

  it("does not judge a suppression for files outside this run", async () => {
    const dir = await project({
      "m.mrap.yaml": CLEAN_MANIFEST,
      "mrap-guard.config.yaml": "suppressions:\n  - rule: mrap/name-format\n    file: other.mrap.yaml\n    reason: not linted in this run\n",
    });
    assert.deepEqual(await lintIn(dir, ["m.mrap.yaml"]), []);
  });
});

describe("core rules", () => {
  it("are all registered and engine-reported", () => {
    for (const rule of coreRules) assert.equal(rule.meta.engine, true, rule.id);
  });
});
