import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { rules } from "../../rules/index.js";
import { discover, loadConfig } from "../../src/engine/config.js";
import { ConfigError } from "../../src/engine/errors.js";
import { lintFiles } from "../../src/engine/linter.js";
import { CLEAN_MANIFEST, project } from "../helpers/project.js";
import { findingsOf } from "../../src/engine/types.js";

async function configError(files: Record<string, string>): Promise<ConfigError> {
  const dir = await project(files);
  try {
    await loadConfig({ cwd: dir, rules });
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error;
  }
  assert.fail("expected a ConfigError");
}

describe("config discovery", () => {
  it("finds the config upward and makes its folder the project root", async () => {
    const dir = await project({ "mrap-guard.config.json": "{}", "a/b/.keep": "" }, { git: false });
    const found = await discover(join(dir, "a", "b"));
    assert.equal(found.root, dir);
    assert.equal(found.configPath, join(dir, "mrap-guard.config.json"));
  });

  it("stops at the repository root (.git) when there is no config", async () => {
    const dir = await project({ "a/.keep": "" });
    assert.deepEqual(await discover(join(dir, "a")), { root: dir });
  });

  it("reads package.json#mrap-guard", async () => {
    const dir = await project({ "package.json": JSON.stringify({ name: "x", "mrap-guard": { rules: { "mrap/name-format": "warning" } } }) });
    const config = await loadConfig({ cwd: dir, rules });
    assert.equal(config.rules.get("mrap/name-format")?.severity, "warning");
  });
});

describe("config validation", () => {
  it("rejects an unknown rule id with its location and a did-you-mean", async () => {
    const error = await configError({ "mrap-guard.config.yaml": "rules:\n  mrap/name-fromat: error\n" });
    assert.match(error.message, /mrap-guard\.config\.yaml:2:3: unknown rule "mrap\/name-fromat"; did you mean "mrap\/name-format"\?/);
  });

  it("rejects unknown keys, bad severities and unknown presets", async () => {
    assert.match((await configError({ "mrap-guard.config.json": '{"rulez": {}}' })).message, /1:2: invalid config: unknown property "rulez"; did you mean "rules"\?/);
    assert.match((await configError({ "mrap-guard.config.json": '{"rules": {"mrap/name-format": "fatal"}}' })).message, /invalid config: rules\.mrap\/name-format must be one of/);
    assert.match((await configError({ "mrap-guard.config.json": '{"extends": "strictest"}' })).message, /unknown preset "strictest"/);
  });

  it("validates the accessAnalyzer settings, with their location", async () => {
    const unknown = await configError({ "mrap-guard.config.yaml": "accessAnalyzer:\n  enabled: true\n  blockingTypes: [ERROR]\n" });
    assert.match(unknown.message, /mrap-guard\.config\.yaml:3:3: invalid config: unknown property "blockingTypes" in accessAnalyzer$/);
    const type = await configError({ "mrap-guard.config.yaml": "accessAnalyzer:\n  blockingFindingTypes: [ERROR, FATAL]\n" });
    assert.match(type.message, /mrap-guard\.config\.yaml:2:\d+: invalid config: accessAnalyzer\.blockingFindingTypes\[1\] must be one of/);
    const concurrency = await configError({ "mrap-guard.config.json": '{"accessAnalyzer": {"concurrency": 0}}' });
    assert.match(concurrency.message, /accessAnalyzer\.concurrency/);
  });

  it("refuses to turn off a rule that keeps failures visible", async () => {
    assert.match((await configError({ "mrap-guard.config.json": '{"rules": {"core/parse-error": "off"}}' })).message, /cannot be turned off/);
  });

  it("refuses to suppress such a rule, which would silence it just the same", async () => {
    const error = await configError({ "mrap-guard.config.json": '{"suppressions": [{"rule": "core/service-error", "reason": "flaky"}]}' });
    assert.match(error.message, /mrap-guard\.config\.json:1:\d+: rule "core\/service-error" cannot be suppressed/);
  });

  it("validates rule options against the rule's schema, with the option's location", async () => {
    const error = await configError({ "mrap-guard.config.yaml": "rules:\n  mrap/name-format:\n    - error\n    - prefix: Acme_\n" });
    assert.match(error.message, /mrap-guard\.config\.yaml:4:15: invalid options for rule "mrap\/name-format": prefix must match pattern/);
    const unknown = await configError({ "mrap-guard.config.json": '{"rules": {"mrap/name-format": ["error", {"prefx": "a"}]}}' });
    assert.match(unknown.message, /unknown property "prefx"; did you mean "prefix"\?/);
  });

  it("rejects options for a rule without options, and a suppression without a reason", async () => {
    assert.match((await configError({ "mrap-guard.config.json": '{"rules": {"mrap/duplicate-bucket": ["error", {"x": 1}]}}' })).message, /takes no options/);
    assert.match((await configError({ "mrap-guard.config.json": '{"suppressions": [{"rule": "mrap/name-format"}]}' })).message, /missing the required property "reason"/);
    assert.match((await configError({ "mrap-guard.config.json": '{"suppressions": [{"rule": "mrap/name-format", "reason": " "}]}' })).message, /needs a reason/);
  });

  it("reports a syntax error in the config file with its position", async () => {
    assert.match((await configError({ "mrap-guard.config.json": '{"rules": }' })).message, /mrap-guard\.config\.json:1:11: Unexpected character "}"; expected a value/);
  });
});

describe("presets", () => {
  it("strict turns on every offline rule and raises warnings to errors", async () => {
    const dir = await project({ "mrap-guard.config.json": '{"extends": "strict"}' });
    const config = await loadConfig({ cwd: dir, rules });
    for (const rule of rules) {
      if (rule.meta.requiresNetwork) continue;
      const expected = rule.meta.severity === "warning" ? "error" : rule.meta.severity;
      assert.equal(config.rules.get(rule.id)?.severity, expected, rule.id);
    }
  });
});

describe("files, ignores and suppressions", () => {
  it("maps globs to kinds and skips ignored files", async () => {
    const dir = await project({
      "mrap-guard.config.yaml": 'files:\n  - files: "buckets/*.json"\n    kind: bucket-policy\nignores:\n  - "vendor/**"\n',
      "buckets/b.json": '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Sid": 1}}',
      "vendor/x.mrap.yaml": "not: [valid",
    });
    const config = await loadConfig({ cwd: dir, rules });
    const results = await lintFiles(["."], { cwd: dir, config, rules });
    assert.deepEqual(results.map((r) => r.filePath), ["buckets/b.json"]);
    assert.deepEqual(results[0]!.messages.map((f) => `${f.ruleId} ${f.pointer}`), ["policy/valid-schema /Statement/Sid"]);
  });

  it("suppresses by rule, file and pointer prefix", async () => {
    const dir = await project({
      "m.mrap.yaml": CLEAN_MANIFEST.replace("orders-global", "Orders_X"),
      "mrap-guard.config.json": JSON.stringify({ suppressions: [{ rule: "mrap/*", file: "*.mrap.yaml", pointer: "/MultiRegionAccessPoint/Name", reason: "ticket 42" }] }),
    });
    const config = await loadConfig({ cwd: dir, rules });
    const results = await lintFiles(["m.mrap.yaml"], { cwd: dir, config, rules });
    assert.deepEqual(findingsOf(results), []);
  });
});
