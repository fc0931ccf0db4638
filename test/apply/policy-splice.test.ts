import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseText } from "../../src/document/index.js";
import { policyValue, RawPolicy, spliceJson } from "../../src/apply/policy-splice.js";

describe("policy splice: the policy text apply sends, linted as written inside the manifest built around it", () => {
  it("keeps a repeated key, which JSON.parse would drop, and every policy's own line breaks", async () => {
    const policy = '{\n  "Version": "2012-10-17",\n  "Statement": [],\n  "Statement": [{"Effect": "Allow"}]\n}';
    const { text, lines } = spliceJson({ AccountId: "111122223333", MultiRegionAccessPoint: { Name: "orders", Policy: policyValue(policy) } }, 2);
    assert.ok(text.includes(policy), "the policy text is in the manifest unchanged");
    const doc = await parseText("m.mrap.json", text);
    assert.deepEqual(
      doc.problems.map((p) => [p.kind, p.range.start.line - 1 - lines[0]!, p.range.start.column]),
      [["duplicate-key", 3, 3]],
      "the finding sits on the policy's line 4, column 3, once the offset is taken off",
    );
  });

  it("gives each policy's first line, in document order, counting CRLF and a lone CR as the linter does", () => {
    const first = '{"a":\r\n1}';
    const second = '{"b":\r2}';
    const { text, lines } = spliceJson({ A: new RawPolicy(first), list: [1, 2], B: new RawPolicy(second) }, 2);
    const starts = text.split(/\r\n|\r|\n/);
    assert.equal(starts[lines[0]!], '{"a":');
    assert.equal(starts[lines[1]!], '{"b":');
    assert.deepEqual(JSON.parse(text), { A: { a: 1 }, list: [1, 2], B: { b: 2 } });
  });

  it("leaves a string that only looks like a splice marker alone", () => {
    const value = { Name: "mrap-guard-policy-0000000000000000-0", Policy: new RawPolicy('{"x": 1}'), Other: "$& $1" };
    const { text } = spliceJson(value);
    assert.deepEqual(JSON.parse(text), { Name: "mrap-guard-policy-0000000000000000-0", Policy: { x: 1 }, Other: "$& $1" });
  });

  it("splices only a string that is one JSON object; other values stay what they are", () => {
    assert.ok(policyValue('{"Version": "2012-10-17"}') instanceof RawPolicy);
    for (const other of ["[]", "null", "not json", '"{}"', 42, { Version: "2012-10-17" }, undefined]) assert.equal(policyValue(other), other);
  });
});
