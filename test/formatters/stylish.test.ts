import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { LintResult } from "../../src/engine/linter.js";
import { stylish } from "../../src/formatters/stylish.js";
import { MANIFEST, cleanResults, context, findings, results } from "../fixtures/formatters/results.js";

const ESC = "\u001b";

const expectedPlain = [
  "manifests/orders.mrap.yaml",
  `   4:9   error    Name "Orders_Global" must be lowercase: use <a-z>, digits & '-'        mrap/name-format`,
  "  12:17  warning  Statement 2 allows s3:* on 100% of buckets, narrow it to s3:GetObject  policy/no-wildcard-action",
  "   1:1   info     Failover needs two Regions                                             mrap/failover-needs-two",
  "",
  "✖ 3 problems (1 error, 1 warning, 1 info)",
].join("\n");

const dim = (text: string) => `${ESC}[2m${text}${ESC}[22m`;
const expectedColor = [
  `${ESC}[4mmanifests/orders.mrap.yaml${ESC}[24m`,
  `  ${dim(" 4:9 ")}  ${ESC}[31merror${ESC}[39m    Name "Orders_Global" must be lowercase: use <a-z>, digits & '-'        ${dim("mrap/name-format")}`,
  `  ${dim("12:17")}  ${ESC}[33mwarning${ESC}[39m  Statement 2 allows s3:* on 100% of buckets, narrow it to s3:GetObject  ${dim("policy/no-wildcard-action")}`,
  `  ${dim(" 1:1 ")}  ${ESC}[36minfo${ESC}[39m     Failover needs two Regions                                             ${dim("mrap/failover-needs-two")}`,
  "",
  `${ESC}[31m${ESC}[1m✖ 3 problems (1 error, 1 warning, 1 info)${ESC}[22m${ESC}[39m`,
].join("\n");

function only(partial: Partial<(typeof findings)[number]>[], filePath = MANIFEST): LintResult[] {
  const list = partial.map((p) => ({ ...findings[0]!, ...p }));
  return [
    {
      filePath,
      messages: list,
      errorCount: list.filter((f) => f.severity === "error").length,
      warningCount: list.filter((f) => f.severity === "warning").length,
      infoCount: list.filter((f) => f.severity === "info").length,
    },
  ];
}

describe("stylish formatter", () => {
  it("prints aligned columns and a summary without colour", () => {
    const output = stylish(results, context());
    assert.equal(output, expectedPlain);
    assert.ok(!output.includes(ESC));
  });

  it("colours severities, positions, rule ids, the file and the summary", () => {
    assert.equal(stylish(results, context({ color: true })), expectedColor);
  });

  it("prints nothing for a clean run", () => {
    assert.equal(stylish(cleanResults, context()), "");
    assert.equal(stylish(cleanResults, context({ color: true })), "");
    assert.equal(stylish([], context()), "");
  });

  it("separates files by a blank line and skips clean ones", () => {
    const two = [...only([{ severity: "warning", message: "first" }], "a.json"), ...cleanResults, ...only([{ severity: "warning", message: "second" }], "b.json")];
    assert.equal(
      stylish(two, context()),
      ["a.json", "  4:9  warning  first  mrap/name-format", "", "b.json", "  4:9  warning  second  mrap/name-format", "", "✖ 2 problems (0 errors, 2 warnings, 0 infos)"].join("\n"),
    );
  });

  it("uses singular words and the colour of the worst severity in the summary", () => {
    const warning = stylish(only([{ severity: "warning", message: "w" }]), context({ color: true }));
    assert.ok(warning.endsWith(`${ESC}[33m${ESC}[1m✖ 1 problem (0 errors, 1 warning, 0 infos)${ESC}[22m${ESC}[39m`));
    const info = stylish(only([{ severity: "info", message: "i" }]), context({ color: true }));
    assert.ok(info.endsWith(`${ESC}[36m${ESC}[1m✖ 1 problem (0 errors, 0 warnings, 1 info)${ESC}[22m${ESC}[39m`));
  });

  it("never lets text from a finding drive the terminal", () => {
    const output = stylish(only([{ message: `bad${ESC}[2Jtext\tand\r\nmore\u0007`, ruleId: "x\u009b" }], `evil${ESC}.json`), context());
    assert.ok(!output.includes(ESC));
    assert.ok(!output.includes("\u0007"));
    assert.ok(!output.includes("\u009b"));
    assert.ok(!output.includes("\t"));
    assert.equal(
      output.split("\n").slice(0, 2).join("\n"),
      ["evil\\u001b.json", "  4:9  error  bad\\u001b[2Jtext and more\\u0007  x\\u009b"].join("\n"),
    );
  });
});
