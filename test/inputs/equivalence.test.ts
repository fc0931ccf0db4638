/**
 * The same MRAP as a manifest and as a CloudFormation template finds the same problems (issue 14's "done when").
 * Each case is a manifest; `templateOf` writes the template a user would (buckets as AWS::S3::Bucket, the MRAP's
 * own alias in its policy as `${Mrap.Alias}`), and both are linted through the CLI. What a template cannot say
 * is mapped: a bucket's Region is `core/unresolved-value` there where the manifest has `mrap/region-unknown`.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { stringify as toYaml } from "yaml";
import type { LintMessage } from "../../src/engine/types.js";
import { runCli } from "../helpers/cli.js";
import { project } from "../helpers/project.js";

type Doc = Record<string, unknown>;

const ACCOUNT = "111122223333";
const ALIAS = "mfzwi23gnjvgw.mrap";
const ROLE = `arn:aws:iam::${ACCOUNT}:role/orders-app`;
const PAB = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

const delegation = (bucket: string, account = ACCOUNT) => ({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: ["s3:GetObject", "s3:PutObject", "s3:ListBucket"], Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`], Condition: { StringEquals: { "s3:DataAccessPointAccount": account } } }],
});
const mrapPolicy = (statement: Doc = {}) => ({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { AWS: ROLE }, Action: ["s3:GetObject"], Resource: `arn:aws:s3::${ACCOUNT}:accesspoint/${ALIAS}/object/*`, ...statement }],
});

function manifest(mrap: Doc = {}, extra: Doc = {}): Doc {
  return {
    AccountId: ACCOUNT,
    MultiRegionAccessPoint: {
      Name: "orders-global",
      Alias: ALIAS,
      PublicAccessBlock: PAB,
      Regions: [
        { Bucket: "orders-use1", BucketPolicy: delegation("orders-use1") },
        { Bucket: "orders-euw1", BucketPolicy: delegation("orders-euw1") },
      ],
      Policy: mrapPolicy(),
      ...mrap,
    },
    ...extra,
  };
}

/** The manifest's ARNs of this MRAP's alias, written as the template writes them: `${Mrap.Alias}` in an Fn::Sub. */
function withAliasRef(value: unknown): unknown {
  if (typeof value === "string") return value.includes(ALIAS) ? { "Fn::Sub": value.split(ALIAS).join("${Mrap.Alias}") } : value;
  if (Array.isArray(value)) return value.map(withAliasRef);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withAliasRef(v)]));
  return value;
}

function templateOf(m: Doc): Doc {
  const mrap = m["MultiRegionAccessPoint"] as Doc;
  const resources: Doc = {};
  const regions = (mrap["Regions"] as Doc[]).map((region, i) => {
    resources[`Bucket${i}`] = { Type: "AWS::S3::Bucket", Properties: { BucketName: region["Bucket"] } };
    if (region["BucketPolicy"]) resources[`BucketPolicy${i}`] = { Type: "AWS::S3::BucketPolicy", Properties: { Bucket: { Ref: `Bucket${i}` }, PolicyDocument: region["BucketPolicy"] } };
    return { Bucket: { Ref: `Bucket${i}` }, ...(region["BucketAccountId"] ? { BucketAccountId: region["BucketAccountId"] } : {}) };
  });
  resources["Mrap"] = { Type: "AWS::S3::MultiRegionAccessPoint", Properties: { Name: mrap["Name"], ...(mrap["PublicAccessBlock"] ? { PublicAccessBlockConfiguration: mrap["PublicAccessBlock"] } : {}), Regions: regions } };
  if (mrap["Policy"]) resources["MrapPolicy"] = { Type: "AWS::S3::MultiRegionAccessPointPolicy", Properties: { MrapName: { Ref: "Mrap" }, Policy: withAliasRef(mrap["Policy"]) } };
  for (const [i, ap] of ((m["AccessPoints"] as Doc[] | undefined) ?? []).entries()) {
    const bucket = (mrap["Regions"] as Doc[]).findIndex((r) => r["Bucket"] === ap["Bucket"]);
    resources[`AccessPoint${i}`] = { Type: "AWS::S3::AccessPoint", Properties: { Name: ap["Name"], Bucket: bucket >= 0 ? { Ref: `Bucket${bucket}` } : ap["Bucket"], ...(ap["Policy"] ? { Policy: ap["Policy"] } : {}) } };
  }
  return { AWSTemplateFormatVersion: "2010-09-09", Resources: resources };
}

