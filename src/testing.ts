/**
 * mrap-guard/testing: run one rule over example documents, held in memory, and check its findings.
 *
 * Each case is linted as a JSON file and as a YAML file, with only the rule under test (and the engine's core
 * rules) turned on. Nothing is written to disk: the documents a case references (policy files of a manifest) are
 * given to the lint run in memory. The checks throw {@link RuleTestError}, an AssertionError-like error, so any
 * test framework reports them; {@link ruleTester} registers the cases with `describe`/`it` (node:test by default).
 */
import { relative, resolve, sep } from "node:path";
import { stringify as stringifyYaml } from "yaml";
import { coreRules } from "../rules/core/index.js";
import { parseText, type JsonValue, type SourceDocument } from "./document/index.js";
import { resolveConfig, type ResolvedConfig } from "./engine/config.js";
import { lintText } from "./engine/linter.js";
import type { LintOptions } from "./engine/types.js";
import { placeholders } from "./engine/messages.js";
import { underlineProblem } from "./testing/underline.js";
import { findingsOf, type DocumentKind, type Finding, type NetworkServices, type ReferencePolicy, type RuleModule } from "./engine/types.js";

export type { DocumentKind, Finding, JsonValue, NetworkServices, ReferencePolicy, RuleModule };

/** The two forms each case is written in. */
export type RuleTestFormat = "json" | "yaml";

/** A document to lint, and how. */
export interface RuleTestCase {
  /** Unique among a rule's cases; the test's title. */
  name: string;
  /** The document under test (a manifest or a policy), written as JSON and as YAML. */
  doc: JsonValue;
  /** The document's kind; defaults to the rule's first kind (`meta.appliesTo[0]`). */
  kind?: DocumentKind;
  /** The rule's options, as in a config file's `rules` entry (`["error", options]`). */
  options?: Record<string, unknown>;
  /**
   * Other files, by path relative to the document (the policy files a manifest references). Each is written as
   * JSON, or as YAML when its name ends in `.yaml`/`.yml`; they stay in memory.
   */
  files?: Record<string, JsonValue>;
  /** Which forms to run; both by default. */
  formats?: RuleTestFormat[];
  /** The config's `accessAnalyzer` settings (for the Access Analyzer rules). */
  accessAnalyzer?: Record<string, unknown>;
  /** Runs just before the case is linted (to script a fake service, for example). */
  setup?: () => void | Promise<void>;
  /** Read live state with the network's `live` service (as `--live` does). */
  live?: boolean;
  /** The reference policy for `access-analyzer/no-new-access` (as `--reference-policy` gives). */
  referencePolicy?: ReferencePolicy;
}

/** A finding an invalid case must produce. */
export interface ExpectedFinding {
  messageId: string;
  /** JSON pointer of the finding in its file. */
  pointer: string;
  /** Path relative to the document's folder; defaults to the document under test. */
  file?: string;
  /** A subset of the finding's `data`. */
  data?: Record<string, string | number>;
  /** What the finding must underline: the value at the pointer (default) or its key. */
  at?: "key" | "value";
  /** The finding's severity. The rule runs at "error", so a finding the rule lowers shows the lower one. */
  severity?: "error" | "warning" | "info";
}

/** A case that must produce exactly `errors` from the rule under test, and nothing from the core rules. */
export interface InvalidRuleTestCase extends RuleTestCase {
  errors: ExpectedFinding[];
}

export interface RuleTests {
  /** Cases with no finding at all. */
  valid: RuleTestCase[];
  /** Cases with exactly the expected findings. */
  invalid: InvalidRuleTestCase[];
  /** The AWS services network rules get; called as each case runs (after the framework's `before` hooks). */
  network?: () => NetworkServices;
}

export interface RuleTesterOptions {
  /** Where a rule given by id is looked up; the built-in rules by default. */
  rules?: readonly RuleModule[];
}

/** What one run of a case produced. */
export interface RuleCaseResult {
  /** Every finding, of the rule under test and of the core rules. */
  findings: Finding[];
  /** The file name the document was linted under (`case.mrap.json`, `policy.yaml`…). */
  file: string;
  /** The text of each file of the case, by name: what the findings' lines and columns refer to. */
  texts: ReadonlyMap<string, string>;
}

