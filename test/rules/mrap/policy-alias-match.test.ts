import rule from "../../../rules/mrap/policy-alias-match.js";
import { ruleTester } from "../../helpers/rule-tester.js";
import { manifest } from "../../helpers/manifests.js";
import type { JsonValue } from "../../../src/document/index.js";

const ALIAS = "mfzwi23gnjvgw.mrap";
const arn = (alias: string, tail = "") => `arn:aws:s3::111122223333:accesspoint/${alias}${tail}`;

/** A complete MRAP policy: one statement with these resources. */
const policy = (resource: JsonValue): JsonValue => ({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:role/reader" }, Action: ["s3:GetObject", "s3:ListBucket"], Resource: resource }],
});
const withAlias = (resource: JsonValue, Alias = ALIAS) => manifest({ Alias, Policy: policy(resource) });
const at = (i?: number) => `/MultiRegionAccessPoint/Policy/Statement/0/Resource${i === undefined ? "" : `/${i}`}`;

ruleTester(rule, {
  valid: [
    { name: "the manifest's alias in the bare and the object ARN", kind: "manifest", doc: withAlias([arn(ALIAS), arn(ALIAS, "/object/*")]) },
    { name: "a standalone policy: the alias is unknown", doc: policy(arn("zzzzzzzzzzzzz.mrap")) },
    { name: "manifest without Alias: nothing to compare", kind: "manifest", doc: manifest({ Policy: policy(arn("abcdef0123456.mrap")) }) },
    { name: "a malformed manifest Alias is mrap/alias-format's to report", kind: "manifest", doc: withAlias(arn("abcdef0123456.mrap"), "orders-global") },
    { name: "an alias pattern that covers the alias", kind: "manifest", doc: withAlias([arn("*"), arn("mfz*.mrap", "/object/*")]) },
    { name: "Resource * and non-MRAP ARNs are other rules' concern", kind: "manifest", doc: withAlias(["*", "arn:aws:s3:::orders-use1/*", "arn:aws:s3:us-east-1:111122223333:accesspoint/reports-ap"]) },
    { name: "the alias in another partition", kind: "manifest", doc: withAlias(`arn:aws-cn:s3::111122223333:accesspoint/${ALIAS}/object/*`) },
  ],
  invalid: [
    {
      name: "AWS docs placeholder zzzzzzzzzzzzz.mrap against the known alias",
      kind: "manifest",
      doc: withAlias(arn("zzzzzzzzzzzzz.mrap")),
      errors: [{ messageId: "aliasMismatch", pointer: at(), data: { found: "zzzzzzzzzzzzz.mrap", alias: ALIAS, suggestion: arn(ALIAS) } }],
    },
    {
      name: "AWS docs placeholder MultiRegionAccessPoint_alias against the known alias",
      kind: "manifest",
      doc: withAlias([arn("MultiRegionAccessPoint_alias"), arn("MultiRegionAccessPoint_alias", "/object/*")]),
      errors: [
        { messageId: "aliasMismatch", pointer: at(0), data: { found: "MultiRegionAccessPoint_alias", suggestion: arn(ALIAS) } },
        { messageId: "aliasMismatch", pointer: at(1), data: { found: "MultiRegionAccessPoint_alias", suggestion: arn(ALIAS, "/object/*") } },
      ],
    },
    {
      name: "the MRAP name instead of the alias",
      kind: "manifest",
      doc: withAlias([arn(ALIAS), arn("orders-global", "/object/*")]),
      errors: [{ messageId: "nameForAlias", pointer: at(1), data: { name: "orders-global", alias: ALIAS, suggestion: arn(ALIAS, "/object/*") } }],
    },
    {
      name: "a stale alias from before the MRAP was recreated, in a referenced policy file",
      kind: "manifest",
      doc: manifest({ Alias: ALIAS, Policy: "./orders-global.mrap.json" }),
      files: { "orders-global.mrap.json": policy(arn("abcdef0123456.mrap", "/object/*")) },
      errors: [{ messageId: "aliasMismatch", file: "orders-global.mrap.json", pointer: "/Statement/0/Resource", data: { found: "abcdef0123456.mrap", alias: ALIAS } }],
    },
    {
      name: "an alias pattern that does not cover the alias",
      kind: "manifest",
      doc: withAlias(arn("abc*.mrap", "/object/*")),
      errors: [{ messageId: "patternMismatch", pointer: at(), data: { found: "abc*.mrap", alias: ALIAS } }],
    },
    {
      name: "a policy given as a JSON string in the manifest (YAML: JSON escapes defeat the helper's underline check)",
      kind: "manifest",
      formats: ["yaml"],
      doc: manifest({ Alias: ALIAS, Policy: JSON.stringify(policy(arn("abcdef0123456.mrap"))) }),
      errors: [{ messageId: "aliasMismatch", pointer: "/MultiRegionAccessPoint/Policy", data: { found: "abcdef0123456.mrap" } }],
    },
  ],
});
