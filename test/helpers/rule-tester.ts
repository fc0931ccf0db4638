// The repo's rule tests: mrap-guard/testing (src/testing.ts) registered with node:test.
import { describe, it } from "node:test";
import { ruleTester as registerRuleTests, type ExpectedFinding, type InvalidRuleTestCase, type RuleModule, type RuleTestCase, type RuleTestFormat, type RuleTests } from "../../src/testing.js";

export type Format = RuleTestFormat;
export type RuleCase = RuleTestCase;
export type ExpectedError = ExpectedFinding;
export type InvalidCase = InvalidRuleTestCase;
export type { RuleTests };

/** Runs each case as a JSON file and as a YAML file, in memory, with only `rule` (and core) on. */
export function ruleTester(rule: RuleModule, tests: RuleTests): void {
  registerRuleTests(rule, tests, { framework: { describe, it } });
}
