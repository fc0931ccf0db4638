import assert from "node:assert/strict";
import { it } from "node:test";
import { allowsPolicyVariables, analyzeOperator, familiesForType, LIKE_OPERATOR, operatorNames } from "../../src/iam/condition-operators.js";

it("splits an operator into set qualifier, base and IfExists, and names its family", () => {
  assert.deepEqual(analyzeOperator("ForAnyValue:StringLikeIfExists"), {
    text: "ForAnyValue:StringLikeIfExists",
    qualifier: "ForAnyValue",
    name: "StringLikeIfExists",
    base: "StringLike",
    ifExists: true,
    family: "String",
  });
  const plain = analyzeOperator("IpAddress");
  assert.equal(plain.qualifier, undefined);
  assert.equal(plain.ifExists, false);
  assert.equal(plain.family, "IpAddress");
});

it("knows operators case-sensitively, and not inherited object keys", () => {
  assert.equal(analyzeOperator("stringequals").family, undefined);
  assert.equal(analyzeOperator("toString").family, undefined);
  assert.equal(analyzeOperator("ArnNotLike").family, "Arn");
  assert.equal(analyzeOperator("Null").family, "Null");
});

it("lists IfExists forms of every operator but Null", () => {
  const names = operatorNames();
  assert.ok(names.includes("StringEquals") && names.includes("StringEqualsIfExists"));
  assert.ok(names.includes("Null"));
  assert.ok(!names.includes("NullIfExists"));
});

it("resolves policy variables only in String and Arn values", () => {
  assert.equal(allowsPolicyVariables("String"), true);
  assert.equal(allowsPolicyVariables("Arn"), true);
  assert.equal(allowsPolicyVariables("Numeric"), false);
  assert.equal(allowsPolicyVariables("IpAddress"), false);
});

it("compares ARN keys with ARN or String operators, others with their own family", () => {
  assert.deepEqual(familiesForType("ArrayOfARN"), ["Arn", "String"]);
  assert.deepEqual(familiesForType("ArrayOfString"), ["String"]);
  assert.deepEqual(familiesForType("IPAddress"), ["IpAddress"]);
  assert.deepEqual(familiesForType("Bool"), ["Bool"]);
});

it("names the Like operator for an exact one that was given a wildcard", () => {
  assert.equal(LIKE_OPERATOR["StringEqualsIgnoreCase"], "StringLike");
  assert.equal(LIKE_OPERATOR["ArnNotEquals"], "ArnNotLike");
  assert.equal(LIKE_OPERATOR["NumericEquals"], undefined);
});
