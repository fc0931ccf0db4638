import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ConfigError, formatters, lint, lintText, rules, UsageError } from "../../src/index.js";
import { CLEAN_MANIFEST, project } from "../helpers/project.js";
import { findingsOf } from "../../src/engine/types.js";
import { runCli } from "../helpers/cli.js";

const repo = new URL("../..", import.meta.url).pathname;

describe("library API", () => {
  it("lints files with the discovered config", async () => {
    const dir = await project({ "m.mrap.yaml": CLEAN_MANIFEST.replace("orders-global", "orders_global") });
    const results = await lint(["."], { cwd: dir });
    assert.deepEqual(findingsOf(results).map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`), ["m.mrap.yaml:3:9 mrap/name-format"]);
  });

  it("returns exactly what --format json prints: one shape for the library and the CLI", async () => {
    const dir = await project({
      "m.mrap.yaml": CLEAN_MANIFEST.replace("orders-global", "orders_global") + "  Policy: ./p.json\n",
      "p.json": '{"Version": "2012-10-17", "Statement": {"Effect": "Permit", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}}',
      "policies/clean.bucket.json": readFileSync(join(repo, "examples/policies/orders-use1.bucket.json"), "utf8"),
    });
    const results = await lint(["."], { cwd: dir });
    const run = await runCli(["lint", "--format", "json", "."], { cwd: dir });
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), JSON.parse(JSON.stringify(results)));
    assert.ok(results.some((r) => r.messages.length === 0) && results.some((r) => r.messages.length > 0), JSON.stringify(results.map((r) => [r.filePath, r.messages.length])));
    for (const message of results.flatMap((r) => r.messages)) {
      assert.deepEqual(Object.keys(message).filter((k) => !["helpUri", "data"].includes(k)), ["ruleId", "messageId", "severity", "message", "line", "column", "endLine", "endColumn", "pointer", "fingerprint"]);
    }
  });

  it("lints text in memory, resolving references against filePath", async () => {
    const dir = await project({ "p/policy.json": '{"Version": "2012-10-17", "Statement": {"Effect": "Permit", "Principal": {"AWS": "arn:aws:iam::111122223333:role/app"}, "Action": "s3:GetObject", "Resource": "*"}}' });
    const results = await lintText(CLEAN_MANIFEST + "  Policy: ./p/policy.json\n", { filePath: "m.mrap.yaml", cwd: dir });
    const findings = findingsOf(results);
    assert.deepEqual(findings.map((f) => `${f.file} ${f.pointer} ${f.ruleId}`), ["p/policy.json /Statement/Effect policy/valid-schema"]);
    assert.match(findings[0]!.message, /must be one of "Allow", "Deny"/);
  });

  it("takes a config object and throws ConfigError / UsageError for what the CLI exits 2 on", async () => {
    const dir = await project({ "m.mrap.yaml": CLEAN_MANIFEST.replace("orders-global", "Orders") });
    const results = await lint(["m.mrap.yaml"], { cwd: dir, config: { rules: { "mrap/name-format": "warning" } } });
    assert.equal(results[0]!.messages[0]!.severity, "warning");
    await assert.rejects(lint(["m.mrap.yaml"], { cwd: dir, config: { rules: { "mrap/nope": "error" } } }), ConfigError);
    await assert.rejects(lint(["missing.json"], { cwd: dir }), UsageError);
  });

  it("exports the rules and the formatters", () => {
    assert.ok(rules.some((r) => r.id === "mrap/name-format") && rules.some((r) => r.id === "core/parse-error"));
    assert.deepEqual(Object.keys(formatters).sort(), ["github", "json", "junit", "sarif", "stylish"]);
  });

  it("resolves as the package itself after the build (package.json exports)", { skip: existsSync(join(repo, "dist", "src", "index.js")) ? false : "dist/ not built" }, async () => {
    const api = await import("mrap-guard");
    assert.equal(typeof api.lint, "function");
    assert.equal(typeof api.lintText, "function");
    assert.ok(Array.isArray(api.rules));
  });
});
