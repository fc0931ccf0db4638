import assert from "node:assert/strict";
import { it } from "node:test";
import { canonical, hasElementPairs, hasMiscasedKey, rawStatements, readablePath } from "../../src/iam/statement-grammar.js";

it("lists statement objects with the same indexes and pointers as the policy model", () => {
  assert.deepEqual(
    rawStatements({ Statement: [{ Effect: "Allow" }, "x", { Effect: "Deny" }] }).map((s) => [s.index, s.pointer]),
    [
      [0, "/Statement/0"],
      [2, "/Statement/2"],
    ],
  );
  assert.deepEqual(rawStatements({ Statement: { Effect: "Allow" } }).map((s) => s.pointer), ["/Statement"]);
  assert.deepEqual(rawStatements([]), []);
});

it("finds a key that differs from an element only in case", () => {
  assert.equal(hasMiscasedKey({ principal: "*" }, "Principal", "NotPrincipal"), true);
  assert.equal(hasMiscasedKey({ Principal: "*" }, "Principal", "NotPrincipal"), false);
  assert.equal(hasMiscasedKey({ Other: 1 }, "Principal"), false);
});

it("requires one of Action/NotAction and Resource/NotResource, at most one principal element", () => {
  assert.equal(hasElementPairs({ Action: "s3:*", Resource: "*" }), true);
  assert.equal(hasElementPairs({ Action: "s3:*", NotAction: "s3:Get*", Resource: "*" }), false);
  assert.equal(hasElementPairs({ Action: "s3:*" }), false);
  assert.equal(hasElementPairs({ Action: "s3:*", Resource: "*", Principal: "*", NotPrincipal: "*" }), false);
});

it("compares elements by meaning: lists as sets, a single string as a one-item list, keys sorted", () => {
  assert.equal(canonical(["b", "a", "a"]), canonical(["a", "b"]));
  assert.equal(canonical("a"), canonical(["a"]));
  assert.equal(canonical(["a", "a"]), canonical("a"));
  assert.equal(canonical({ b: 1, a: [2, 2] }), canonical({ a: 2, b: 1 }));
  assert.notEqual(canonical("S3:GetObject"), canonical("s3:getobject"));
  assert.equal(canonical("S3:GetObject", true), canonical("s3:getobject", true));
  assert.equal(canonical(undefined), "");
});

it("writes pointers as readers write paths", () => {
  assert.equal(readablePath("/Statement/0/Condition/StringLike/s3:prefix"), 'Statement[0].Condition.StringLike["s3:prefix"]');
  assert.equal(readablePath("/Statement/Sid"), "Statement.Sid");
  assert.equal(readablePath(""), "the policy");
});
