import rule from "../../../rules/mrap/route-dial.js";
import { ruleTester } from "../../helpers/rule-tester.js";
import { manifest } from "../../helpers/manifests.js";

const dials = (...values: (number | string)[]) =>
  manifest({ Routes: values.map((TrafficDialPercentage, i) => ({ Region: i === 0 ? "us-east-1" : "eu-west-1", TrafficDialPercentage })) });
const at = (index: number) => `/MultiRegionAccessPoint/Routes/${index}/TrafficDialPercentage`;

ruleTester(rule, {
  valid: [
    { name: "active and passive", doc: dials(100, 0) },
    { name: "both active", doc: dials(100, 100) },
    { name: "no Routes", doc: manifest() },
    { name: "non-integer dial is left to valid-schema", doc: dials(100, 50.5) },
    { name: "string dial is left to valid-schema", doc: dials(100, "0") },
  ],
  invalid: [
    { name: "50 percent", doc: dials(100, 50), errors: [{ messageId: "undocumentedDial", pointer: at(1), data: { value: 50 } }] },
    { name: "1 percent", doc: dials(1, 0), errors: [{ messageId: "undocumentedDial", pointer: at(0), data: { value: 1 } }] },
    {
      name: "99 and 10: one finding each",
      doc: dials(99, 10),
      errors: [
        { messageId: "undocumentedDial", pointer: at(0), data: { value: 99 } },
        { messageId: "undocumentedDial", pointer: at(1), data: { value: 10 } },
      ],
    },
    { name: "above 100", doc: dials(150, 0), errors: [{ messageId: "outOfRange", pointer: at(0), data: { value: 150 } }] },
    { name: "negative", doc: dials(100, -1), errors: [{ messageId: "outOfRange", pointer: at(1), data: { value: -1 } }] },
  ],
});
