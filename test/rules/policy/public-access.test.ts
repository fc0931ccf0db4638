import rule from "../../../rules/policy/public-access.js";
import { ruleTester } from "../../helpers/rule-tester.js";
import { manifest } from "../../helpers/manifests.js";
import type { JsonValue } from "../../../src/document/index.js";

type Statement = { [key: string]: JsonValue | undefined };

const strip = (s: Statement) => Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as { [key: string]: JsonValue };
const bucketStatement: Statement = {
  Sid: "Read",
  Effect: "Allow",
  Principal: "*",
  Action: "s3:GetObject",
  Resource: "arn:aws:s3:::orders-use1/*",
};
/** A bucket policy with the given statements (each overrides the base statement; undefined removes a field). */
const bucketPolicy = (...statements: Statement[]) => ({ Version: "2012-10-17", Statement: statements.map((s) => strip({ ...bucketStatement, ...s })) });
const apStatement: Statement = { ...bucketStatement, Resource: "arn:aws:s3:us-west-2:111122223333:accesspoint/reports-ap/object/*" };
const apPolicy = (...statements: Statement[]) => ({ Version: "2012-10-17", Statement: statements.map((s) => strip({ ...apStatement, ...s })) });

const S0 = "/Statement/0";

ruleTester(rule, {
  valid: [
    {
      name: "delegation by account: Principal * + fixed s3:DataAccessPointAccount (the checkov/policyuniverse false positive)",
      kind: "bucket-policy",
      doc: bucketPolicy({
        Sid: undefined,
        Principal: { AWS: "*" },
        Action: ["s3:*"],
        Resource: ["arn:aws:s3:::orders-use1", "arn:aws:s3:::orders-use1/*"],
        Condition: { StringEquals: { "s3:DataAccessPointAccount": "444455556666" } },
      }),
    },
    {
      name: "delegation by MRAP ARN (§4.2 Example 1)",
      kind: "bucket-policy",
      doc: bucketPolicy({
        Principal: { AWS: "*" },
        Action: "*",
        Resource: ["arn:aws:s3:::orders-use1", "arn:aws:s3:::orders-use1/*"],
        Condition: { StringEquals: { "s3:DataAccessPointArn": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap" } },
      }),
    },
    {
      name: "s3:DataAccessPointArn with a wildcard access point name and a fixed account in a bucket policy",
      kind: "bucket-policy",
      doc: bucketPolicy({ Condition: { StringLike: { "s3:DataAccessPointArn": "arn:aws:s3:us-west-2:123456789012:accesspoint/*" } } }),
    },
    { name: "fixed aws:SourceVpc (§3.3 example)", kind: "bucket-policy", doc: bucketPolicy({ Condition: { StringEquals: { "aws:SourceVpc": "vpc-91237329" } } }) },
    { name: "named principals", kind: "bucket-policy", doc: bucketPolicy({ Principal: { AWS: ["arn:aws:iam::111122223333:role/reader", "444455556666"] } }) },
    { name: "Deny to everyone", kind: "bucket-policy", doc: bucketPolicy({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }) },
    { name: "public /8 source range", kind: "bucket-policy", doc: bucketPolicy({ Condition: { IpAddress: { "aws:SourceIp": ["44.0.0.0/8", "2001:db8::/32"] } } }) },
    { name: "access point policy limited by aws:PrincipalOrgID", kind: "access-point-policy", doc: apPolicy({ Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } }) },
    {
      name: "delegation bucket policy inline in a manifest",
      kind: "manifest",
      doc: manifest({
        Regions: [
          {
            Bucket: "orders-use1",
            BucketPolicy: bucketPolicy({ Principal: { AWS: "*" }, Condition: { StringEquals: { "s3:DataAccessPointAccount": "111122223333" } } }),
          },
        ],
      }),
    },
    {
      name: "MRAP policies are left to mrap/no-anonymous",
      kind: "manifest",
      doc: manifest({ Policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*" }] } }),
    },
  ],
  invalid: [
    {
      name: "Principal * without a condition",
      kind: "bucket-policy",
      doc: bucketPolicy({}),
      errors: [{ messageId: "publicStatement", pointer: `${S0}/Principal`, data: { statement: '"Read"', principal: 'Principal "*"' } }],
    },
    {
      name: "§3.3 example: aws:SourceVpc vpc-* is public",
      kind: "bucket-policy",
      doc: bucketPolicy({ Sid: undefined, Principal: { AWS: "*" }, Condition: { StringLike: { "aws:SourceVpc": "vpc-*" } } }),
      errors: [{ messageId: "publicDespiteConditions", pointer: `${S0}/Principal`, data: { statement: "#0", principal: 'AWS principal "*"', conditions: 'StringLike aws:SourceVpc "vpc-*" contains a wildcard' } }],
    },
    {
      name: "wildcard delegation account",
      kind: "bucket-policy",
      doc: bucketPolicy({ Condition: { StringLike: { "s3:DataAccessPointAccount": "*" } } }),
      errors: [{ messageId: "publicDespiteConditions", pointer: `${S0}/Principal`, data: { conditions: 'StringLike s3:DataAccessPointAccount "*" contains a wildcard' } }],
    },
    {
      name: "0.0.0.0/1 and aws:PrincipalAccount do not limit",
      kind: "bucket-policy",
      doc: bucketPolicy({ Condition: { IpAddress: { "aws:SourceIp": "0.0.0.0/1" }, StringEquals: { "aws:PrincipalAccount": "111122223333" } } }),
      errors: [{ messageId: "publicDespiteConditions", pointer: `${S0}/Principal` }],
    },
    {
      name: "IfExists and negated operators do not limit",
      kind: "bucket-policy",
      doc: bucketPolicy({ Condition: { StringEqualsIfExists: { "aws:SourceVpce": "vpce-1a2b3c4d" }, StringNotEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } }),
      errors: [{ messageId: "publicDespiteConditions", pointer: `${S0}/Principal` }],
    },
    {
      name: "access point policy granting through s3:DataAccessPointArn is public (§3.3 exception)",
      kind: "access-point-policy",
      doc: apPolicy({ Condition: { StringEquals: { "s3:DataAccessPointArn": "arn:aws:s3:us-west-2:111122223333:accesspoint/reports-ap" } } }),
      errors: [{ messageId: "publicDespiteConditions", pointer: `${S0}/Principal`, data: { suggestion: "add a fixed aws:PrincipalOrgID, aws:SourceVpce or aws:SourceVpc condition" } }],
    },
    {
      name: "each public statement once; fixed and Deny statements are left alone",
      kind: "bucket-policy",
      doc: bucketPolicy(
        { Sid: "Fixed", Principal: { AWS: "111122223333" } },
        { Sid: "Everyone", Principal: { AWS: ["111122223333", "*"] } },
        { Sid: "DenyHttp", Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } },
        { Sid: "AllButOne", Principal: undefined, NotPrincipal: { AWS: "arn:aws:iam::111122223333:root" } },
      ),
      errors: [
        { messageId: "publicStatement", pointer: "/Statement/1/Principal", data: { statement: '"Everyone"', principal: 'AWS principal "*"' } },
        { messageId: "publicStatement", pointer: "/Statement/3/NotPrincipal", data: { statement: '"AllButOne"' } },
      ],
    },
    {
      name: "public bucket policy in a policy file a manifest references",
      kind: "manifest",
      doc: manifest({ Regions: [{ Bucket: "orders-use1", BucketPolicy: "./policies/orders-use1.json" }] }),
      files: { "policies/orders-use1.json": bucketPolicy({ Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } } }) },
      errors: [
        {
          messageId: "publicDespiteConditions",
          file: "policies/orders-use1.json",
          pointer: `${S0}/Principal`,
          data: { conditions: 'IpAddress aws:SourceIp "10.0.0.0/8" is an RFC 1918 private range, which S3 leaves out of the CIDR rule (aws:SourceIp only sees public addresses)' },
        },
      ],
    },
    {
      name: "public access point policy inline in a manifest",
      kind: "manifest",
      doc: manifest({}, { AccessPoints: [{ Name: "reports-ap", Region: "us-west-2", Bucket: "orders-usw2", Policy: apPolicy({}) }] }),
      errors: [{ messageId: "publicStatement", pointer: "/AccessPoints/0/Policy/Statement/0/Principal" }],
    },
  ],
});
