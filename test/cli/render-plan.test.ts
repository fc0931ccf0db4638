/**
 * The terminal rendering of a plan: text that comes from the manifest, its policies or AWS (finding
 * messages, refusals, notes, names) is shown with its control characters escaped, as stylish does.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ManifestPlan } from "../../src/apply/manifest-plan.js";
import { renderPlan } from "../../src/cli/apply.js";
import type { Finding } from "../../src/engine/types.js";

const ESC = "\u001b";
const CLEAR = `${ESC}[2J`;

const finding: Finding = {
  ruleId: "policy/sid-format",
  messageId: "bad",
  message: `Sid "x${CLEAR}" is not alphanumeric`,
  severity: "error",
  file: "p.json",
  pointer: `/Statement/0/Sid`,
  line: 3,
  column: 5,
  endLine: 3,
  endColumn: 12,
  fingerprint: "0".repeat(32),
};

const plan: ManifestPlan = {
  file: "orders.mrap.yaml",
  accountId: "123456789012",
  name: `orders${CLEAR}`,
  lint: [],
  blocking: [finding],
  refusals: [`a refusal quoting ${CLEAR}`],
  changes: true,
  steps: [
    {
      operation: "PutMultiRegionAccessPointPolicy",
      name: "orders-global",
      accountId: "123456789012",
      plan: {
        operation: "PutMultiRegionAccessPointPolicy",
        accountId: "123456789012",
        name: "orders-global",
        live: { exists: true },
        changes: true,
        findings: [finding],
        blocking: [finding],
        refusals: [`live policy changed: ${CLEAR}`],
        notes: [`a note\nwith ${CLEAR}`],
        before: '{\n  "Sid": "old"\n}',
        after: `{\n  "Sid": "new${CLEAR}"\n}`,
      },
    },
  ],
};

describe("renderPlan", () => {
  it("escapes control characters in text it did not write", () => {
    for (const color of [false, true]) {
      const out = renderPlan(plan, { cwd: "/" }, color);
      // With colour, the only escapes are the SGR sequences the renderer writes itself.
      const foreign = out.replaceAll(new RegExp(`${ESC}\\[\\d+m`, "g"), "");
      assert.ok(!foreign.includes(ESC), JSON.stringify(out));
      assert.match(out, /Sid "x\\u001b\[2J" is not alphanumeric/);
      assert.match(out, /refused:.* live policy changed: \\u001b\[2J/);
      assert.match(out, /note: a note with \\u001b\[2J/);
      assert.match(out, /Plan for orders\.mrap\.yaml \(Multi-Region Access Point orders\\u001b\[2J, account 123456789012\)/);
      assert.match(out, / {2}- a refusal quoting \\u001b\[2J/);
      // The policy diff is text from the manifest and from AWS too.
      assert.match(out, /\+ {3}"Sid": "new\\u001b\[2J"/);
    }
  });
});

describe("renderPlan findings", () => {
  const at = (partial: Partial<Finding>): Finding => ({ ...finding, message: "Sid is not alphanumeric", ...partial });
  const withFindings = (findings: Finding[]): ManifestPlan => ({
    ...plan,
    name: "orders",
    refusals: [],
    steps: [{ ...plan.steps[0]!, plan: { ...plan.steps[0]!.plan!, findings, refusals: [], notes: [], before: "{}", after: "{}" } }],
  });
  // The policy is unchanged, so the only indented lines are the findings.
  const findingLines = (out: string) => out.split("\n").filter((l) => l.startsWith("    "));

  it("shows file:line:col, severity, rule id and message as stylish does; the pointer only without a line", () => {
    const out = renderPlan(
      withFindings([
        at({}),
        at({ file: "b.json", line: 0, column: 0, pointer: "/Statement/1", severity: "warning", ruleId: "policy/version", message: "Use 2012-10-17" }),
        at({ line: 0, column: 0, pointer: "", severity: "info", ruleId: "x/y", message: "About the whole file" }),
      ]),
      { cwd: "/" },
      false,
    );
    assert.deepEqual(findingLines(out), [
      "    p.json:3:5           error    policy/sid-format  Sid is not alphanumeric",
      "    b.json#/Statement/1  warning  policy/version     Use 2012-10-17",
      "    p.json               info     x/y                About the whole file",
    ]);
    assert.doesNotMatch(out, / at \/Statement/);
  });

  it("wraps messages to the width it is given", () => {
    const message = "Sid is not alphanumeric: use letters and digits only, as IAM requires";
    const out = renderPlan(withFindings([at({ message })]), { cwd: "/", width: 66 }, false);
    assert.deepEqual(findingLines(out), [
      "    p.json:3:5  error  policy/sid-format  Sid is not alphanumeric:",
      "                                          use letters and digits",
      "                                          only, as IAM requires",
    ]);
    const narrow = renderPlan(withFindings([at({ message })]), { cwd: "/", width: 40 }, false);
    assert.deepEqual(findingLines(narrow), ["    p.json:3:5  error  policy/sid-format", "      Sid is not alphanumeric: use", "      letters and digits only, as IAM", "      requires"]);
  });
});
