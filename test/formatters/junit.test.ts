import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { escapeAttribute, escapeXml, junit } from "../../src/formatters/junit.js";
import { cleanResults, context, findings, results } from "../fixtures/formatters/results.js";

const expected = `<?xml version="1.0" encoding="utf-8"?>
<testsuites name="mrap-guard" tests="4" failures="3" errors="0">
  <testsuite name="manifests/orders.mrap.yaml" tests="3" failures="3" errors="0">
    <testcase classname="manifests/orders.mrap.yaml" name="mrap/name-format 4:9">
      <failure message="Name &quot;Orders_Global&quot; must be lowercase: use &lt;a-z&gt;, digits &amp; &apos;-&apos;" type="error">manifests/orders.mrap.yaml:4:9: error: Name &quot;Orders_Global&quot; must be lowercase: use &lt;a-z&gt;, digits &amp; &apos;-&apos; (mrap/name-format)
pointer: /MultiRegionAccessPoint/Name
help: https://github.com/mrap-guard/mrap-guard/blob/main/rules/mrap/name-format.md</failure>
    </testcase>
    <testcase classname="manifests/orders.mrap.yaml" name="policy/no-wildcard-action 12:17">
      <failure message="Statement 2 allows s3:* on 100% of buckets,&#10;narrow it to s3:GetObject" type="warning">manifests/orders.mrap.yaml:12:17: warning: Statement 2 allows s3:* on 100% of buckets,
narrow it to s3:GetObject (policy/no-wildcard-action)
pointer: /MultiRegionAccessPoint/Policy/Statement/1/Action
help: https://github.com/mrap-guard/mrap-guard/blob/main/rules/policy/no-wildcard-action.md</failure>
    </testcase>
    <testcase classname="manifests/orders.mrap.yaml" name="mrap/failover-needs-two 1:1">
      <failure message="Failover needs two Regions" type="info">manifests/orders.mrap.yaml:1:1: info: Failover needs two Regions (mrap/failover-needs-two)
pointer: (root)</failure>
    </testcase>
  </testsuite>
  <testsuite name="policies/clean.bucket.json" tests="1" failures="0" errors="0">
    <testcase classname="policies/clean.bucket.json" name="mrap-guard" />
  </testsuite>
</testsuites>`;

describe("junit formatter", () => {
  it("prints a suite per file and a failing case per finding", () => {
    assert.equal(junit(results, context()), expected);
  });

  it("prints a passing case for a clean file and an empty report for no files", () => {
    assert.equal(
      junit(cleanResults, context()),
      `<?xml version="1.0" encoding="utf-8"?>
<testsuites name="mrap-guard" tests="1" failures="0" errors="0">
  <testsuite name="policies/clean.bucket.json" tests="1" failures="0" errors="0">
    <testcase classname="policies/clean.bucket.json" name="mrap-guard" />
  </testsuite>
</testsuites>`,
    );
    assert.equal(junit([], context()), `<?xml version="1.0" encoding="utf-8"?>\n<testsuites name="mrap-guard" tests="0" failures="0" errors="0">\n</testsuites>`);
  });

  it("escapes the five special characters", () => {
    assert.equal(escapeXml(`a & b < c > d " e ' f`), "a &amp; b &lt; c &gt; d &quot; e &apos; f");
    assert.equal(escapeXml("]]>"), "]]&gt;");
  });

  it("strips characters XML 1.0 forbids and keeps the ones it allows", () => {
    assert.equal(escapeXml("a\u0000b\u0001c\u0008d\u000be\u000cf\u001fg"), "abcdefg");
    assert.equal(escapeXml("x\uFFFEy\uFFFFz"), "xyz");
    // Lone surrogates are dropped; a proper pair (an astral character) is kept.
    assert.equal(escapeXml("p\uD800q\uDC00r😀s"), "pqr😀s");
    assert.equal(escapeXml("tab\tlf\ncr\r é \uFFFD"), "tab\tlf\ncr\r é \uFFFD");
    // Allowed by XML, but a C1 control or a bidi override is shown escaped, as on every output.
    assert.equal(escapeXml("a\u0085b\u202Ec"), "a\\u0085b\\u202ec");
  });

  it("keeps line breaks and tabs in attributes as character references", () => {
    assert.equal(escapeAttribute("a\tb\nc\rd"), "a&#9;b&#10;c&#13;d");
  });

  it("escapes paths, rule ids and messages everywhere they appear", () => {
    const finding = { ...findings[0]!, file: `a&"<b>.json`, ruleId: "r<1>", message: "m\u0001]]>" };
    const output = junit([{ filePath: finding.file, messages: [finding], errorCount: 1, warningCount: 0, infoCount: 0 }], context());
    assert.ok(output.includes(`<testsuite name="a&amp;&quot;&lt;b&gt;.json"`));
    assert.ok(output.includes(`<testcase classname="a&amp;&quot;&lt;b&gt;.json" name="r&lt;1&gt; 4:9">`));
    assert.ok(output.includes(`<failure message="m]]&gt;" type="error">`));
    assert.ok(!output.includes("\u0001"));
    assert.ok(!output.includes("]]>"));
  });
});
