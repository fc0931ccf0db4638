import type { JsonValue } from "../../../src/document/index.js";
import rule from "../../../rules/access-analyzer/no-new-access.js";
import type { LiveStateService } from "../../../src/engine/services.js";
import { answerCheck, defaultAnalysis, useAccessAnalyzer } from "../../helpers/analyzer.js";
import { ruleTester } from "../../helpers/rule-tester.js";

const analyzer = useAccessAnalyzer();
const MRAP = "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*";
const read = { Sid: "Read", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:role/orders-writer" }, Action: "s3:GetObject", Resource: MRAP };
const write = { ...read, Sid: "Write", Action: "s3:PutObject" };
const policy = (...statements: JsonValue[]) => ({ Version: "2012-10-17", Statement: statements });
const reference = (value: object, kind: "mrap-policy" | "bucket-policy" = "mrap-policy") => ({ file: "reference.json", kind, text: JSON.stringify(value) });

/** Live state that knows one MRAP with this Established policy. */
let established: string | undefined;
const live: LiveStateService = {
  getMultiRegionAccessPoint: async ({ name }) => ({ name, alias: "mfzwi23gnjvgw.mrap", status: "READY", regions: [{ bucket: "orders-use1" }] }),
  getMultiRegionAccessPointPolicy: async () => (established ? { established } : {}),
  getBucketRegion: async () => ({ region: "us-east-1" }),
  getBucketPolicy: async () => undefined,
};
const withEstablished = (value: object | undefined) => () => {
  defaultAnalysis(analyzer)();
  established = value ? JSON.stringify(value) : undefined;
};

ruleTester(rule, {
  network: () => ({ ...analyzer.services(), live }),
  valid: [
    { name: "the same access as the reference file", kind: "mrap-policy", setup: defaultAnalysis(analyzer), referencePolicy: reference(policy(read)), doc: policy(read) },
    { name: "less access than the reference file", kind: "mrap-policy", setup: defaultAnalysis(analyzer), referencePolicy: reference(policy(read, write)), doc: policy(read) },
    { name: "no reference: nothing to compare", kind: "mrap-policy", setup: defaultAnalysis(analyzer), doc: policy(read, write) },
    { name: "a reference of another kind does not apply", kind: "mrap-policy", setup: defaultAnalysis(analyzer), referencePolicy: reference(policy(), "bucket-policy"), doc: policy(read, write) },
    {
      name: "the live Established policy grants the same",
      kind: "manifest",
      live: true,
      setup: withEstablished(policy(read)),
      doc: { AccountId: "111122223333", MultiRegionAccessPoint: { Name: "orders-global", Regions: [{ Bucket: "orders-use1" }], Policy: policy(read) } },
    },
    {
      name: "an MRAP without a live policy has nothing to compare",
      kind: "manifest",
      live: true,
      setup: withEstablished(undefined),
      doc: { AccountId: "111122223333", MultiRegionAccessPoint: { Name: "orders-global", Regions: [{ Bucket: "orders-use1" }], Policy: policy(read, write) } },
    },
  ],
  invalid: [
    {
      name: "a result value this version does not know is a warning, not a pass",
      kind: "mrap-policy",
      setup: answerCheck(analyzer, "CheckNoNewAccess", "INCONCLUSIVE"),
      referencePolicy: reference(policy(read)),
      doc: policy(read, write),
      errors: [{ messageId: "unknownResult", pointer: "", severity: "warning", data: { result: "INCONCLUSIVE" } }],
    },
    {
      name: "a statement the reference file does not grant",
      kind: "mrap-policy",
      setup: defaultAnalysis(analyzer),
      referencePolicy: reference(policy(read)),
      doc: policy(read, write),
      errors: [{ messageId: "newAccess", pointer: "/Statement/1", data: { reference: "the reference policy reference.json" } }],
    },
    {
      name: "a single statement object",
      kind: "mrap-policy",
      setup: defaultAnalysis(analyzer),
      referencePolicy: reference(policy(read)),
      doc: { Version: "2012-10-17", Statement: write },
      errors: [{ messageId: "newAccess", pointer: "/Statement" }],
    },
    {
      name: "new access against the live Established policy, in an inline MRAP policy",
      kind: "manifest",
      live: true,
      setup: withEstablished(policy(read)),
      doc: { AccountId: "111122223333", MultiRegionAccessPoint: { Name: "orders-global", Regions: [{ Bucket: "orders-use1" }], Policy: policy(read, write) } },
      errors: [{ messageId: "newAccess", pointer: "/MultiRegionAccessPoint/Policy/Statement/1", data: { reference: "the live Established policy" } }],
    },
    {
      name: "new access against the live Established policy, in a referenced file",
      kind: "manifest",
      live: true,
      setup: withEstablished(policy(read)),
      doc: { AccountId: "111122223333", MultiRegionAccessPoint: { Name: "orders-global", Regions: [{ Bucket: "orders-use1" }], Policy: "./mrap-policy.json" } },
      files: { "mrap-policy.json": policy(write) },
      errors: [{ messageId: "newAccess", pointer: "/Statement/0", file: "mrap-policy.json" }],
    },
  ],
});