/** One case in one form, ready to run. */
export interface RuleTestRun {
  /** `valid (json): <name>`, `invalid (yaml): <name>`. */
  readonly title: string;
  readonly valid: boolean;
  readonly format: RuleTestFormat;
  readonly testCase: RuleTestCase | InvalidRuleTestCase;
  /** Lints the case and checks its findings; throws a RuleTestError when they are not what the case expects. */
  run(): Promise<RuleCaseResult>;
}

/** A failed check; shaped like node:assert's AssertionError so that test runners show it as one. */
export class RuleTestError extends Error {
  override readonly name = "AssertionError";
  readonly code = "ERR_ASSERTION";
  readonly generatedMessage = false;
  readonly operator: string;
  readonly actual: unknown;
  readonly expected: unknown;

  constructor(message: string, details: { actual?: unknown; expected?: unknown; operator?: string } = {}) {
    super(message);
    this.actual = details.actual;
    this.expected = details.expected;
    this.operator = details.operator ?? "fail";
  }
}

/** The in-memory folder cases are linted in (the project root): no file is read from or written there. */
const ROOT = resolve(sep, "mrap-guard-testing-in-memory");

/** Checks the cases themselves: at least one of each, and unique names. Throws a RuleTestError. */
export function checkRuleTests(tests: RuleTests): void {
  if (tests.valid.length === 0) throw new RuleTestError("needs valid cases");
  if (tests.invalid.length === 0) throw new RuleTestError("needs invalid cases");
  const seen = new Set<string>();
  const repeated: string[] = [];
  for (const { name } of [...tests.valid, ...tests.invalid]) {
    if (seen.has(name)) repeated.push(name);
    seen.add(name);
  }
  if (repeated.length > 0) throw new RuleTestError(`case names must be unique; repeated: ${repeated.map((n) => JSON.stringify(n)).join(", ")}`, { actual: repeated, expected: [], operator: "deepStrictEqual" });
}

/**
 * Every case in every form it asks for, as a run to start; framework-neutral. `rule` is a rule module or the id
 * of one in `options.rules` (the built-in rules by default).
 */
export function ruleTestRuns(rule: RuleModule | string, tests: RuleTests, options: RuleTesterOptions = {}): RuleTestRun[] {
  const tester = new Tester(rule, tests, options);
  const runs: RuleTestRun[] = [];
  for (const testCase of tests.valid) {
    for (const format of testCase.formats ?? ["json", "yaml"]) {
      runs.push({ title: `valid (${format}): ${testCase.name}`, valid: true, format, testCase, run: () => tester.runValid(testCase, format) });
    }
  }
  for (const testCase of tests.invalid) {
    for (const format of testCase.formats ?? ["json", "yaml"]) {
      runs.push({ title: `invalid (${format}): ${testCase.name}`, valid: false, format, testCase, run: () => tester.runInvalid(testCase, format) });
    }
  }
  return runs;
}

/** Lints one case in one form, with no check of what it finds. */
export function lintRuleCase(rule: RuleModule | string, testCase: RuleTestCase, format: RuleTestFormat, options: RuleTesterOptions & Pick<RuleTests, "network"> = {}): Promise<RuleCaseResult> {
  const { network, ...rest } = options;
  return new Tester(rule, { valid: [], invalid: [], ...(network ? { network } : {}) }, rest).lint(testCase, format).then(({ result }) => result);
}

export interface RuleTestReport {
  passed: string[];
  failed: { title: string; error: unknown }[];
}

/** Runs every case (one after another) and collects what failed, for a script or a framework without `describe`. */
export async function runRuleTests(rule: RuleModule | string, tests: RuleTests, options: RuleTesterOptions = {}): Promise<RuleTestReport> {
  const report: RuleTestReport = { passed: [], failed: [] };
  const attempt = async (title: string, check: () => unknown) => {
    try {
      await check();
      report.passed.push(title);
    } catch (error) {
      report.failed.push({ title, error });
    }
  };
  await attempt("has valid and invalid cases with unique names", () => checkRuleTests(tests));
  for (const run of ruleTestRuns(rule, tests, options)) await attempt(run.title, () => run.run());
  return report;
}

