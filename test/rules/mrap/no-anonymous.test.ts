import rule from "../../../rules/mrap/no-anonymous.js";
import { ruleTester } from "../../helpers/rule-tester.js";
import { manifest } from "../../helpers/manifests.js";
import type { JsonValue } from "../../../src/document/index.js";

type Statement = { [key: string]: JsonValue | undefined };

const MRAP = "arn:aws:s3::123456789012:accesspoint/mfzwi23gnjvgw.mrap";
const strip = (s: Statement) => Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as { [key: string]: JsonValue };
const base: Statement = { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `${MRAP}/object/*` };
/** An MRAP policy with the given statements (each overrides the base statement; undefined removes a field). */
const mrapPolicy = (...statements: Statement[]) => ({ Version: "2012-10-17", Statement: statements.map((s) => strip({ ...base, ...s })) });

const S0 = "/Statement/0";

ruleTester(rule, {
  valid: [
    {
      name: "§4.2 Example 2: an IAM user principal",
      doc: mrapPolicy({ Principal: { AWS: "arn:aws:iam::123456789012:user/JohnDoe" }, Action: "s3:ListBucket", Resource: MRAP }),
    },
    {
      name: "§4.2 CloudFormation example: a service principal",
      doc: mrapPolicy({ Principal: { Service: "cloudwatch.amazonaws.com" } }),
    },
    { name: "Principal * limited to an organization", doc: mrapPolicy({ Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } }) },
    { name: "Principal * limited to a VPC endpoint", doc: mrapPolicy({ Condition: { StringEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" } } }) },
    { name: "Deny to everyone", doc: mrapPolicy({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }) },
    {
      name: "bucket and access point policies are left to policy/public-access",
      kind: "manifest",
      doc: manifest(
        { Regions: [{ Bucket: "orders-use1", BucketPolicy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::orders-use1/*" }] } }] },
        { AccessPoints: [{ Name: "reports-ap", Region: "us-west-2", Bucket: "orders-usw2", Policy: { Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:us-west-2:111122223333:accesspoint/reports-ap/object/*" }] } }] },
      ),
    },
  ],
  invalid: [
    {
      name: "§4.2 PrivateLink sample: Principal * with no condition",
      doc: mrapPolicy({}),
      errors: [{ messageId: "anonymous", pointer: `${S0}/Principal`, data: { statement: "#0", principal: 'Principal "*"' } }],
    },
    {
      name: "AWS * limited only by aws:PrincipalAccount",
      doc: mrapPolicy({ Sid: "Account", Principal: { AWS: "*" }, Condition: { StringEquals: { "aws:PrincipalAccount": "123456789012" } } }),
      errors: [
        {
          messageId: "anonymousDespiteConditions",
          pointer: `${S0}/Principal`,
          data: { statement: '"Account"', principal: 'AWS principal "*"', conditions: "aws:PrincipalAccount is not in S3's list of keys that count as a fixed limit" },
        },
      ],
    },
    {
      name: "wildcard VPC and IfExists endpoint",
      doc: mrapPolicy({ Condition: { StringLike: { "aws:SourceVpc": "vpc-*" }, StringEqualsIfExists: { "aws:SourceVpce": "vpce-1a2b3c4d" } } }),
      errors: [{ messageId: "anonymousDespiteConditions", pointer: `${S0}/Principal` }],
    },
    {
      name: "limited only by s3:DataAccessPointArn: undocumented for MRAPs, a warning",
      doc: mrapPolicy({ Condition: { StringEquals: { "s3:DataAccessPointArn": MRAP } } }),
      errors: [{ messageId: "uncertainLimit", pointer: `${S0}/Principal`, severity: "warning", data: { key: "s3:DataAccessPointArn" } }],
    },
    {
      name: "inline MRAP policy in a manifest",
      kind: "manifest",
      doc: manifest({ Policy: mrapPolicy({ Sid: "Fixed", Principal: { AWS: "123456789012" } }, { Sid: "Open", Principal: { AWS: "arn:aws:iam::*:root" } }) }),
      errors: [{ messageId: "anonymous", pointer: "/MultiRegionAccessPoint/Policy/Statement/1/Principal", data: { statement: '"Open"', principal: 'AWS principal "arn:aws:iam::*:root"' } }],
    },
    {
      name: "MRAP policy file a manifest references",
      kind: "manifest",
      doc: manifest({ Policy: "./orders-global.mrap-policy.json" }),
      files: { "orders-global.mrap-policy.json": mrapPolicy({}) },
      errors: [{ messageId: "anonymous", file: "orders-global.mrap-policy.json", pointer: `${S0}/Principal` }],
    },
  ],
});
