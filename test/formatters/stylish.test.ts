import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { LintResult } from "../../src/engine/types.js";
import { stylish } from "../../src/formatters/stylish.js";
import { MANIFEST, cleanResults, context, findings, results } from "../fixtures/formatters/results.js";

const ESC = "\u001b";

// The fixture's second message holds a newline: it is shown as a space, then wrapped like any other text.
const expectedPlain = [
  "manifests/orders.mrap.yaml",
  `   4:9   error    mrap/name-format           Name "Orders_Global" must be`,
  `                                             lowercase: use <a-z>, digits & '-'`,
  "  12:17  warning  policy/no-wildcard-action  Statement 2 allows s3:* on 100% of",
  "                                             buckets, narrow it to s3:GetObject",
  "   1:1   info     mrap/failover-needs-two    Failover needs two Regions",
  "",
  "✖ 3 problems (1 error, 1 warning, 1 info)",
].join("\n");

// Too narrow for the message beside the rule id: it goes under the row, indented.
const expectedNarrow = [
  "manifests/orders.mrap.yaml",
  "   4:9   error    mrap/name-format",
  `    Name "Orders_Global" must be`,
  `    lowercase: use <a-z>, digits & '-'`,
  "  12:17  warning  policy/no-wildcard-action",
  "    Statement 2 allows s3:* on 100% of",
  "    buckets, narrow it to s3:GetObject",
  "   1:1   info     mrap/failover-needs-two",
  "    Failover needs two Regions",
  "",
  "✖ 3 problems (1 error, 1 warning, 1 info)",
].join("\n");

const dim = (text: string) => `${ESC}[2m${text}${ESC}[22m`;
const expectedColor = [
  `${ESC}[4mmanifests/orders.mrap.yaml${ESC}[24m`,
  `  ${dim(" 4:9 ")}  ${ESC}[31merror${ESC}[39m    ${dim("mrap/name-format")}           Name "Orders_Global" must be`,
  `                                             lowercase: use <a-z>, digits & '-'`,
  `  ${dim("12:17")}  ${ESC}[33mwarning${ESC}[39m  ${dim("policy/no-wildcard-action")}  Statement 2 allows s3:* on 100% of`,
  "                                             buckets, narrow it to s3:GetObject",
  `  ${dim(" 1:1 ")}  ${ESC}[36minfo${ESC}[39m     ${dim("mrap/failover-needs-two")}    Failover needs two Regions`,
  "",
  `${ESC}[31m${ESC}[1m✖ 3 problems (1 error, 1 warning, 1 info)${ESC}[22m${ESC}[39m`,
].join("\n");

const SGR = new RegExp(`${ESC}\\[\\d+m`, "g");

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
  it("prints aligned columns, the message last and wrapped to 80 columns, and a summary", () => {
    const output = stylish(results, context());
    assert.equal(output, expectedPlain);
    assert.ok(!output.includes(ESC));
    assert.equal(stylish(results, context({ width: 80 })), expectedPlain);
  });

  it("puts the message under its row when the terminal is narrow", () => {
    assert.equal(stylish(results, context({ width: 40 })), expectedNarrow);
  });

  it("colours severities, positions, rule ids, the file and the summary; colour does not count towards the width", () => {
    const output = stylish(results, context({ color: true }));
    assert.equal(output, expectedColor);
    assert.equal(output.replaceAll(SGR, ""), expectedPlain);
  });

  it("wraps a 400-character message at spaces within the width, keeping the rule id on the first line", () => {
    const words = Array.from({ length: 50 }, (_, i) => `word${String(i).padStart(3, "0")}`);
    const message = words.join(" ") + " " + "z".repeat(1);
    assert.equal(message.length, 401);
    const output = stylish(only([{ message }]), context());
    const lines = output.split("\n");
    assert.equal(lines[1], "  4:9  error  mrap/name-format  word000 word001 word002 word003 word004 word005");
    const body = lines.slice(1, -2);
    assert.equal(body.length, 9);
    for (const [i, line] of body.entries()) {
      assert.ok(line.length <= 80, `line ${i} is ${line.length} columns`);
      if (i > 0) assert.match(line, /^ {32}\S/);
    }
    assert.equal(body.at(-1), `${" ".repeat(32)}word048 word049 z`);
    assert.deepEqual(body.map((line) => line.slice(32)).join(" "), message);
  });

  it("cuts a word longer than the space left, within the width", () => {
    const word = "x".repeat(200);
    assert.equal(
      stylish(only([{ message: word }]), context()),
      [
        "manifests/orders.mrap.yaml",
        `  4:9  error  mrap/name-format  ${"x".repeat(48)}`,
        `${" ".repeat(32)}${"x".repeat(48)}`,
        `${" ".repeat(32)}${"x".repeat(48)}`,
        `${" ".repeat(32)}${"x".repeat(48)}`,
        `${" ".repeat(32)}${"x".repeat(8)}`,
        "",
        "✖ 1 problem (1 error, 0 warnings, 0 infos)",
      ].join("\n"),
    );
    assert.equal(
      stylish(only([{ message: `see ${word} end` }]), context({ width: 40 })),
      [
        "manifests/orders.mrap.yaml",
        "  4:9  error  mrap/name-format",
        "    see",
        ...Array.from({ length: 5 }, () => `    ${"x".repeat(36)}`),
        `    ${"x".repeat(20)} end`,
        "",
        "✖ 1 problem (1 error, 0 warnings, 0 infos)",
      ].join("\n"),
    );
  });

  it("cuts a long ARN after a / or : so its parts stay whole", () => {
    const arn = "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/reports/2026/*";
    const lines = stylish(only([{ message: `Use ${arn} here` }]), context({ width: 60 })).split("\n").slice(1, 6);
    assert.deepEqual(lines, [
      "  4:9  error  mrap/name-format  Use",
      `${" ".repeat(32)}arn:aws:s3::111122223333:`,
      `${" ".repeat(32)}accesspoint/`,
      `${" ".repeat(32)}mfzwi23gnjvgw.mrap/object/`,
      `${" ".repeat(32)}reports/2026/* here`,
    ]);
  });

  it("never splits a character made of two UTF-16 units", () => {
    const output = stylish(only([{ message: "🪣".repeat(60) }]), context());
    const lines = output.split("\n").slice(1, 3);
    assert.deepEqual(lines, [`  4:9  error  mrap/name-format  ${"🪣".repeat(48)}`, `${" ".repeat(32)}${"🪣".repeat(12)}`]);
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
      ["a.json", "  4:9  warning  mrap/name-format  first", "", "b.json", "  4:9  warning  mrap/name-format  second", "", "✖ 2 problems (0 errors, 2 warnings, 0 infos)"].join("\n"),
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
      ["evil\\u001b.json", "  4:9  error  x\\u009b  bad\\u001b[2Jtext and more\\u0007"].join("\n"),
    );
  });
});
