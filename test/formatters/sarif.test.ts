import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, it } from "node:test";
import AjvDraft04 from "ajv-draft-04";
import type { Log, ReportingDescriptor, Result } from "sarif";
import { sarif } from "../../src/formatters/sarif.js";
import type { LintResult } from "../../src/engine/types.js";
import { MANIFEST, ROOT, context, findings, results, rules } from "../fixtures/formatters/results.js";

const schemaPath = new URL("../../node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json", import.meta.url);
const schema = JSON.parse(readFileSync(schemaPath, "utf8")) as Record<string, unknown>;
// The official schema is draft-04 and uses `format: uri`; formats are checked by hand below instead.
// Its `language` pattern (`^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`) has a stray `]`, which is an error
// under the `u` flag that Ajv uses by default, so patterns are compiled without it (as draft-04 intends).
// ajv-draft-04 is CommonJS: under NodeNext its default import is `module.exports`, whose `default` is the class.
const Ajv = AjvDraft04.default;
const ajv = new Ajv({ strict: false, validateFormats: false, unicodeRegExp: false, allErrors: true });
const validate = ajv.compile(schema);

function assertValid(log: unknown): void {
  const ok = validate(log);
  assert.ok(ok, `SARIF does not validate: ${ajv.errorsText(validate.errors)}`);
}

function parse(output: string): Log {
  return JSON.parse(output) as Log;
}

function onlyRun(log: Log) {
  assert.equal(log.runs.length, 1);
  return log.runs[0]!;
}

function uriOf(result: Result) {
  return result.locations?.[0]?.physicalLocation?.artifactLocation;
}

