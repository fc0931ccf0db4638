import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { JsonValue } from "../../src/document/index.js";
import { policyModel, type StatementModel } from "../../src/iam/policy-model.js";
import { delegationOf, delegationsOf } from "../../src/mrap/delegating-statements.js";

type Obj = { [key: string]: JsonValue | undefined };

/** One statement; `fields` override the defaults (a field set to undefined is removed). */
const statement = (fields: Obj = {}): StatementModel => {
  const merged = { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::orders-use1/*", ...fields };
  const [first] = policyModel({ Version: "2012-10-17", Statement: [Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined)) as { [key: string]: JsonValue }] }).statements;
  assert.ok(first);
  return first;
};

describe("delegationOf", () => {
  it("finds Allow + wildcard principal + a DataAccessPoint condition", () => {
    const d = delegationOf(statement({ Condition: { StringEquals: { "s3:dataaccesspointaccount": "111122223333" } } }));
    assert.equal(d?.conditions[0]?.key, "s3:DataAccessPointAccount");
    assert.deepEqual(d?.conditions[0]?.values, [{ value: "111122223333", pointer: "/Statement/0/Condition/StringEquals/s3:dataaccesspointaccount" }]);
  });
  it("ignores Deny, fixed principals and negated conditions", () => {
    const condition = { StringEquals: { "s3:DataAccessPointAccount": "111122223333" } };
    assert.equal(delegationOf(statement({ Effect: "Deny", Condition: condition })), undefined);
    assert.equal(delegationOf(statement({ Principal: { AWS: "111122223333" }, Condition: condition })), undefined);
    assert.equal(delegationOf(statement({ Condition: { StringNotEquals: { "s3:DataAccessPointAccount": "111122223333" } } })), undefined);
    assert.equal(delegationOf(statement()), undefined);
  });
});

describe("delegationsOf", () => {
  it("lists the delegating statements of a policy in order, with IfExists and set forms kept for rules to judge", () => {
    const { statements } = policyModel({
      Statement: [
        { Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "*", Condition: { StringEqualsIfExists: { "s3:DataAccessPointArn": "arn:aws:s3::111122223333:accesspoint/a.mrap" } } },
        { Effect: "Allow", Principal: { AWS: "111122223333" }, Action: "s3:*", Resource: "*" },
        { Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:*", Resource: "*", Condition: { "ForAnyValue:StringEquals": { "s3:DataAccessPointAccount": ["111122223333", 444455556666] } } },
      ],
    });
    const found = delegationsOf(statements);
    assert.deepEqual(
      found.map((d) => [d.statement.index, d.principal.pointer, d.conditions.map((c) => [c.key, c.condition.operator.text, c.values.map((v) => v.value)])]),
      [
        [0, "/Statement/0/Principal", [["s3:DataAccessPointArn", "StringEqualsIfExists", ["arn:aws:s3::111122223333:accesspoint/a.mrap"]]]],
        [2, "/Statement/2/Principal", [["s3:DataAccessPointAccount", "ForAnyValue:StringEquals", ["111122223333", "444455556666"]]]],
      ],
    );
    assert.equal(delegationsOf(statements), found, "worked out once per statement list");
  });
});
