import assert from "node:assert/strict";
import { it } from "node:test";
import { arrayField, field, isObject, stringField } from "../../src/iam/json-fields.js";

it("reads own fields of objects only", () => {
  const value = JSON.parse('{"Name":"m","Regions":[1],"__proto__":"p"}') as { [key: string]: string };
  assert.equal(field(value, "Name"), "m");
  assert.equal(field(value, "__proto__"), "p");
  assert.equal(field(value, "toString"), undefined);
  assert.equal(field(["a"], "0"), undefined, "arrays are not objects");
  assert.equal(field(null, "Name"), undefined);
});

it("types fields, undefined when the type is wrong", () => {
  const value = { Name: "m", Regions: [1], Count: 2 };
  assert.equal(stringField(value, "Name"), "m");
  assert.equal(stringField(value, "Count"), undefined);
  assert.deepEqual(arrayField(value, "Regions"), [1]);
  assert.equal(arrayField(value, "Name"), undefined);
  assert.equal(isObject({}), true);
  assert.equal(isObject([]), false);
  assert.equal(isObject(null), false);
});
