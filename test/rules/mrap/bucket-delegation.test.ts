import rule from "../../../rules/mrap/bucket-delegation.js";
import type { JsonValue } from "../../../src/document/index.js";
import { manifest } from "../../helpers/manifests.js";
import { ruleTester } from "../../helpers/rule-tester.js";

type Obj = { [key: string]: JsonValue };

const OWNER = "111122223333";
const OTHER = "444455556666";
const ALIAS = "mfzwi23gnjvgw.mrap";
const MRAP_ARN = `arn:aws:s3::${OWNER}:accesspoint/${ALIAS}`;
const ROLE = `arn:aws:iam::${OWNER}:role/orders-app`;
const OTHER_ROLE = `arn:aws:iam::${OTHER}:role/reporting`;

const policy = (...Statement: Obj[]): Obj => ({ Version: "2012-10-17", Statement });
const bucketArns = (bucket: string) => [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`];

/** The MRAP policy: GetObject for the role (and whatever else is passed). */
const mrapGrant = (extra: Obj = {}): Obj => ({ Sid: "ReadOrders", Effect: "Allow", Principal: { AWS: ROLE }, Action: "s3:GetObject", Resource: `${MRAP_ARN}/object/*`, ...extra });

const byAccount = (bucket: string, account = OWNER): Obj => ({
  Sid: "DelegateToMrap",
  Effect: "Allow",
  Principal: { AWS: "*" },
  Action: "*",
  Resource: bucketArns(bucket),
  Condition: { StringEquals: { "s3:DataAccessPointAccount": account } },
});
const byArn = (bucket: string, arn = MRAP_ARN, operator = "StringEquals"): Obj => ({
  Sid: "DelegateToMrap",
  Effect: "Allow",
  Principal: { AWS: "*" },
  Action: "*",
  Resource: bucketArns(bucket),
  Condition: { [operator]: { "s3:DataAccessPointArn": arn } },
});

interface Setup {
  mrap?: Obj[];
  use1?: JsonValue;
  euw1?: JsonValue;
  euw1Account?: string;
  alias?: string | undefined;
}

/** A two-Region manifest (orders-use1 in us-east-1, orders-euw1 in eu-west-1) with inline policies. */
function setup({ mrap = [mrapGrant()], use1 = policy(byAccount("orders-use1")), euw1 = policy(byAccount("orders-euw1")), euw1Account, alias = ALIAS }: Setup = {}): Obj {
  const region = (Bucket: string, Region: string, BucketPolicy: JsonValue | undefined, BucketAccountId?: string): Obj => {
    const entry: Obj = { Bucket, Region };
    if (BucketAccountId !== undefined) entry["BucketAccountId"] = BucketAccountId;
    if (BucketPolicy !== undefined) entry["BucketPolicy"] = BucketPolicy;
    return entry;
  };
  return manifest({
    Alias: alias,
    Regions: [region("orders-use1", "us-east-1", use1), region("orders-euw1", "eu-west-1", euw1, euw1Account)],
    Policy: policy(...mrap),
  });
}

const EUW1 = "/MultiRegionAccessPoint/Regions/1/BucketPolicy";

ruleTester(rule, {
  valid: [
    { name: "both buckets delegate by s3:DataAccessPointAccount", doc: setup() },
    { name: "both buckets delegate by s3:DataAccessPointArn", doc: setup({ use1: policy(byArn("orders-use1")), euw1: policy(byArn("orders-euw1")) }) },
    {
      name: "both buckets repeat the grant explicitly",
      doc: setup({
        use1: policy({ Effect: "Allow", Principal: { AWS: ROLE }, Action: "s3:GetObject", Resource: "arn:aws:s3:::orders-use1/*" }),
        euw1: policy({ Effect: "Allow", Principal: { AWS: OWNER }, Action: "s3:Get*", Resource: "arn:aws:s3:::orders-euw1/*" }),
      }),
    },
    { name: "a bucket without a policy is unknown and skipped", doc: setup({ euw1: undefined }) },
    { name: "no MRAP policy: nothing to compare", doc: manifest({ Regions: [{ Bucket: "orders-use1", Region: "us-east-1", BucketPolicy: policy() }] }) },
    {
      name: "alias unknown: an ARN delegation with a wildcard for the owner's aliases counts",
      doc: setup({
        alias: undefined,
        use1: policy(byArn("orders-use1", `arn:aws:s3::${OWNER}:accesspoint/*`, "ArnLike")),
        euw1: policy(byArn("orders-euw1", MRAP_ARN)),
      }),
    },
    {
      name: "a cross-account bucket that delegates to the MRAP owner",
      doc: setup({ euw1Account: OTHER, euw1: policy(byAccount("orders-euw1", OWNER)) }),
    },
    {
      name: "a bucket condition the MRAP statement also requires",
      doc: setup({
        mrap: [mrapGrant({ Condition: { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } } })],
        euw1: policy({ ...byAccount("orders-euw1"), Condition: { StringEquals: { "s3:DataAccessPointAccount": OWNER }, IpAddress: { "aws:SourceIp": "203.0.113.0/24" } } }),
      }),
    },
    {
      name: "a Deny of insecure transport never hits MRAP requests",
      doc: setup({
        euw1: policy(byAccount("orders-euw1"), { Sid: "TlsOnly", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: bucketArns("orders-euw1"), Condition: { Bool: { "aws:SecureTransport": "false" } } }),
      }),
    },
    {
      name: "a bucket policy file that delegates",
      doc: setup({ euw1: "./euw1.bucket.json" }),
      files: { "euw1.bucket.json": policy(byAccount("orders-euw1")) },
    },
    {
      name: "a grant the MRAP policy itself denies is not checked",
      doc: setup({ mrap: [mrapGrant(), { Effect: "Deny", Principal: "*", Action: "s3:GetObject", Resource: `${MRAP_ARN}/object/*` }], euw1: policy() }),
    },
  ],
  invalid: [
    {
      name: "cross-account bucket grants only ListBucket",
      doc: setup({
        euw1Account: OTHER,
        euw1: policy({ Sid: "ListOnly", Effect: "Allow", Principal: { AWS: ROLE }, Action: "s3:ListBucket", Resource: "arn:aws:s3:::orders-euw1" }),
      }),
      errors: [
        {
          messageId: "notGranted",
          pointer: `${EUW1}/Statement/0`,
          severity: "error",
          data: { actions: "s3:GetObject", principal: ROLE, bucket: "orders-euw1", region: "eu-west-1", place: "orders-euw1 (eu-west-1)", routed: "eu-west-1" },
        },
      ],
    },
    {
      name: "same-account bucket grants only ListBucket: a warning, the docs disagree",
      doc: setup({ euw1: policy({ Effect: "Allow", Principal: { AWS: ROLE }, Action: "s3:ListBucket", Resource: "arn:aws:s3:::orders-euw1" }) }),
      errors: [{ messageId: "notGrantedSameAccount", pointer: `${EUW1}/Statement/0`, severity: "warning", data: { owner: OWNER, routed: "eu-west-1" } }],
    },
    {
      name: "a principal of another account is cross-account even in the owner's bucket",
      doc: setup({ mrap: [mrapGrant({ Principal: { AWS: OTHER_ROLE } })], use1: policy(byAccount("orders-use1")), euw1: policy() }),
      errors: [{ messageId: "notGranted", pointer: EUW1, severity: "error", data: { principal: OTHER_ROLE } }],
    },
    {
      name: "cross-account bucket delegates to its own account instead of the MRAP owner",
      doc: setup({ euw1Account: OTHER, euw1: policy(byAccount("orders-euw1", OTHER)) }),
      errors: [{ messageId: "notGranted", pointer: `${EUW1}/Statement/0`, data: { owner: OWNER, mrapArn: MRAP_ARN } }],
    },
    {
      name: "explicit Deny in one bucket",
      doc: setup({
        euw1: policy(byAccount("orders-euw1"), { Sid: "NoReads", Effect: "Deny", Principal: { AWS: ROLE }, Action: "s3:GetObject", Resource: "arn:aws:s3:::orders-euw1/*" }),
      }),
      errors: [{ messageId: "denied", pointer: `${EUW1}/Statement/1`, severity: "error", data: { statement: 'statement "NoReads"' } }],
    },
    {
      name: "a grant only under a condition mrap-guard cannot evaluate",
      doc: setup({
        euw1: policy({ ...byAccount("orders-euw1"), Condition: { StringEquals: { "s3:DataAccessPointAccount": OWNER, "aws:SourceVpce": "vpce-1a2b3c4d" } } }),
      }),
      errors: [{ messageId: "grantConditional", pointer: `${EUW1}/Statement/0`, severity: "warning" }],
    },
    {
      name: "a Deny under a condition mrap-guard cannot evaluate",
      doc: setup({
        euw1: policy(byAccount("orders-euw1"), { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: bucketArns("orders-euw1"), Condition: { StringNotEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" } } }),
      }),
      errors: [{ messageId: "mayBeDenied", pointer: `${EUW1}/Statement/1`, severity: "warning", data: { statement: "the statement at /Statement/1", actions: "s3:GetObject" } }],
    },
    {
      name: "several actions for one principal make one finding",
      doc: setup({
        mrap: [mrapGrant({ Action: ["s3:GetObject", "s3:PutObject"] }), { Effect: "Allow", Principal: { AWS: ROLE }, Action: "s3:ListBucket", Resource: MRAP_ARN }],
        euw1Account: OTHER,
        euw1: policy(),
      }),
      errors: [{ messageId: "notGranted", pointer: EUW1, data: { actions: "s3:GetObject, s3:PutObject and s3:ListBucket" } }],
    },
    {
      name: "a bucket policy file is reported in that file",
      doc: setup({ euw1Account: OTHER, euw1: "./euw1.bucket.json" }),
      files: { "euw1.bucket.json": policy(byAccount("orders-euw1", OTHER)) },
      errors: [{ messageId: "notGranted", pointer: "/Statement/0", file: "euw1.bucket.json" }],
    },
    {
      name: "a key-limited MRAP grant is named with its key",
      doc: setup({ mrap: [mrapGrant({ Resource: `${MRAP_ARN}/object/reports/*` })], euw1Account: OTHER, euw1: policy() }),
      errors: [{ messageId: "notGranted", pointer: EUW1, data: { actions: 's3:GetObject on "reports/*"' } }],
    },
  ],
});