/** The `describe` and `it` of a test framework (node:test, Vitest, Jest and Mocha have this shape). */
export interface TestFramework {
  describe(name: string, body: () => void): unknown;
  it(name: string, body: () => Promise<void> | void): unknown;
}

/**
 * Registers a rule's cases as tests: one `describe` named after the rule, one `it` per case and form. Uses
 * node:test unless `framework` gives another `describe`/`it`.
 */
export function ruleTester(rule: RuleModule | string, tests: RuleTests, options: RuleTesterOptions & { framework?: TestFramework } = {}): void {
  const { framework = nodeTest(), ...rest } = options;
  framework.describe(typeof rule === "string" ? rule : rule.id, () => {
    framework.it("has valid and invalid cases with unique names", () => checkRuleTests(tests));
    for (const run of ruleTestRuns(rule, tests, rest)) {
      framework.it(run.title, async () => {
        await run.run();
      });
    }
  });
}

function nodeTest(): TestFramework {
  // Loaded only when no framework is given, so that importing this module does not load node:test.
  const { describe, it } = process.getBuiltinModule("node:test");
  return { describe: (name, body) => describe(name, body), it: (name, body) => it(name, body) };
}

class Tester {
  private module: Promise<RuleModule> | undefined;
  private readonly configs = new Map<string, Promise<ResolvedConfig>>();

  constructor(
    private readonly rule: RuleModule | string,
    private readonly tests: RuleTests,
    private readonly options: RuleTesterOptions,
  ) {}

  private ruleModule(): Promise<RuleModule> {
    const rule = this.rule;
    if (typeof rule !== "string") return Promise.resolve(rule);
    this.module ??= (async () => {
      const registry = this.options.rules ?? (await import("../rules/index.js")).rules;
      const found = registry.find((candidate) => candidate.id === rule);
      if (!found) throw new RuleTestError(`no rule "${rule}"`);
      return found;
    })();
    return this.module;
  }

  /** The config of a case: only the rule (with the case's options) and the core rules, at "error". */
  private config(rule: RuleModule, testCase: RuleTestCase): Promise<ResolvedConfig> {
    const key = JSON.stringify([testCase.options ?? null, testCase.accessAnalyzer ?? null]);
    let config = this.configs.get(key);
    if (!config) {
      const settings: Record<string, unknown> = Object.fromEntries(coreRules.map((core) => [core.id, "error"]));
      settings[rule.id] = testCase.options ? ["error", testCase.options] : "error";
      const raw = { extends: [], rules: settings, ...(testCase.accessAnalyzer ? { accessAnalyzer: testCase.accessAnalyzer } : {}) };
      config = resolveConfig(raw, { root: ROOT, rules: [...coreRules, rule] });
      this.configs.set(key, config);
    }
    return config;
  }

  async lint(testCase: RuleTestCase, format: RuleTestFormat): Promise<{ rule: RuleModule; result: RuleCaseResult; values: ReadonlyMap<string, JsonValue> }> {
    const rule = await this.ruleModule();
    const kind = testCase.kind ?? rule.meta.appliesTo[0];
    if (kind === undefined) throw new RuleTestError(`rule ${rule.id} applies to no kind of document`);
    const file = kind === "manifest" ? `case.mrap.${format}` : `policy.${format}`;
    const text = write(testCase.doc, format);
    const texts = new Map<string, string>([[file, text]]);
    const values = new Map<string, JsonValue>([[file, testCase.doc]]);
    const documents = new Map<string, Promise<SourceDocument>>();
    for (const [name, value] of Object.entries(testCase.files ?? {})) {
      const path = resolve(ROOT, name);
      const display = relative(ROOT, path).split(sep).join("/");
      const other = write(value, /\.ya?ml$/i.test(name) ? "yaml" : "json");
      texts.set(display, other);
      values.set(display, value);
      documents.set(path, parseText(display, other));
    }
    const config = await this.config(rule, testCase);
    await testCase.setup?.();
    const lintOptions: LintOptions = {
      cwd: ROOT,
      config,
      rules: [...coreRules, rule],
      documents,
      ...(kind === "manifest" ? {} : { kind }),
      ...(this.tests.network
        ? { network: { services: this.tests.network(), live: testCase.live === true, ...(testCase.referencePolicy ? { referencePolicy: testCase.referencePolicy } : {}) } }
        : {}),
    };
    const findings = findingsOf(await lintText(text, file, lintOptions));
    return { rule, result: { findings, file, texts }, values };
  }

