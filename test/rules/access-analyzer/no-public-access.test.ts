import type { JsonValue } from "../../../src/document/index.js";
import assert from "node:assert/strict";
import { it } from "node:test";
import rule from "../../../rules/access-analyzer/no-public-access.js";
import { answerCheck, defaultAnalysis, useAccessAnalyzer } from "../../helpers/analyzer.js";
import { ruleTester } from "../../helpers/rule-tester.js";

const analyzer = useAccessAnalyzer();
const policy = (...statements: JsonValue[]) => ({ Version: "2012-10-17", Statement: statements });
const publicRead = (Resource: string) => ({ Sid: "PublicRead", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource });
const BUCKET = "arn:aws:s3:::orders-use1/*";
const AP = "arn:aws:s3:us-west-2:111122223333:accesspoint/reports-ap/object/*";

ruleTester(rule, {
  network: analyzer.services,
  valid: [
    {
      name: "delegation to the MRAP owner's account",
      kind: "bucket-policy",
      setup: defaultAnalysis(analyzer),
      doc: policy({ ...publicRead(BUCKET), Condition: { StringEquals: { "s3:DataAccessPointAccount": "111122223333" } } }),
    },
    { name: "one account", kind: "access-point-policy", setup: defaultAnalysis(analyzer), doc: policy({ ...publicRead(AP), Principal: { AWS: "111122223333" } }) },
    {
      name: "an MRAP policy is not sent (the API does not accept MRAP)",
      kind: "manifest",
      setup: defaultAnalysis(analyzer),
      doc: { AccountId: "111122223333", MultiRegionAccessPoint: { Name: "orders-global", Regions: [{ Bucket: "orders-use1" }], Policy: policy(publicRead("arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*")) } },
    },
  ],
  invalid: [
    {
      name: "a result value this version does not know is a warning, not a pass",
      kind: "bucket-policy",
      setup: answerCheck(analyzer, "CheckNoPublicAccess", "INCONCLUSIVE"),
      doc: policy(publicRead(BUCKET)),
      errors: [{ messageId: "unknownResult", pointer: "", severity: "warning", data: { result: "INCONCLUSIVE" } }],
    },
    { name: "a public bucket policy", kind: "bucket-policy", setup: defaultAnalysis(analyzer), doc: policy(publicRead(BUCKET)), errors: [{ messageId: "public", pointer: "/Statement/0", data: { resource: "bucket" } }] },
    {
      name: "a public access point policy",
      kind: "access-point-policy",
      setup: defaultAnalysis(analyzer),
      doc: policy({ ...publicRead(AP), Principal: { AWS: "*" } }),
      errors: [{ messageId: "public", pointer: "/Statement/0", data: { resource: "access point" } }],
    },
  ],
});

it("checks bucket policies as AWS::S3::Bucket and sends nothing for MRAP policies", async () => {
  const { lintText } = await import("../../../src/index.js");
  const server = analyzer.server();
  server.reset();
  const config = { extends: [], rules: { "access-analyzer/no-public-access": "error" } };
  await lintText(JSON.stringify(policy(publicRead(BUCKET))), { filePath: "b.json", kind: "bucket-policy", config, services: analyzer.services() });
  await lintText(JSON.stringify(policy(publicRead("arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*"))), { filePath: "m.json", kind: "mrap-policy", config, services: analyzer.services() });
  assert.deepEqual(server.calls.map((c) => [c.operation, (c.body as { resourceType: string }).resourceType]), [["CheckNoPublicAccess", "AWS::S3::Bucket"]]);
});
