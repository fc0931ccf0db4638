import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FORMAT_NAMES, formatters, getFormatter, isFormatName } from "../../src/formatters/index.js";
import { github } from "../../src/formatters/github.js";
import { json } from "../../src/formatters/json.js";
import { junit } from "../../src/formatters/junit.js";
import { sarif } from "../../src/formatters/sarif.js";
import { stylish } from "../../src/formatters/stylish.js";

describe("formatters index", () => {
  it("lists the five formats", () => {
    assert.deepEqual(FORMAT_NAMES, ["stylish", "json", "sarif", "github", "junit"]);
    assert.deepEqual(formatters, { stylish, json, sarif, github, junit });
  });

  it("finds a formatter by name", () => {
    assert.equal(getFormatter("stylish"), stylish);
    assert.equal(getFormatter("json"), json);
    assert.equal(getFormatter("sarif"), sarif);
    assert.equal(getFormatter("github"), github);
    assert.equal(getFormatter("junit"), junit);
  });

  it("returns undefined for unknown names, inherited properties included", () => {
    for (const name of ["", "xml", "JSON", "toString", "constructor", "__proto__", "hasOwnProperty"]) {
      assert.equal(getFormatter(name), undefined, name);
      assert.equal(isFormatName(name), false, name);
    }
  });
});