  async runValid(testCase: RuleTestCase, format: RuleTestFormat): Promise<RuleCaseResult> {
    const { result } = await this.lint(testCase, format);
    expectSame(result.findings.map(describeFinding), [], "expected no findings");
    return result;
  }

  async runInvalid(testCase: InvalidRuleTestCase, format: RuleTestFormat): Promise<RuleCaseResult> {
    const { rule, result, values } = await this.lint(testCase, format);
    const others = result.findings.filter((f) => f.ruleId !== rule.id);
    expectSame(others.map(describeFinding), [], "unexpected findings from other rules");
    const actual = result.findings.filter((f) => f.ruleId === rule.id);
    const expected = testCase.errors.map((e) => ({ ...e, file: e.file ?? result.file }));
    const key = (f: { file: string; pointer: string; messageId: string }) => `${f.file} ${f.pointer} ${f.messageId}`;
    expectSame(actual.map(key).sort(), expected.map(key).sort(), `findings:\n${actual.map(describeFinding).join("\n")}`);
    for (const finding of actual) {
      if (!(finding.messageId in rule.meta.messages)) throw new RuleTestError(`unknown messageId ${finding.messageId}`);
      if (placeholders(finding.message).length > 0) throw new RuleTestError(`unfilled placeholder in "${finding.message}"`);
      const match = expected.find((e) => key(e) === key(finding));
      if (!match) throw new RuleTestError(`unexpected finding ${describeFinding(finding)}`);
      for (const [name, value] of Object.entries(match.data ?? {})) {
        const got = finding.data?.[name];
        if (got !== value) throw new RuleTestError(`data.${name} of ${describeFinding(finding)}: expected ${JSON.stringify(value)}, got ${JSON.stringify(got)}`, { actual: got, expected: value, operator: "strictEqual" });
      }
      if (match.severity !== undefined && finding.severity !== match.severity) {
        throw new RuleTestError(`severity of ${describeFinding(finding)}: expected ${match.severity}`, { actual: finding.severity, expected: match.severity, operator: "strictEqual" });
      }
      const text = result.texts.get(finding.file);
      if (text === undefined) continue;
      const problem = underlineProblem(finding, text, /\.ya?ml$/i.test(finding.file) ? "yaml" : "json", values.get(finding.file), match.at ?? "value");
      if (problem) throw new RuleTestError(`${describeFinding(finding)} ${problem.message}`, { actual: problem.actual, expected: problem.expected, operator: "strictEqual" });
    }
    return result;
  }
}

/** A case's document as a file: JSON with two-space indents, or YAML as the `yaml` package writes it. */
function write(value: JsonValue, format: RuleTestFormat): string {
  return format === "json" ? JSON.stringify(value, null, 2) + "\n" : stringifyYaml(value);
}

function describeFinding(f: Finding): string {
  return `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.messageId} ${f.pointer} "${f.message}"`;
}

function expectSame(actual: readonly string[], expected: readonly string[], message: string): void {
  if (actual.length === expected.length && actual.every((item, i) => item === expected[i])) return;
  const list = (items: readonly string[]) => (items.length === 0 ? "  (none)" : items.map((item) => `  ${item}`).join("\n"));
  throw new RuleTestError(`${message}\nactual:\n${list(actual)}\nexpected:\n${list(expected)}`, { actual, expected, operator: "deepStrictEqual" });
}
