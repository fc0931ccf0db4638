/** mrap-guard/testing (src/testing.ts): the rule tester itself, with a small rule made for these tests. */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { resolve, sep } from "node:path";
import { describe, it } from "node:test";
import { lintRuleCase, ruleTestRuns, runRuleTests, ruleTester, RuleTestError, type InvalidRuleTestCase, type JsonValue, type RuleModule, type RuleTests } from "../../src/testing.js";
import { underlineProblem } from "../../src/testing/underline.js";

/** Reports every statement that has a `Sid` of "bad", on the statement object (or on its key with `at: "key"`). */
const badSid: RuleModule<"bad", { onKey?: boolean }> = {
  id: "test/bad-sid",
  meta: {
    type: "problem",
    docs: { description: "Forbid the Sid bad", recommended: false },
    severity: "error",
    appliesTo: ["bucket-policy"],
    options: { type: "object", additionalProperties: false, properties: { onKey: { type: "boolean" } } },
    messages: { bad: "Statement {{index}} is bad." },
  },
  check(context) {
    const statements = (context.value as { Statement?: { Sid?: string }[] }).Statement ?? [];
    statements.forEach((statement, index) => {
      if (statement.Sid !== "bad") return;
      const onKey = context.options?.onKey === true;
      context.report({ messageId: "bad", pointer: onKey ? `/Statement/${index}/Sid` : `/Statement/${index}`, ...(onKey ? { at: "key" as const } : {}), data: { index } });
    });
  },
};

const statement = (sid: string): JsonValue => ({ Sid: sid, Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: ["s3:GetObject"], Resource: "arn:aws:s3:::orders/*" });
const policy = (...statements: JsonValue[]): JsonValue => ({ Version: "2012-10-17", Statement: statements });
const manifest = (bucketPolicy: JsonValue): JsonValue => ({
  AccountId: "111122223333",
  MultiRegionAccessPoint: { Name: "orders-global", Regions: [{ Bucket: "orders", Region: "us-east-1", BucketPolicy: bucketPolicy }] },
});

const referencedJson: InvalidRuleTestCase = {
  name: "in a referenced JSON file",
  kind: "manifest",
  doc: manifest("./policies/orders.json"),
  files: { "policies/orders.json": policy(statement("bad")) },
  errors: [{ messageId: "bad", pointer: "/Statement/0", file: "policies/orders.json" }],
};

const tests: RuleTests = {
  valid: [
    { name: "no bad statement", doc: policy(statement("good")) },
    { name: "a referenced file without a bad statement", kind: "manifest", doc: manifest("./policies/orders.json"), files: { "policies/orders.json": policy(statement("good")) } },
  ],
  invalid: [
    { name: "a bad statement", doc: policy(statement("good"), statement("bad")), errors: [{ messageId: "bad", pointer: "/Statement/1", data: { index: 1 } }] },
    { name: "on the key", doc: policy(statement("bad")), options: { onKey: true }, errors: [{ messageId: "bad", pointer: "/Statement/0/Sid", at: "key" }] },
    referencedJson,
    {
      name: "in a referenced YAML file",
      kind: "manifest",
      doc: manifest("./orders.yaml"),
      files: { "orders.yaml": policy(statement("good"), statement("bad")) },
      errors: [{ messageId: "bad", pointer: "/Statement/1", file: "orders.yaml" }],
    },
    {
      name: "an object used twice (a YAML alias)",
      doc: (() => {
        const principal = { AWS: "arn:aws:iam::111122223333:root" };
        const withPrincipal = (sid: string): JsonValue => ({ Sid: sid, Effect: "Allow", Principal: principal, Action: "s3:GetObject", Resource: "arn:aws:s3:::orders/*" });
        return policy(withPrincipal("good"), withPrincipal("bad"));
      })(),
      errors: [{ messageId: "bad", pointer: "/Statement/1" }],
    },
  ],
};

ruleTester(badSid, tests, { framework: { describe, it } });

