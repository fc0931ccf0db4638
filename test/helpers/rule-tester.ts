import assert from "node:assert/strict";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, describe, it } from "node:test";
import { stringify } from "yaml";
import { coreRules } from "../../rules/core/index.js";
import { parsePointer, type JsonValue } from "../../src/document/index.js";
import { resolveConfig } from "../../src/engine/config.js";
import { lintFiles } from "../../src/engine/linter.js";
import { placeholders } from "../../src/engine/messages.js";
import type { DocumentKind, Finding, NetworkServices, ReferencePolicy, RuleModule } from "../../src/engine/types.js";
import { findingsOf } from "../../src/engine/types.js";

export type Format = "json" | "yaml";

export interface RuleCase {
  name: string;
  /** The document under test. */
  doc: JsonValue;
  /** Defaults to the rule's first kind. */
  kind?: DocumentKind;
  options?: Record<string, unknown>;
  /** Other files, by path relative to the document (policy files a manifest references). */
  files?: Record<string, JsonValue>;
  formats?: Format[];
  /** Config `accessAnalyzer` settings (network rules). */
  accessAnalyzer?: Record<string, unknown>;
  /** Runs before the case (script the test server, set live facts). */
  setup?: () => void;
  /** Read live state with the network's `live` service (`--live`). */
  live?: boolean;
  referencePolicy?: ReferencePolicy;
}

export interface ExpectedError {
  messageId: string;
  pointer: string;
  /** Path relative to the test folder; defaults to the document under test. */
  file?: string;
  /** Must be a subset of the finding's data. */
  data?: Record<string, string | number>;
  /** Which text the finding must underline: the value (default) or the key at the pointer. */
  at?: "key" | "value";
  /** The finding's severity; the rule runs at "error", so a finding the rule lowers shows the lower one. */
  severity?: "error" | "warning" | "info";
}

export interface InvalidCase extends RuleCase {
  errors: ExpectedError[];
}

export interface RuleTests {
  valid: RuleCase[];
  invalid: InvalidCase[];
  /** The services network rules get (called when a case runs, after the file's `before` hooks). */
  network?: () => NetworkServices;
}

const CORE = coreRules.map((rule) => rule.id);

