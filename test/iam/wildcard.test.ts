import assert from "node:assert/strict";
import { it } from "node:test";
import { actionMatches, matchesWildcard } from "../../src/iam/wildcard.js";

it("matches IAM wildcards: * is any run, ? one character, literals exactly", () => {
  const cases: [string, string, boolean][] = [
    ["arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b.txt", true],
    ["arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket", false],
    ["arn:aws:s3:::bucket*", "arn:aws:s3:::bucket", true],
    ["*", "", true],
    ["", "", true],
    ["a?c", "abc", true],
    ["a?c", "ac", false],
    ["*a*b*", "xxaxxbxx", true],
    ["*a*b", "xxaxxbxxb", true],
    ["*a*b", "xxaxxbxxc", false],
    ["arn:aws:s3::111122223333:accesspoint/*", "arn:aws:s3::111122223333:accesspoint/abc.mrap/object/k", true],
    ["arn:aws:s3:::Bucket", "arn:aws:s3:::bucket", false],
  ];
  for (const [pattern, value, expected] of cases) assert.equal(matchesWildcard(pattern, value), expected, `${pattern} ~ ${value}`);
});

it("compares actions without case, but only letters fold", () => {
  assert.ok(actionMatches("s3:getobject", "s3:GetObject"));
  assert.ok(actionMatches("S3:Get*", "s3:GetObjectTagging"));
  assert.ok(!actionMatches("s3:Get[", "s3:Get{"));
  assert.ok(!actionMatches("s3:Put*", "s3:GetObject"));
});
