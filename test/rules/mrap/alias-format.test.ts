import rule from "../../../rules/mrap/alias-format.js";
import { ruleTester } from "../../helpers/rule-tester.js";
import { manifest } from "../../helpers/manifests.js";

const alias = (Alias: string) => manifest({ Alias });
const at = "/MultiRegionAccessPoint/Alias";

ruleTester(rule, {
  valid: [
    { name: "the documented example alias", doc: alias("mfzwi23gnjvgw.mrap") },
    { name: "one letter before the suffix", doc: alias("a.mrap") },
    { name: "63 characters", doc: alias("a".repeat(58) + ".mrap") },
    { name: "no alias yet", doc: manifest() },
    { name: "alias of the wrong type is left to valid-schema", doc: manifest({ Alias: 7 }) },
  ],
  invalid: [
    { name: "the name as alias", doc: alias("orders-global"), errors: [{ messageId: "nameAsAlias", pointer: at, data: { name: "orders-global" }, severity: "error" }] },
    { name: "the name plus .mrap", doc: alias("orders-global.mrap"), errors: [{ messageId: "nameAsAlias", pointer: at }] },
    {
      name: "a well-formed name plus .mrap",
      doc: manifest({ Name: "ordersglobal", Alias: "ordersglobal.mrap" }),
      errors: [{ messageId: "nameAsAlias", pointer: at, data: { name: "ordersglobal" }, severity: "warning" }],
    },
    {
      name: "an MRAP ARN",
      doc: alias("arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap"),
      errors: [{ messageId: "arn", pointer: at, data: { suggestion: "mfzwi23gnjvgw.mrap" } }],
    },
    {
      name: "the hostname",
      doc: alias("mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com"),
      errors: [{ messageId: "hostname", pointer: at, data: { suggestion: "mfzwi23gnjvgw.mrap" } }],
    },
    { name: "64 characters", doc: alias("a".repeat(59) + ".mrap"), errors: [{ messageId: "tooLong", pointer: at, data: { length: 64 } }] },
    { name: "uppercase", doc: alias("Mfzwi23gnjvgw.mrap"), errors: [{ messageId: "uppercase", pointer: at }] },
    { name: "uppercase suffix", doc: alias("mfzwi23gnjvgw.MRAP"), errors: [{ messageId: "uppercase", pointer: at }] },
    { name: "no .mrap suffix", doc: alias("mfzwi23gnjvgw"), errors: [{ messageId: "missingSuffix", pointer: at }] },
    { name: "begins with a digit", doc: alias("1fzwi23gnjvgw.mrap"), errors: [{ messageId: "badStart", pointer: at }] },
    { name: "only the suffix", doc: alias(".mrap"), errors: [{ messageId: "badStart", pointer: at }] },
    { name: "a hyphen", doc: alias("mfzwi-23gnjvgw.mrap"), errors: [{ messageId: "invalidCharacter", pointer: at, data: { character: "-" } }] },
    { name: "a period", doc: alias("mfzwi.23gnjvgw.mrap"), errors: [{ messageId: "invalidCharacter", pointer: at, data: { character: "." } }] },
  ],
});