/** Runs each case as a JSON file and as a YAML file through the real linter, with only `rule` (and core) on. */
export function ruleTester(rule: RuleModule, tests: RuleTests): void {
  describe(rule.id, () => {
    const dirs: string[] = [];
    after(async () => {
      await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
    });

    it("has valid and invalid cases with unique names", () => {
      assert.ok(tests.valid.length > 0, "needs valid cases");
      assert.ok(tests.invalid.length > 0, "needs invalid cases");
      const names = [...tests.valid, ...tests.invalid].map((c) => c.name);
      assert.deepEqual(names.length, new Set(names).size, "case names must be unique");
    });

    const run = async (testCase: RuleCase, format: Format) => {
      const dir = await mkdtemp(join(tmpdir(), "mrap-guard-rule-"));
      dirs.push(dir);
      const kind = testCase.kind ?? rule.meta.appliesTo[0]!;
      const main = kind === "manifest" ? `case.mrap.${format}` : `policy.${format}`;
      const texts = new Map<string, string>();
      const write = async (name: string, value: JsonValue, as: Format) => {
        const text = as === "json" ? JSON.stringify(value, null, 2) + "\n" : stringify(value);
        texts.set(name, text);
        await mkdir(dirname(join(dir, name)), { recursive: true });
        await writeFile(join(dir, name), text);
      };
      await write(main, testCase.doc, format);
      for (const [name, value] of Object.entries(testCase.files ?? {})) await write(name, value, /\.ya?ml$/.test(name) ? "yaml" : "json");
      const ruleSettings: Record<string, unknown> = Object.fromEntries(CORE.map((id) => [id, "error"]));
      ruleSettings[rule.id] = testCase.options ? ["error", testCase.options] : "error";
      const rules = [...coreRules, rule];
      const config = await resolveConfig({ extends: [], rules: ruleSettings, ...(testCase.accessAnalyzer ? { accessAnalyzer: testCase.accessAnalyzer } : {}) }, { root: dir, rules });
      testCase.setup?.();
      const network = tests.network
        ? { network: { services: tests.network(), live: testCase.live === true, ...(testCase.referencePolicy ? { referencePolicy: testCase.referencePolicy } : {}) } }
        : {};
      const results = await lintFiles([main], { cwd: dir, config, rules, ...(kind === "manifest" ? {} : { kind }), ...network });
      const findings = findingsOf(results);
      return { findings, texts, main, values: new Map([[main, testCase.doc], ...Object.entries(testCase.files ?? {})]) };
    };

    for (const testCase of tests.valid) {
      for (const format of testCase.formats ?? ["json", "yaml"]) {
        it(`valid (${format}): ${testCase.name}`, async () => {
          const { findings } = await run(testCase, format);
          assert.deepEqual(findings.map(describeFinding), [], "expected no findings");
        });
      }
    }

    for (const testCase of tests.invalid) {
      for (const format of testCase.formats ?? ["json", "yaml"]) {
        it(`invalid (${format}): ${testCase.name}`, async () => {
          const { findings, texts, main, values } = await run(testCase, format);
          const unexpectedCore = findings.filter((f) => f.ruleId !== rule.id);
          assert.deepEqual(unexpectedCore.map(describeFinding), [], "unexpected findings from other rules");
          const actual = findings.filter((f) => f.ruleId === rule.id);
          const expected = testCase.errors.map((e) => ({ ...e, file: e.file ?? main }));
          assert.deepEqual(
            actual.map((f) => `${f.file} ${f.pointer} ${f.messageId}`).sort(),
            expected.map((e) => `${e.file} ${e.pointer} ${e.messageId}`).sort(),
            `findings:\n${actual.map(describeFinding).join("\n")}`,
          );
          for (const finding of actual) {
            assert.ok(finding.messageId in rule.meta.messages, `unknown messageId ${finding.messageId}`);
            assert.equal(placeholders(finding.message).length, 0, `unfilled placeholder in "${finding.message}"`);
            const match = expected.find((e) => e.file === finding.file && e.pointer === finding.pointer && e.messageId === finding.messageId)!;
            for (const [key, value] of Object.entries(match.data ?? {})) assert.equal(finding.data?.[key], value, `data.${key} of ${describeFinding(finding)}`);
            if (match.severity !== undefined) assert.equal(finding.severity, match.severity, `severity of ${describeFinding(finding)}`);
            const text = texts.get(finding.file);
            if (text !== undefined) checkLocation(finding, text, values.get(finding.file), match.at ?? "value");
          }
        });
      }
    }
  });
}

function describeFinding(f: Finding): string {
  return `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.messageId} ${f.pointer} "${f.message}"`;
}

/** The finding must underline the scalar (or key) its pointer names, in the file as written. */
function checkLocation(finding: Finding, text: string, value: JsonValue | undefined, at: "key" | "value"): void {
  const segments = parsePointer(finding.pointer);
  let current: JsonValue | undefined = value;
  for (const segment of segments) {
    if (current === null || typeof current !== "object") return;
    current = Array.isArray(current) ? current[Number(segment)] : current[segment];
  }
  if (current === undefined) return;
  const lines = text.split("\n");
  const offset = (line: number, column: number) => lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + column - 1;
  const slice = text.slice(offset(finding.line, finding.column), offset(finding.endLine, finding.endColumn)).replace(/^["']|["']$/g, "");
  if (at === "key") {
    assert.equal(slice, segments.at(-1), `${describeFinding(finding)} should underline the key`);
  } else if (current === null || typeof current !== "object") {
    assert.equal(slice, String(current), `${describeFinding(finding)} should underline the value`);
  } else {
    assert.ok(slice.length > 1, `${describeFinding(finding)} should underline the value`);
  }
}
