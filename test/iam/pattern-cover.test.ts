import assert from "node:assert/strict";
import { it } from "node:test";
import { globCovers, literalHead, MAX_COVER_CELLS, WorkBudget } from "../../src/iam/pattern-cover.js";

it("covers a pattern when every string it matches is matched too", () => {
  const cases: [string, string, boolean][] = [
    ["arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/reports/*", true],
    ["arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a.txt", true],
    ["arn:aws:s3:::bucket/reports/*", "arn:aws:s3:::bucket/*", false],
    ["arn:aws:s3:::bucket/?", "arn:aws:s3:::bucket/*", false],
    ["arn:aws:s3:::bucket/?", "arn:aws:s3:::bucket/?", true],
    ["arn:aws:s3:::bucket/a*", "arn:aws:s3:::bucket/a?c*", true],
    ["s3:Get*", "s3:GetObject", true],
    ["s3:GetObject", "s3:Get*", false],
    ["*", "anything*?", true],
    ["abc", "abc", true],
    ["abc", "abd", false],
  ];
  for (const [general, specific, expected] of cases) assert.equal(globCovers(general, specific), expected, `${general} covers ${specific}`);
});

it("folds case only when asked (actions), not for resources", () => {
  assert.equal(globCovers("s3:get*", "s3:GetObject"), false);
  assert.equal(globCovers("s3:get*", "s3:GetObject", true), true);
});

it("counts a policy variable in the specific pattern as any text, and a general one only as itself", () => {
  assert.equal(globCovers("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/${aws:username}/*"), true);
  assert.equal(globCovers("arn:aws:s3:::bucket/home/*", "arn:aws:s3:::bucket/${aws:username}"), false);
  assert.equal(globCovers("arn:aws:s3:::bucket/${aws:username}*", "arn:aws:s3:::bucket/alice"), false);
  assert.equal(globCovers("arn:aws:s3:::bucket/${aws:username}", "arn:aws:s3:::bucket/${aws:username}"), true);
});

it("says no, never a wrong yes, past the size limit or a spent budget", () => {
  assert.equal(globCovers("*a*a*", "*a*a"), true);
  const long = "*a".repeat(1500);
  assert.ok(long.length * long.length > MAX_COVER_CELLS);
  assert.equal(globCovers(`${long}*`, long), false, "covered, but too costly to find out");
  const budget = new WorkBudget(10);
  assert.equal(globCovers("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/*/x*"), true);
  assert.equal(globCovers("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/*/x*", false, budget), false);
  assert.equal(budget.exhausted, true);
  assert.equal(budget.spend(1), false, "once exhausted, always exhausted");
});

it("charges a shared budget for each comparison", () => {
  const budget = new WorkBudget(1_000);
  assert.equal(globCovers("a*", "ab*", false, budget), true);
  assert.equal(budget.exhausted, false);
  assert.equal(budget.spend(1_000), false);
});

it("gives the literal head before the first wildcard or variable", () => {
  assert.equal(literalHead("arn:aws:s3:::bucket/*"), "arn:aws:s3:::bucket/");
  assert.equal(literalHead("arn:aws:s3:::bucket/${aws:username}/x"), "arn:aws:s3:::bucket/");
  assert.equal(literalHead("s3:Get?bject"), "s3:Get");
  assert.equal(literalHead("plain"), "plain");
});
