import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { json, jsonChunks } from "../../src/formatters/json.js";
import type { LintResult as JsonFileResult } from "../../src/engine/types.js";
import { cleanResults, context, results } from "../fixtures/formatters/results.js";

const expected = `[
  {
    "filePath": "manifests/orders.mrap.yaml",
    "messages": [
      {
        "ruleId": "mrap/name-format",
        "messageId": "uppercase",
        "severity": "error",
        "message": "Name \\"Orders_Global\\" must be lowercase: use <a-z>, digits & '-'",
        "line": 4,
        "column": 9,
        "endLine": 4,
        "endColumn": 22,
        "pointer": "/MultiRegionAccessPoint/Name",
        "fingerprint": "a4516da836fb1df1e18ec95797136949",
        "helpUri": "https://github.com/mrap-guard/mrap-guard/blob/main/rules/mrap/name-format.md",
        "data": {
          "name": "\\"Orders_Global\\""
        }
      },
      {
        "ruleId": "policy/no-wildcard-action",
        "messageId": "wildcard",
        "severity": "warning",
        "message": "Statement 2 allows s3:* on 100% of buckets,\\nnarrow it to s3:GetObject",
        "line": 12,
        "column": 17,
        "endLine": 12,
        "endColumn": 23,
        "pointer": "/MultiRegionAccessPoint/Policy/Statement/1/Action",
        "fingerprint": "240d478e18e504b8d937ae41d2de8a8d",
        "helpUri": "https://github.com/mrap-guard/mrap-guard/blob/main/rules/policy/no-wildcard-action.md"
      },
      {
        "ruleId": "mrap/failover-needs-two",
        "messageId": "one",
        "severity": "info",
        "message": "Failover needs two Regions",
        "line": 1,
        "column": 1,
        "endLine": 20,
        "endColumn": 1,
        "pointer": "",
        "fingerprint": "8fe6e64162237e73bc1fdb0275d6e9e9"
      }
    ],
    "errorCount": 1,
    "warningCount": 1,
    "infoCount": 1
  },
  {
    "filePath": "policies/clean.bucket.json",
    "messages": [],
    "errorCount": 0,
    "warningCount": 0,
    "infoCount": 0
  }
]`;

describe("json formatter", () => {
  it("prints the output contract exactly", () => {
    assert.equal(json(results, context()), expected);
  });

  it("keeps the contract's keys and leaves helpUri out when absent", () => {
    const parsed = JSON.parse(json(results, context())) as JsonFileResult[];
    const contract = ["ruleId", "severity", "message", "line", "column", "endLine", "endColumn", "pointer", "fingerprint"];
    for (const message of parsed[0]!.messages) {
      for (const key of contract) assert.ok(key in message, `missing ${key}`);
      assert.ok(["error", "warning", "info"].includes(message.severity));
    }
    assert.ok(!("helpUri" in parsed[0]!.messages[2]!));
    assert.deepEqual(Object.keys(parsed[1]!), ["filePath", "messages", "errorCount", "warningCount", "infoCount"]);
  });

  it("writes, piece by piece, exactly what JSON.stringify(results, null, 2) would: the same text for every mix of files", () => {
    const related = results.map((r) => ({ ...r, messages: r.messages.map((m) => ({ ...m, related: [{ pointer: "/a", line: 1, column: 1, endLine: 1, endColumn: 2, message: "x\ny" }] })) }));
    for (const mix of [[], cleanResults, results, [...cleanResults, ...results, ...cleanResults], related]) {
      const text = json(mix, context());
      assert.equal(text, JSON.stringify(JSON.parse(text), null, 2));
    }
    assert.ok([...jsonChunks(results, context())].length > results.length, "one piece per finding, not one for the report");
  });

  it("includes clean files and prints an empty array for no files", () => {
    assert.deepEqual(JSON.parse(json(cleanResults, context())), [
      { filePath: "policies/clean.bucket.json", messages: [], errorCount: 0, warningCount: 0, infoCount: 0 },
    ]);
    assert.equal(json([], context()), "[]");
  });
});
