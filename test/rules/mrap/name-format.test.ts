import rule from "../../../rules/mrap/name-format.js";
import { ruleTester } from "../../helpers/rule-tester.js";
import { manifest } from "../../helpers/manifests.js";

const named = (Name: string) => manifest({ Name });

ruleTester(rule, {
  valid: [
    { name: "lowercase with inner hyphens", doc: named("orders-global") },
    { name: "three characters", doc: named("a1b") },
    { name: "fifty characters", doc: named("a".repeat(50)) },
    { name: "starts with a digit", doc: named("1orders") },
    { name: "name of the wrong type is left to valid-schema", doc: manifest({ Name: 42 }) },
    { name: "name with the required prefix", doc: named("acme-orders"), options: { prefix: "acme-" } },
  ],
  invalid: [
    { name: "too short", doc: named("ab"), errors: [{ messageId: "tooShort", pointer: "/MultiRegionAccessPoint/Name", data: { length: 2 } }] },
    { name: "too long", doc: named("a".repeat(51)), errors: [{ messageId: "tooLong", pointer: "/MultiRegionAccessPoint/Name" }] },
    { name: "uppercase", doc: named("Orders"), errors: [{ messageId: "uppercase", pointer: "/MultiRegionAccessPoint/Name" }] },
    { name: "underscore", doc: named("orders_global"), errors: [{ messageId: "underscore", pointer: "/MultiRegionAccessPoint/Name" }] },
    { name: "period", doc: named("orders.global"), errors: [{ messageId: "period", pointer: "/MultiRegionAccessPoint/Name" }] },
    { name: "leading hyphen", doc: named("-orders"), errors: [{ messageId: "edgeHyphen", pointer: "/MultiRegionAccessPoint/Name", data: { where: "begins" } }] },
    { name: "trailing hyphen", doc: named("orders-"), errors: [{ messageId: "edgeHyphen", pointer: "/MultiRegionAccessPoint/Name", data: { where: "ends" } }] },
    {
      name: "name without the required prefix",
      doc: named("orders-global"),
      options: { prefix: "acme-" },
      errors: [{ messageId: "missingPrefix", pointer: "/MultiRegionAccessPoint/Name", data: { prefix: "acme-" } }],
    },
    { name: "other character", doc: named("orders+x"), errors: [{ messageId: "invalidCharacter", pointer: "/MultiRegionAccessPoint/Name", data: { character: "+" } }] },
  ],
});
