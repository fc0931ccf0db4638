import type { JsonValue } from "../../../src/document/index.js";
import assert from "node:assert/strict";
import { it } from "node:test";
import rule from "../../../rules/access-analyzer/access-not-granted.js";
import { answerCheck, defaultAnalysis, useAccessAnalyzer } from "../../helpers/analyzer.js";
import { ruleTester } from "../../helpers/rule-tester.js";

const analyzer = useAccessAnalyzer();
const MRAP = "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*";
const principal = { AWS: "arn:aws:iam::111122223333:role/orders" };
const allow = (Action: string | string[], Resource: string | string[] = MRAP) => ({ Effect: "Allow", Principal: principal, Action, Resource });
const policy = (...statements: JsonValue[]) => ({ Version: "2012-10-17", Statement: statements });
const sensitive = { sensitiveActions: ["s3:DeleteObject", "s3:PutBucketPolicy"] };

ruleTester(rule, {
  network: analyzer.services,
  valid: [
    { name: "no sensitive action is granted", kind: "mrap-policy", setup: defaultAnalysis(analyzer), accessAnalyzer: sensitive, doc: policy(allow(["s3:GetObject", "s3:ListBucket"])) },
    { name: "a Deny of a sensitive action", kind: "mrap-policy", setup: defaultAnalysis(analyzer), accessAnalyzer: sensitive, doc: policy(allow("s3:GetObject"), { ...allow("s3:DeleteObject"), Effect: "Deny" }) },
    { name: "nothing configured: no call", kind: "mrap-policy", setup: defaultAnalysis(analyzer), doc: policy(allow("s3:*")) },
  ],
  invalid: [
    {
      name: "a result value this version does not know is a warning, not a pass",
      kind: "mrap-policy",
      setup: answerCheck(analyzer, "CheckAccessNotGranted", "INCONCLUSIVE"),
      accessAnalyzer: sensitive,
      doc: policy(allow("s3:GetObject")),
      errors: [{ messageId: "unknownResult", pointer: "", severity: "warning", data: { result: "INCONCLUSIVE" } }],
    },
    {
      name: "a sensitive action granted",
      kind: "mrap-policy",
      setup: defaultAnalysis(analyzer),
      accessAnalyzer: sensitive,
      doc: policy(allow("s3:GetObject"), allow(["s3:GetObject", "s3:DeleteObject"])),
      errors: [{ messageId: "granted", pointer: "/Statement/1", data: { what: "s3:DeleteObject, s3:PutBucketPolicy" } }],
    },
    {
      name: "a wildcard that covers a sensitive action",
      kind: "bucket-policy",
      setup: defaultAnalysis(analyzer),
      accessAnalyzer: sensitive,
      doc: policy(allow("s3:Delete*", "arn:aws:s3:::orders-use1/*")),
      errors: [{ messageId: "granted", pointer: "/Statement/0" }],
    },
    {
      name: "a sensitive resource",
      kind: "bucket-policy",
      setup: defaultAnalysis(analyzer),
      accessAnalyzer: { sensitiveResources: ["arn:aws:s3:::orders-use1/secrets/*"] },
      doc: policy(allow("s3:GetObject", "arn:aws:s3:::orders-use1/secrets/*")),
      errors: [{ messageId: "granted", pointer: "/Statement/0", data: { what: "access to arn:aws:s3:::orders-use1/secrets/*" } }],
    },
  ],
});

it("sends one access entry with the configured actions and resources", async () => {
  const { lintText } = await import("../../../src/index.js");
  analyzer.server().reset();
  await lintText(JSON.stringify(policy(allow("s3:GetObject"))), {
    filePath: "p.json",
    kind: "mrap-policy",
    config: { extends: [], rules: { "access-analyzer/access-not-granted": "error" }, accessAnalyzer: { ...sensitive, sensitiveResources: [MRAP] } },
    services: analyzer.services(),
  });
  const calls = analyzer.server().calls.filter((c) => c.operation === "CheckAccessNotGranted");
  assert.equal(calls.length, 1);
  assert.deepEqual((calls[0]!.body as { access: unknown }).access, [{ actions: sensitive.sensitiveActions, resources: [MRAP] }]);
  assert.equal((calls[0]!.body as { policyType: string }).policyType, "RESOURCE_POLICY");
});
