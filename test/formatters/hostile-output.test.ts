import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { LintMessage, LintResult } from "../../src/engine/types.js";
import { github } from "../../src/formatters/github.js";
import { formatters } from "../../src/formatters/index.js";
import { junit } from "../../src/formatters/junit.js";
import { sarif } from "../../src/formatters/sarif.js";
import { stylish } from "../../src/formatters/stylish.js";
import type { FormatterContext } from "../../src/formatters/types.js";

const context: FormatterContext = { cwd: "/repo", root: "/repo", rules: [], version: "0.0.0", color: false };

function finding(message: string, line: number, ruleId = "policy/action-exists"): LintMessage {
  return { ruleId, messageId: "x", severity: "error", message, line, column: 1, endLine: line, endColumn: 2, pointer: "", fingerprint: "f" };
}

function file(messages: LintMessage[], filePath = "p.json"): LintResult {
  return { filePath, messages, errorCount: messages.length, warningCount: 0, infoCount: 0 };
}

const FORGED = "\n::error file=forged.yaml,line=1::FORGED";
const RLO = "\u202E";

describe("hostile output", { timeout: 60_000 }, () => {
  it("github: a forged workflow command stays data of one annotation, with %, : and , escaped", () => {
    const output = github([file([finding(`bad${FORGED}`, 1, `x${FORGED}`)], `a${FORGED}`)], context);
    assert.equal(
      output,
      "::error file=a%0A%3A%3Aerror file=forged.yaml%2Cline=1%3A%3AFORGED,line=1,col=1,endLine=1,endColumn=2," +
        "title=x%0A%3A%3Aerror file=forged.yaml%2Cline=1%3A%3AFORGED::bad%0A::error file=forged.yaml,line=1::FORGED",
    );
  });

  it("github: ESC, C1, U+2028 and bidi overrides are escaped in data and in file=", () => {
    const output = github([file([finding(`a\u001b[2Jb\u009bc\u2028d${RLO}e`, 1)], `f\u001b${RLO}.json`)], context);
    assert.equal(output, "::error file=f\\u001b\\u202e.json,line=1,col=1,endLine=1,endColumn=2,title=policy/action-exists::a\\u001b[2Jb\\u009bc\\u2028d\\u202ee");
  });

  it("stylish: bidi overrides, isolates, marks and line separators are escaped", () => {
    const output = stylish([file([finding(`gnp.${RLO}exe \u2066x\u2069 \u200F\u061C\u2029end`, 1)], `evil${RLO}.json`)], context);
    assert.equal(
      output,
      [
        "evil\\u202e.json",
        "  1:1  error  policy/action-exists  gnp.\\u202eexe \\u2066x\\u2069",
        "                                    \\u200f\\u061c\\u2029end",
        "",
        "✖ 1 problem (1 error, 0 warnings, 0 infos)",
      ].join("\n"),
    );
  });

  it("junit and sarif show a bidi override escaped", () => {
    const results = [file([finding(`a${RLO}b`, 1)])];
    assert.ok(junit(results, context).includes(`<failure message="a\\u202eb" type="error">`));
    const log = JSON.parse(sarif(results, context)) as { runs: { results: { message: { text: string } }[] }[] };
    assert.equal(log.runs[0]!.results[0]!.message.text, "a\\u202eb");
  });

  it("every formatter formats 130,000 findings of one file without a stack overflow", () => {
    const results = [file(Array.from({ length: 130_000 }, (_, i) => finding("Unknown action s3:GetObjectx.", i + 1)))];
    for (const [name, format] of Object.entries(formatters)) {
      const started = Date.now();
      assert.doesNotThrow(() => format(results, context), name);
      assert.ok(Date.now() - started < 20_000, `${name} took ${Date.now() - started} ms`);
    }
  });

  it("shows at most 1,000 findings of a file by default, then says how many more, in every format", () => {
    const results = [file(Array.from({ length: 130_000 }, (_, i) => finding("Unknown action s3:GetObjectx.", i + 1)))];
    const note = "129000 more findings in this file not shown (at most 1000 per file: --max-findings-per-file)";
    const plain = stylish(results, context).split("\n");
    assert.equal(plain.length, 1 + 1000 + 2 + 2);
    assert.deepEqual(plain.slice(1001, 1003), ["  … 129000 more findings in this file not shown (at most 1000 per file:", "  --max-findings-per-file)"]);
    assert.equal(plain.at(-1), "✖ 130000 problems (130000 errors, 0 warnings, 0 infos)");
    const annotations = github(results, context).split("\n");
    assert.equal(annotations.length, 1001);
    assert.equal(annotations[1000], `::warning file=p.json,title=mrap-guard::${note}`);
    const parsed = JSON.parse(formatters.json(results, context)) as LintResult[];
    assert.equal(parsed[0]!.messages.length, 1000);
    assert.equal(parsed[0]!.errorCount, 130_000);
    const log = JSON.parse(sarif(results, context)) as { runs: { results: unknown[]; invocations: { toolExecutionNotifications: { message: { text: string } }[] }[] }[] };
    assert.equal(log.runs[0]!.results.length, 1000);
    assert.equal(log.runs[0]!.invocations[0]!.toolExecutionNotifications[0]!.message.text, note);
    const xml = junit(results, context);
    assert.ok(xml.includes(`<testsuite name="p.json" tests="1001" failures="1000" errors="0" skipped="1">`));
    assert.ok(xml.includes(`<skipped message="${note}" />`));
    assert.ok(formatters.json(results, context).length < 1_000_000);
  });

  it("maxFindingsPerFile in the context changes the cap", () => {
    const results = [file([finding("a", 1), finding("b", 2), finding("c", 3)])];
    assert.equal(
      github(results, { ...context, maxFindingsPerFile: 2 }).split("\n")[2],
      "::warning file=p.json,title=mrap-guard::1 more finding in this file not shown (at most 2 per file: --max-findings-per-file)",
    );
    assert.equal(github(results, { ...context, maxFindingsPerFile: 3 }).split("\n").length, 3);
  });

  it("stylish wraps one 300,000-character message among 2,000 short ones in linear time", () => {
    const messages = [finding(`Unknown action s3:${"G".repeat(300_000)}.`, 1), ...Array.from({ length: 2000 }, (_, i) => finding("short", i + 2))];
    const started = Date.now();
    const output = stylish([file(messages)], context);
    assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms`);
    assert.ok(output.endsWith("✖ 2001 problems (2001 errors, 0 warnings, 0 infos)"));
    assert.ok(output.split("\n").every((line) => line.length <= 80));
  });
});
