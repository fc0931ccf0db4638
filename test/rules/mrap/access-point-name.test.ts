import rule from "../../../rules/mrap/access-point-name.js";
import { ruleTester } from "../../helpers/rule-tester.js";
import { manifest } from "../../helpers/manifests.js";
import type { JsonValue } from "../../../src/document/index.js";

const named = (...names: JsonValue[]) =>
  manifest({}, { AccessPoints: names.map((Name) => ({ Name, Region: "us-west-2", Bucket: "orders-usw2" })) });
const at = (index = 0) => `/AccessPoints/${index}/Name`;

ruleTester(rule, {
  valid: [
    { name: "lowercase with inner hyphens", doc: named("reports-ap") },
    { name: "three characters", doc: named("ap1") },
    { name: "fifty characters", doc: named("a".repeat(50)) },
    { name: "starts with a digit", doc: named("1reports") },
    { name: "s3alias not at the end", doc: named("s3alias-reports") },
    { name: "ends in s3alias without the hyphen", doc: named("reportss3alias") },
    { name: "no AccessPoints", doc: manifest() },
    { name: "access points only manifest", doc: { AccountId: "111122223333", AccessPoints: [{ Name: "reports-ap" }] } },
    { name: "name of the wrong type is left to valid-schema", doc: named(42) },
  ],
  invalid: [
    { name: "too short", doc: named("ap"), errors: [{ messageId: "tooShort", pointer: at(), data: { name: "ap", length: 2 } }] },
    { name: "too long", doc: named("a".repeat(51)), errors: [{ messageId: "tooLong", pointer: at(), data: { length: 51 } }] },
    { name: "uppercase", doc: named("Reports-AP"), errors: [{ messageId: "uppercase", pointer: at() }] },
    { name: "underscore", doc: named("reports_ap"), errors: [{ messageId: "underscore", pointer: at() }] },
    { name: "period", doc: named("reports.ap"), errors: [{ messageId: "period", pointer: at() }] },
    { name: "leading hyphen", doc: named("-reports"), errors: [{ messageId: "edgeHyphen", pointer: at(), data: { where: "begins" } }] },
    { name: "trailing hyphen", doc: named("reports-"), errors: [{ messageId: "edgeHyphen", pointer: at(), data: { where: "ends" } }] },
    { name: "ends in -s3alias", doc: named("reports-s3alias"), errors: [{ messageId: "aliasSuffix", pointer: at() }] },
    { name: "other character", doc: named("reports+ap"), errors: [{ messageId: "invalidCharacter", pointer: at(), data: { character: "+" } }] },
    {
      name: "each access point is checked",
      doc: named("reports-ap", "Bad", "x"),
      errors: [
        { messageId: "uppercase", pointer: at(1), data: { name: "Bad" } },
        { messageId: "tooShort", pointer: at(2), data: { name: "x", length: 1 } },
      ],
    },
  ],
});
