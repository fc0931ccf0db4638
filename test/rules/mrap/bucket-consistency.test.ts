import rule from "../../../rules/mrap/bucket-consistency.js";
import type { JsonValue } from "../../../src/document/index.js";
import { manifest } from "../../helpers/manifests.js";
import { ruleTester } from "../../helpers/rule-tester.js";

type Obj = { [key: string]: JsonValue };

const OWNER = "111122223333";
const ALIAS = "mfzwi23gnjvgw.mrap";
const MRAP_ARN = `arn:aws:s3::${OWNER}:accesspoint/${ALIAS}`;
const ROLE = `arn:aws:iam::${OWNER}:role/orders-app`;
const BUCKETS: [string, string][] = [
  ["orders-use1", "us-east-1"],
  ["orders-euw1", "eu-west-1"],
  ["orders-apse2", "ap-southeast-2"],
];

const policy = (...Statement: Obj[]): Obj => ({ Version: "2012-10-17", Statement });
const mrapPolicy = policy(
  { Effect: "Allow", Principal: { AWS: ROLE }, Action: ["s3:GetObject", "s3:PutObject"], Resource: `${MRAP_ARN}/object/*` },
  { Effect: "Allow", Principal: { AWS: ROLE }, Action: "s3:ListBucket", Resource: MRAP_ARN },
);
const delegation = (bucket: string, extra: Obj = {}): Obj => ({
  Effect: "Allow",
  Principal: { AWS: "*" },
  Action: "*",
  Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
  Condition: { StringEquals: { "s3:DataAccessPointAccount": OWNER } },
  ...extra,
});
const delegate = (bucket: string, extra: Obj = {}): Obj => policy(delegation(bucket, extra));
const readOnly = (bucket: string): Obj =>
  policy(
    { Effect: "Allow", Principal: { AWS: ROLE }, Action: "s3:GetObject", Resource: `arn:aws:s3:::${bucket}/*` },
    { Effect: "Allow", Principal: { AWS: ROLE }, Action: "s3:ListBucket", Resource: `arn:aws:s3:::${bucket}` },
  );

/** A manifest with one Region per bucket policy given (undefined: the bucket has no policy). */
function setup(policies: (JsonValue | undefined)[], mrap: JsonValue = mrapPolicy): Obj {
  return manifest({
    Alias: ALIAS,
    Regions: policies.map((BucketPolicy, i): Obj => {
      const [Bucket, Region] = BUCKETS[i]!;
      return BucketPolicy === undefined ? { Bucket, Region } : { Bucket, Region, BucketPolicy };
    }),
    Policy: mrap,
  });
}

const at = (i: number) => `/MultiRegionAccessPoint/Regions/${i}/BucketPolicy`;

ruleTester(rule, {
  valid: [
    { name: "every bucket delegates to the MRAP", doc: setup([delegate("orders-use1"), delegate("orders-euw1"), delegate("orders-apse2")]) },
    {
      name: "buckets grant the same in different ways",
      doc: setup([
        delegate("orders-use1"),
        policy({ Effect: "Allow", Principal: { AWS: OWNER }, Action: ["s3:GetObject", "s3:PutObject", "s3:ListBucket"], Resource: ["arn:aws:s3:::orders-euw1", "arn:aws:s3:::orders-euw1/*"] }),
      ]),
    },
    { name: "buckets without a policy are unknown, not different", doc: setup([delegate("orders-use1"), undefined, delegate("orders-apse2")]) },
    { name: "only one bucket policy known", doc: setup([readOnly("orders-use1"), undefined, undefined]) },
    { name: "buckets that both grant less than the MRAP still agree", doc: setup([readOnly("orders-use1"), readOnly("orders-euw1")]) },
    { name: "no MRAP policy: nothing to compare", doc: manifest({ Regions: [{ Bucket: "orders-use1", BucketPolicy: readOnly("orders-use1") }, { Bucket: "orders-euw1", BucketPolicy: delegate("orders-euw1") }] }) },
  ],
  invalid: [
    {
      name: "one bucket grants only reads",
      doc: setup([delegate("orders-use1"), readOnly("orders-euw1")]),
      errors: [
        {
          messageId: "differentAccess",
          pointer: at(1),
          data: {
            bucket: "orders-euw1",
            region: "eu-west-1",
            count: 1,
            differences: `s3:PutObject for ${ROLE} is not allowed here but is allowed in orders-use1 (us-east-1)`,
          },
        },
      ],
    },
    {
      name: "an explicit Deny in one bucket",
      doc: setup([
        delegate("orders-use1"),
        policy(delegation("orders-euw1"), { Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: "arn:aws:s3:::orders-euw1/*" }),
        delegate("orders-apse2"),
      ]),
      errors: [{ messageId: "differentAccess", pointer: at(1), data: { differences: `s3:PutObject for ${ROLE} is not allowed here but is allowed in orders-use1 (us-east-1) and orders-apse2 (ap-southeast-2)` } }],
    },
    {
      name: "each bucket that grants less is reported once",
      doc: setup([delegate("orders-use1"), readOnly("orders-euw1"), policy()]),
      errors: [
        { messageId: "differentAccess", pointer: at(1), data: { count: 1 } },
        { messageId: "differentAccess", pointer: at(2), data: { count: 3 } },
      ],
    },
    {
      name: "a grant only under conditions differs from an unconditional one",
      doc: setup([delegate("orders-use1"), delegate("orders-euw1", { Condition: { StringEquals: { "s3:DataAccessPointAccount": OWNER }, IpAddress: { "aws:SourceIp": "10.0.0.0/8" } } })]),
      errors: [{ messageId: "differentAccess", pointer: at(1), data: { count: 3 } }],
    },
    {
      name: "a bucket policy file is reported in that file",
      doc: setup([delegate("orders-use1"), "./euw1.bucket.json"]),
      files: { "euw1.bucket.json": readOnly("orders-euw1") },
      errors: [{ messageId: "differentAccess", pointer: "", file: "euw1.bucket.json" }],
    },
  ],
});