/** Rule and message ids, as a sorted list; the manifest's `region-unknown` is what a template reports as unresolved. */
const ids = (messages: readonly LintMessage[], template: boolean) =>
  messages.map((m) => `${m.ruleId}/${m.messageId}`).map((id) => (!template && id === "mrap/region-unknown/regionUnknown" ? "core/unresolved-value/unresolved" : id)).sort();

/** The owner is the account in the MRAP policy's ARN of this MRAP; a policy that names none leaves it unresolved. */
const OWNER_UNKNOWN = "core/unresolved-value/unresolved";

const CASES: Record<string, Doc | { doc: Doc; templateAlso: string[] }> = {
  "a clean MRAP": manifest(),
  "an uppercase name": manifest({ Name: "Orders-Global" }),
  "Block Public Access turned off": manifest({ PublicAccessBlock: { ...PAB, BlockPublicPolicy: false } }),
  "an invalid bucket name": manifest({ Regions: [{ Bucket: "orders_use1", BucketPolicy: delegation("orders_use1") }, { Bucket: "orders-euw1", BucketPolicy: delegation("orders-euw1") }] }),
  "a bucket policy that does not delegate to the MRAP": manifest({ Regions: [{ Bucket: "orders-use1", BucketPolicy: delegation("orders-use1", "444455556666") }, { Bucket: "orders-euw1", BucketPolicy: delegation("orders-euw1") }] }),
  "an MRAP policy with an unknown action": manifest({ Policy: mrapPolicy({ Action: ["s3:GetObjekt"] }) }),
  "an MRAP policy open to anyone": manifest({ Policy: mrapPolicy({ Principal: "*" }) }),
  "an MRAP policy naming another MRAP's alias": { doc: manifest({ Policy: mrapPolicy({ Resource: `arn:aws:s3::${ACCOUNT}:accesspoint/abcdefghijklm.mrap/object/*` }) }), templateAlso: [OWNER_UNKNOWN] },
  "an MRAP policy with a bucket ARN": { doc: manifest({ Policy: mrapPolicy({ Resource: "arn:aws:s3:::orders-use1/*" }) }), templateAlso: [OWNER_UNKNOWN] },
  "an access point policy for another access point": manifest(
    {},
    { AccessPoints: [{ Name: "reports-ap", Bucket: "orders-use1", Policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: ROLE }, Action: "s3:GetObject", Resource: `arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/other-ap/object/*` }] } }] },
  ),
};

describe("a manifest and the equivalent CloudFormation template find the same problems", () => {
  for (const format of ["json", "yaml"] as const) {
    for (const [name, given] of Object.entries(CASES)) {
      const { doc: m, templateAlso } = "doc" in given ? (given as { doc: Doc; templateAlso: string[] }) : { doc: given, templateAlso: [] };
      it(`${format}: ${name}`, async () => {
        const text = (doc: Doc) => (format === "json" ? JSON.stringify(doc, null, 2) : toYaml(doc));
        const files = { [`m.mrap.${format}`]: text(m), [`t.template.${format}`]: text(templateOf(m)) };
        const cwd = await project(files);
        const run = await runCli(["lint", "--format", "json", ...Object.keys(files)], { cwd, env: {} });
        assert.equal(run.stderr, "");
        const results = new Map((JSON.parse(run.stdout) as { filePath: string; messages: LintMessage[] }[]).map((r) => [r.filePath, r.messages]));
        assert.deepEqual(ids(results.get(`t.template.${format}`)!, true), [...ids(results.get(`m.mrap.${format}`)!, false), ...templateAlso].sort());
        // Not trivially equal: every case but the clean one finds something.
        if (name !== "a clean MRAP") assert.ok(results.get(`m.mrap.${format}`)!.some((f) => f.severity === "error"), "the manifest has an error");
      });
    }
  }
});
