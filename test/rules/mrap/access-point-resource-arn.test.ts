import rule from "../../../rules/mrap/access-point-resource-arn.js";
import { ruleTester } from "../../helpers/rule-tester.js";
import { manifest } from "../../helpers/manifests.js";
import type { JsonValue } from "../../../src/document/index.js";

const AP = "arn:aws:s3:us-west-2:111122223333:accesspoint/reports-ap";

/** A complete access point policy: one statement with these resources. */
const policy = (resource: JsonValue): JsonValue => ({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:role/reports" }, Action: ["s3:GetObject", "s3:ListBucket"], Resource: resource }],
});
/** A manifest with one access point entry holding `Policy`. */
const withAccessPoint = (Policy: JsonValue, entry: Record<string, JsonValue | undefined> = {}) => {
  const fields = Object.entries({ Name: "reports-ap", Region: "us-west-2", Bucket: "orders-usw2", Policy, ...entry }).filter(([, v]) => v !== undefined);
  return manifest({}, { AccessPoints: [Object.fromEntries(fields) as Record<string, JsonValue>] });
};
const at = (i?: number) => `/Statement/0/Resource${i === undefined ? "" : `/${i}`}`;
const inManifest = (i?: number) => `/AccessPoints/0/Policy${at(i)}`;

ruleTester(rule, {
  valid: [
    { name: "bare and object ARNs", doc: policy([AP, `${AP}/object/*`]) },
    { name: "Resource * alone, and a resource pattern that covers access point ARNs", doc: policy(["*", "arn:aws:s3:us-west-2:111122223333:*"]) },
    { name: "aws-cn partition and a policy variable in the key", doc: policy(["arn:aws-cn:s3:cn-north-1:111122223333:accesspoint/reports-ap", `${AP}/object/home/\${aws:username}/*`]) },
    { name: "manifest: ARNs that match the entry", kind: "manifest", doc: withAccessPoint(policy([AP, `${AP}/object/*`])) },
    {
      name: "manifest: the entry's own AccountId wins over the manifest's",
      kind: "manifest",
      doc: withAccessPoint(policy("arn:aws:s3:us-west-2:444455556666:accesspoint/reports-ap/object/*"), { AccountId: "444455556666" }),
    },
    { name: "manifest: patterns that cover the entry", kind: "manifest", doc: withAccessPoint(policy("arn:aws:s3:us-*:111122223333:accesspoint/reports-*/object/*")) },
    { name: "manifest: an entry without Region leaves the Region unchecked", kind: "manifest", doc: withAccessPoint(policy(`arn:aws:s3:eu-west-1:111122223333:accesspoint/reports-ap`), { Region: undefined }) },
  ],
  invalid: [
    {
      name: "an MRAP ARN (no Region) is the wrong kind",
      doc: policy(["arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap", "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*"]),
      errors: [
        { messageId: "mrapArn", pointer: at(0), data: { suggestion: "arn:aws:s3:REGION:111122223333:accesspoint/NAME" } },
        { messageId: "mrapArn", pointer: at(1), data: { suggestion: "arn:aws:s3:REGION:111122223333:accesspoint/NAME/object/*" } },
      ],
    },
    {
      name: "manifest: an MRAP-style ARN (no Region) for the entry gets the entry's Region in the fix",
      kind: "manifest",
      doc: withAccessPoint(policy("arn:aws:s3::111122223333:accesspoint/reports-ap/object/*")),
      errors: [{ messageId: "mrapArn", pointer: inManifest(), data: { suggestion: `${AP}/object/*` } }],
    },
    {
      name: "a bucket ARN is the wrong kind",
      doc: policy("arn:aws:s3:::orders-usw2/*"),
      errors: [{ messageId: "bucketArn", pointer: at(), data: { bucket: "orders-usw2" } }],
    },
    {
      name: "manifest: another Region than the entry's",
      kind: "manifest",
      doc: withAccessPoint(policy([`arn:aws:s3:us-east-1:111122223333:accesspoint/reports-ap/object/*`])),
      errors: [
        {
          messageId: "wrongRegion",
          pointer: inManifest(0),
          data: { region: "us-east-1", expectedRegion: "us-west-2", suggestion: `${AP}/object/*` },
        },
      ],
    },
    {
      name: "manifest: another account than the owner",
      kind: "manifest",
      doc: withAccessPoint(policy("arn:aws:s3:us-west-2:444455556666:accesspoint/reports-ap")),
      errors: [{ messageId: "wrongAccount", pointer: inManifest(), data: { account: "444455556666", expectedAccount: "111122223333", suggestion: AP } }],
    },
    {
      name: "manifest with a referenced policy file: another access point's name",
      kind: "manifest",
      doc: withAccessPoint("./reports-ap.json"),
      files: { "reports-ap.json": policy([AP, "arn:aws:s3:us-west-2:111122223333:accesspoint/billing-ap/object/*"]) },
      errors: [{ messageId: "wrongName", file: "reports-ap.json", pointer: at(1), data: { name: "billing-ap", expected: "reports-ap", suggestion: `${AP}/object/*` } }],
    },
    {
      name: "the // form instead of /object/",
      doc: policy([AP, `${AP}//report.csv`]),
      errors: [{ messageId: "doubleSlash", pointer: at(1), data: { suggestion: `${AP}/object/report.csv` } }],
    },
    {
      name: "a bucket-style key path",
      doc: policy(`${AP}/reports/*`),
      errors: [{ messageId: "objectPath", pointer: at(), data: { tail: "/reports/*", suggestion: `${AP}/object/reports/*` } }],
    },
    {
      name: "an access point name AWS would reject (an MRAP alias)",
      doc: policy("arn:aws:s3:us-west-2:111122223333:accesspoint/mfzwi23gnjvgw.mrap"),
      errors: [{ messageId: "malformedName", pointer: at(), data: { name: "mfzwi23gnjvgw.mrap" } }],
    },
    {
      name: "a malformed account",
      doc: policy("arn:aws:s3:us-west-2:1111-2222-3333:accesspoint/reports-ap"),
      errors: [{ messageId: "badAccount", pointer: at(), data: { account: "1111-2222-3333" } }],
    },
    {
      name: "not an ARN",
      doc: policy("reports-ap/object/*"),
      errors: [{ messageId: "notArn", pointer: at() }],
    },
    {
      name: "an ARN of another service",
      doc: policy("arn:aws:s3-object-lambda:us-west-2:111122223333:accesspoint/reports-olap"),
      errors: [{ messageId: "notS3", pointer: at(), data: { service: "s3-object-lambda" } }],
    },
    {
      name: "another kind of S3 ARN",
      doc: policy("arn:aws:s3:us-west-2:111122223333:job/abc"),
      errors: [{ messageId: "notAccessPointResource", pointer: at(), data: { type: "job" } }],
    },
  ],
});