describe("mrap-guard/testing", () => {
  it("writes nothing to disk", async () => {
    const result = await lintRuleCase(badSid, referencedJson, "json");
    assert.deepEqual(
      result.findings.map((f) => `${f.file} ${f.pointer}`),
      ["policies/orders.json /Statement/0"],
    );
    assert.deepEqual([...result.texts.keys()], ["case.mrap.json", "policies/orders.json"]);
    assert.equal(existsSync(resolve(sep, "mrap-guard-testing-in-memory")), false);
  });

  it("a referenced file the case does not give is missing", async () => {
    const result = await lintRuleCase(badSid, { name: "missing", kind: "manifest", doc: manifest("./nowhere.json") }, "yaml");
    assert.deepEqual(
      result.findings.map((f) => `${f.ruleId} ${f.messageId} ${f.pointer}`),
      ["core/unresolved-reference missing /MultiRegionAccessPoint/Regions/0/BucketPolicy"],
    );
  });

  it("a wrong expectation throws an AssertionError-like RuleTestError", async () => {
    const runs = ruleTestRuns(badSid, { valid: [{ name: "v", doc: policy(statement("bad")) }], invalid: [{ name: "i", doc: policy(statement("bad")), errors: [{ messageId: "bad", pointer: "/Statement/1" }] }] });
    assert.deepEqual(
      runs.map((run) => run.title),
      ["valid (json): v", "valid (yaml): v", "invalid (json): i", "invalid (yaml): i"],
    );
    for (const run of runs) {
      const error = await run.run().then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error instanceof RuleTestError, run.title);
      assert.equal(error.name, "AssertionError");
      assert.equal(error.code, "ERR_ASSERTION");
      assert.match(error.message, run.valid ? /expected no findings/ : /findings:/);
    }
  });

  it("runRuleTests reports what passed and what failed; a rule may be named by id", async () => {
    const report = await runRuleTests("test/bad-sid", { valid: [{ name: "v", doc: policy(statement("good")), formats: ["yaml"] }], invalid: [{ name: "i", doc: policy(statement("bad")), errors: [] }] }, { rules: [badSid] });
    assert.deepEqual(report.passed, ["has valid and invalid cases with unique names", "valid (yaml): v"]);
    assert.deepEqual(
      report.failed.map((f) => f.title),
      ["invalid (json): i", "invalid (yaml): i"],
    );
    const unknown = await runRuleTests("test/none", { valid: [{ name: "v", doc: {} }], invalid: [] }, { rules: [badSid] });
    assert.deepEqual(
      unknown.failed.map((f) => (f.error instanceof Error ? f.error.message : "")),
      ["needs invalid cases", 'no rule "test/none"', 'no rule "test/none"'],
    );
  });

  it("refuses repeated case names", async () => {
    const report = await runRuleTests(badSid, { valid: [{ name: "a", doc: policy() }], invalid: [{ name: "a", doc: policy(statement("bad")), errors: [{ messageId: "bad", pointer: "/Statement/0" }] }] });
    assert.match(String(report.failed[0]?.error), /case names must be unique; repeated: "a"/);
  });
});

describe("underlineProblem: an object or array is underlined whole", () => {
  const value = { A: { B: [1, 2], C: "x" }, D: "y" };
  const json = JSON.stringify(value, null, 2) + "\n";
  // {
  //   "A": {
  //     "B": [
  //       1,
  //       2
  //     ],
  //     "C": "x"
  //   },
  //   "D": "y"
  // }
  const at = (line: number, column: number, endLine: number, endColumn: number, pointer = "/A") => ({ pointer, line, column, endLine, endColumn });

  it("JSON: from { to its matching }", () => {
    assert.equal(underlineProblem(at(2, 8, 8, 4), json, "json", value, "value"), undefined);
    assert.equal(underlineProblem(at(3, 10, 6, 6, "/A/B"), json, "json", value, "value"), undefined);
    assert.equal(underlineProblem(at(1, 1, 10, 2, ""), json, "json", value, "value"), undefined);
  });

  it("JSON: only the start, a bracket too few or too many, or space around it, is wrong", () => {
    for (const wrong of [at(2, 8, 2, 9), at(2, 8, 8, 3), at(2, 8, 8, 5), at(2, 7, 8, 4), at(2, 3, 8, 4), at(3, 10, 5, 8, "/A/B")]) {
      const problem = underlineProblem(wrong, json, "json", value, "value");
      assert.ok(problem, JSON.stringify(wrong));
      assert.match(problem.message, /should underline the whole (object|array)/);
    }
  });

  const yaml = "A:\n  B:\n    - 1\n    - 2\n  C: x\nD: y\n";

  it("YAML: from the first entry to the end of the last value, or to the line after it", () => {
    assert.equal(underlineProblem(at(2, 3, 5, 7), yaml, "yaml", value, "value"), undefined);
    assert.equal(underlineProblem(at(2, 3, 6, 1), yaml, "yaml", value, "value"), undefined);
    assert.equal(underlineProblem(at(3, 5, 5, 1, "/A/B"), yaml, "yaml", value, "value"), undefined);
    assert.equal(underlineProblem(at(1, 1, 7, 1, ""), yaml, "yaml", value, "value"), undefined);
  });

  it("YAML: part of the collection, the key before it, or a line too many, is wrong", () => {
    for (const wrong of [at(2, 3, 2, 4), at(2, 3, 4, 8), at(1, 1, 5, 7), at(2, 3, 6, 5), at(3, 5, 4, 1, "/A/B")]) {
      assert.ok(underlineProblem(wrong, yaml, "yaml", value, "value"), JSON.stringify(wrong));
    }
  });

  it("scalars and keys as before; a missing member is not checked", () => {
    assert.equal(underlineProblem(at(7, 10, 7, 13, "/A/C"), json, "json", value, "value"), undefined);
    assert.ok(underlineProblem(at(7, 5, 7, 13, "/A/C"), json, "json", value, "value"));
    assert.equal(underlineProblem(at(5, 3, 5, 4, "/A/C"), yaml, "yaml", value, "key"), undefined);
    assert.ok(underlineProblem(at(5, 6, 5, 7, "/A/C"), yaml, "yaml", value, "key"));
    assert.equal(underlineProblem(at(1, 1, 1, 2, "/A/Z"), yaml, "yaml", value, "value"), undefined);
  });
});
