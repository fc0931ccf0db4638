import rule from "../../../rules/mrap/block-public-access.js";
import { ruleTester } from "../../helpers/rule-tester.js";
import { manifest } from "../../helpers/manifests.js";

const allTrue = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
const bpa = (settings: Record<string, boolean | string>) => manifest({ PublicAccessBlock: { ...allTrue, ...settings } });
const at = (setting: string) => `/MultiRegionAccessPoint/PublicAccessBlock/${setting}`;

ruleTester(rule, {
  valid: [
    { name: "all four settings true", doc: bpa({}) },
    { name: "PublicAccessBlock omitted (AWS default: all true)", doc: manifest() },
    { name: "partial block without a false setting", doc: manifest({ PublicAccessBlock: { BlockPublicAcls: true } }) },
    { name: "wrong-typed setting is left to valid-schema", doc: bpa({ BlockPublicPolicy: "false" }) },
    { name: "wrong-typed PublicAccessBlock is left to valid-schema", doc: manifest({ PublicAccessBlock: false }) },
    { name: "access points only", doc: { AccountId: "111122223333", AccessPoints: [{ Name: "reports-ap" }] } },
  ],
  invalid: [
    { name: "BlockPublicAcls false", doc: bpa({ BlockPublicAcls: false }), errors: [{ messageId: "settingDisabled", pointer: at("BlockPublicAcls"), data: { setting: "BlockPublicAcls" } }] },
    { name: "IgnorePublicAcls false", doc: bpa({ IgnorePublicAcls: false }), errors: [{ messageId: "settingDisabled", pointer: at("IgnorePublicAcls"), data: { setting: "IgnorePublicAcls" } }] },
    { name: "BlockPublicPolicy false", doc: bpa({ BlockPublicPolicy: false }), errors: [{ messageId: "settingDisabled", pointer: at("BlockPublicPolicy"), data: { setting: "BlockPublicPolicy" } }] },
    {
      name: "RestrictPublicBuckets false in a partial block",
      doc: manifest({ PublicAccessBlock: { RestrictPublicBuckets: false } }),
      errors: [{ messageId: "settingDisabled", pointer: at("RestrictPublicBuckets"), data: { setting: "RestrictPublicBuckets" } }],
    },
    {
      name: "all four false: one finding each",
      doc: bpa({ BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false }),
      errors: ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"].map((setting) => ({ messageId: "settingDisabled", pointer: at(setting), data: { setting } })),
    },
  ],
});
