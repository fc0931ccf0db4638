import assert from "node:assert/strict";
import { it } from "node:test";
import type { JsonValue } from "../../src/document/index.js";
import { actionsOf, parseOperator, policyModel, resourcesOf, strings, type StatementModel } from "../../src/iam/policy-model.js";

function onlyStatement(policy: JsonValue): StatementModel {
  const { statements } = policyModel(policy);
  assert.equal(statements.length, 1);
  assert.ok(statements[0]);
  return statements[0];
}

it("normalises statements with the pointer of every value", () => {
  const model = policyModel({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "Read",
        Effect: "Allow",
        Principal: { AWS: ["arn:aws:iam::111122223333:root", 7], Service: "s3.amazonaws.com" },
        Action: "s3:GetObject",
        Resource: ["arn:aws:s3:::b/*"],
        Condition: { "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": ["o-a/*", 3, true] }, Bool: { "aws:SecureTransport": false } },
      },
    ],
  });
  assert.deepEqual(model.version, { value: "2012-10-17", pointer: "/Version" });
  const [s] = model.statements;
  assert.ok(s);
  assert.deepEqual(s.sid, { value: "Read", pointer: "/Statement/0/Sid" });
  assert.equal(s.effect, "Allow");
  assert.deepEqual(s.principal, {
    pointer: "/Statement/0/Principal",
    anyone: false,
    entries: [
      { value: "arn:aws:iam::111122223333:root", pointer: "/Statement/0/Principal/AWS/0", type: "AWS" },
      { value: "s3.amazonaws.com", pointer: "/Statement/0/Principal/Service", type: "Service" },
    ],
  });
  assert.deepEqual(s.action, [{ value: "s3:GetObject", pointer: "/Statement/0/Action" }]);
  assert.deepEqual(s.resource, [{ value: "arn:aws:s3:::b/*", pointer: "/Statement/0/Resource/0" }]);
  const [like, bool] = s.conditions;
  assert.equal(like?.operator.set, "ForAnyValue");
  assert.equal(like?.operator.family, "String");
  assert.equal(like?.lowerKey, "aws:principalorgpaths");
  assert.equal(like?.operatorPointer, "/Statement/0/Condition/ForAnyValue:StringLike");
  assert.deepEqual(like?.texts, ["o-a/*", "3", "true"]);
  assert.equal(like?.values[1]?.pointer, "/Statement/0/Condition/ForAnyValue:StringLike/aws:PrincipalOrgPaths/1");
  assert.deepEqual(bool?.texts, ["false"]);
  assert.equal(bool?.pointer, "/Statement/0/Condition/Bool/aws:SecureTransport");
});

it("escapes condition keys in pointers", () => {
  const [condition] = onlyStatement({ Statement: { Effect: "Deny", Condition: { StringEquals: { "s3:x/y~z": "v" } } } }).conditions;
  assert.equal(condition?.pointer, "/Statement/Condition/StringEquals/s3:x~1y~0z");
});

it("takes a lone statement object and the string form of Principal", () => {
  const s = onlyStatement({ Statement: { Effect: "Allow", Principal: "*", NotAction: ["s3:*"], NotResource: "arn:aws:s3:::b" } });
  assert.equal(s.pointer, "/Statement");
  assert.equal(s.principal?.anyone, true);
  assert.deepEqual(actionsOf(s), { not: true, items: [{ value: "s3:*", pointer: "/Statement/NotAction/0" }] });
  assert.deepEqual(resourcesOf(s), { not: true, items: [{ value: "arn:aws:s3:::b", pointer: "/Statement/NotResource" }] });
});

it("leaves out parts of the wrong shape instead of guessing", () => {
  const policy = { Version: 2012, Statement: [42, { Effect: "allow", Action: 5, Condition: { StringEquals: "x" }, Principal: ["*"] }] };
  assert.equal(policyModel(policy).version, undefined);
  const s = onlyStatement(policy);
  assert.equal(s.index, 1, "indexes follow the array, skipped items included");
  assert.equal(s.effect, undefined, "Effect is case-sensitive");
  assert.equal(s.action, undefined);
  assert.equal(s.principal, undefined);
  assert.deepEqual(s.conditions, []);
  assert.equal(actionsOf(s), undefined);
  assert.deepEqual(policyModel("not a policy"), { version: undefined, statements: [] });
});

it("builds the model of one value once", () => {
  const policy = { Statement: [{ Effect: "Allow" }] };
  assert.equal(policyModel(policy), policyModel(policy));
});

it("reads strings and string lists, dropping other items", () => {
  assert.deepEqual(strings(["a", 1, "b"], "/X"), [{ value: "a", pointer: "/X/0" }, { value: "b", pointer: "/X/2" }]);
  assert.equal(strings({ a: 1 }, "/X"), undefined);
  assert.equal(parseOperator("ForAllValues:StringEquals").set, "ForAllValues");
  assert.equal(parseOperator("Foo:StringEquals").set, undefined);
});
