import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { escapeData, escapeProperty, github } from "../../src/formatters/github.js";
import { cleanResults, context, findings, results } from "../fixtures/formatters/results.js";

const expected = [
  `::error file=manifests/orders.mrap.yaml,line=4,col=9,endLine=4,endColumn=22,title=mrap/name-format::Name "Orders_Global" must be lowercase: use <a-z>, digits & '-'`,
  "::warning file=manifests/orders.mrap.yaml,line=12,col=17,endLine=12,endColumn=23,title=policy/no-wildcard-action::Statement 2 allows s3:* on 100%25 of buckets,%0Anarrow it to s3:GetObject",
  "::notice file=manifests/orders.mrap.yaml,line=1,col=1,endLine=20,endColumn=1,title=mrap/failover-needs-two::Failover needs two Regions",
].join("\n");

describe("github formatter", () => {
  it("prints one workflow command per finding", () => {
    assert.equal(github(results, context()), expected);
  });

  it("prints nothing for a clean run", () => {
    assert.equal(github(cleanResults, context()), "");
  });

  it("escapes data and property values", () => {
    assert.equal(escapeData("100%\r\na:b,c"), "100%25%0D%0Aa:b,c");
    assert.equal(escapeProperty("100%\r\na:b,c"), "100%25%0D%0Aa%3Ab%2Cc");
    // `%` first, so an escape sequence already in the text is not decoded by GitHub.
    assert.equal(escapeData("%0A"), "%250A");
  });

  it("escapes the file path and title as property values", () => {
    const finding = { ...findings[0]!, file: "dir,1/a:b%.json", ruleId: "x:y,z", message: "m" };
    const output = github([{ filePath: finding.file, messages: [finding], errorCount: 1, warningCount: 0, infoCount: 0 }], context());
    assert.equal(output, "::error file=dir%2C1/a%3Ab%25.json,line=4,col=9,endLine=4,endColumn=22,title=x%3Ay%2Cz::m");
  });
});