describe("sarif formatter", () => {
  it("validates against the official SARIF 2.1.0 schema", () => {
    const log = parse(sarif(results, context()));
    assertValid(log);
    assert.equal(log.version, "2.1.0");
    assert.equal(log.$schema, "https://json.schemastore.org/sarif-2.1.0.json");
  });

  it("validates with no results", () => {
    const log = parse(sarif([], context()));
    assertValid(log);
    assert.deepEqual(onlyRun(log).results, []);
    assert.equal(onlyRun(log).tool.driver.rules?.length, rules.length);
  });

  it("rejects a broken log (the validator is real)", () => {
    const log = parse(sarif(results, context()));
    const first = onlyRun(log).results![0]!;
    (first as { level: string }).level = "fatal";
    assert.equal(validate(log), false);
    assert.ok(validate.errors?.some((error) => error.instancePath.endsWith("/level")));

    const noVersion: Record<string, unknown> = { ...parse(sarif(results, context())) };
    delete noVersion.version;
    assert.equal(validate(noVersion), false);

    const badRegion = parse(sarif(results, context()));
    onlyRun(badRegion).results![0]!.locations![0]!.physicalLocation!.region!.startLine = 0;
    assert.equal(validate(badRegion), false);
  });

  it("describes the tool and lists every rule, with help URIs and default levels", () => {
    const run = onlyRun(parse(sarif(results, context())));
    const driver = run.tool.driver;
    assert.equal(driver.name, "mrap-guard");
    assert.equal(driver.version, "1.2.3");
    assert.ok(driver.informationUri?.startsWith("https://"));
    assert.deepEqual(
      driver.rules?.map((rule) => rule.id),
      rules.map((rule) => rule.id),
    );
    for (const rule of rules) {
      const descriptor: ReportingDescriptor = driver.rules!.find((candidate) => candidate.id === rule.id)!;
      assert.equal(descriptor.helpUri, rule.meta.docs.url);
      assert.ok(descriptor.helpUri?.startsWith("https://"));
      assert.equal(descriptor.shortDescription?.text, rule.meta.docs.description);
    }
    const levels = Object.fromEntries(driver.rules!.map((rule) => [rule.id, rule.defaultConfiguration?.level]));
    assert.deepEqual(levels, {
      "mrap/name-format": "error",
      "policy/no-wildcard-action": "warning",
      "mrap/failover-needs-two": "note",
      "core/duplicate-key": "error",
    });
    // A rule without findings is listed too.
    assert.ok(driver.rules!.some((rule) => rule.id === "core/duplicate-key"));
  });

  it("reports results with levels, indexes, regions, pointers and partial fingerprints", () => {
    const run = onlyRun(parse(sarif(results, context())));
    const out = run.results!;
    assert.equal(out.length, findings.length);
    findings.forEach((finding, i) => {
      const result = out[i]!;
      assert.equal(result.ruleId, finding.ruleId);
      assert.equal(run.tool.driver.rules![result.ruleIndex!]!.id, finding.ruleId);
      assert.equal(result.message.text, finding.message);
      assert.deepEqual(result.partialFingerprints, { "mrapGuard/v1": finding.fingerprint });
      assert.equal(result.properties?.pointer, finding.pointer);
      assert.deepEqual(result.locations![0]!.physicalLocation!.region, {
        startLine: finding.line,
        startColumn: finding.column,
        endLine: finding.endLine,
        endColumn: finding.endColumn,
      });
    });
    assert.deepEqual(
      out.map((result) => result.level),
      ["error", "warning", "note"],
    );
    assert.deepEqual(out[0]!.locations![0]!.logicalLocations, [{ fullyQualifiedName: "/MultiRegionAccessPoint/Name" }]);
    // The root pointer has no logical location, only the property.
    assert.equal(out[2]!.locations![0]!.logicalLocations, undefined);
    assert.equal(run.columnKind, "utf16CodeUnits");
  });

  it("makes URIs relative to the root, with %SRCROOT% as a file URL ending in a slash", () => {
    const run = onlyRun(parse(sarif(results, context())));
    const base = run.originalUriBaseIds?.["%SRCROOT%"]?.uri;
    assert.equal(base, `${pathToFileURL(resolve(ROOT)).href}/`);
    assert.ok(base?.endsWith("/"));
    for (const result of run.results!) {
      assert.deepEqual(uriOf(result), { uri: MANIFEST, uriBaseId: "%SRCROOT%" });
    }
  });

  it("makes URIs relative to the root when the working directory is a subfolder", () => {
    const cwd = resolve(ROOT, "sub");
    const log = parse(sarif(results, context({ cwd })));
    assertValid(log);
    const run = onlyRun(log);
    for (const result of run.results!) {
      const location = uriOf(result)!;
      assert.equal(location.uri, `sub/${MANIFEST}`);
      assert.equal(location.uriBaseId, "%SRCROOT%");
      assert.ok(!location.uri!.includes("\\"));
      assert.ok(!location.uri!.startsWith("/"));
      // Resolving against the base gives back the file's absolute location.
      const base = run.originalUriBaseIds!["%SRCROOT%"]!.uri!;
      assert.equal(new URL(location.uri!, base).href, pathToFileURL(resolve(cwd, MANIFEST)).href);
    }
  });

  it("percent-encodes paths and uses absolute file URLs outside the root", () => {
    const base = findings[0]!;
    const input: LintResult[] = [
      {
        filePath: "my policies/a#b.json",
        messages: [base],
        errorCount: 1,
        warningCount: 0,
        infoCount: 0,
      },
      { filePath: "../outside/p.json", messages: [base], errorCount: 1, warningCount: 0, infoCount: 0 },
    ];
    const log = parse(sarif(input, context()));
    assertValid(log);
    const [inside, outside] = onlyRun(log).results!;
    assert.deepEqual(uriOf(inside!), { uri: "my%20policies/a%23b.json", uriBaseId: "%SRCROOT%" });
    assert.deepEqual(uriOf(outside!), { uri: pathToFileURL(resolve(ROOT, "../outside/p.json")).href });
    for (const result of [inside!, outside!]) assert.doesNotThrow(() => new URL(uriOf(result)!.uri!, "file:///base/"));
  });

  it("adds a descriptor for a rule id the context does not list, so every ruleIndex resolves", () => {
    const input: LintResult[] = [
      { filePath: MANIFEST, messages: [{ ...findings[0]!, ruleId: "core/rule-error" }], errorCount: 1, warningCount: 0, infoCount: 0 },
    ];
    const log = parse(sarif(input, context()));
    assertValid(log);
    const run = onlyRun(log);
    const result = run.results![0]!;
    assert.equal(result.ruleIndex, rules.length);
    assert.equal(run.tool.driver.rules![result.ruleIndex!]!.id, "core/rule-error");
  });

  it("leaves out a region the engine could not place", () => {
    const input: LintResult[] = [
      { filePath: MANIFEST, messages: [{ ...findings[0]!, line: 0, column: 0, endLine: 0, endColumn: 0 }], errorCount: 1, warningCount: 0, infoCount: 0 },
    ];
    const log = parse(sarif(input, context()));
    assertValid(log);
    assert.equal(onlyRun(log).results![0]!.locations![0]!.physicalLocation!.region, undefined);
  });
});
