import rule from "../../../rules/mrap/valid-schema.js";
import { ruleTester } from "../../helpers/rule-tester.js";
import { manifest } from "../../helpers/manifests.js";
import type { JsonValue } from "../../../src/document/index.js";

const policy = {
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::111122223333:root" },
      Action: "s3:GetObject",
      Resource: "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*",
    },
  ],
};
const allTrue = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
const accessPointsOnly = (accessPoints: JsonValue[]) => ({ AccountId: "111122223333", AccessPoints: accessPoints });

ruleTester(rule, {
  valid: [
    { name: "minimal manifest", doc: manifest() },
    {
      name: "every field, with an inline policy object",
      doc: manifest(
        {
          Alias: "mfzwi23gnjvgw.mrap",
          PublicAccessBlock: allTrue,
          Regions: [
            { Bucket: "orders-use1", Region: "us-east-1", BucketAccountId: "111122223333", BucketPolicy: policy },
            { Bucket: "orders-euw1", Region: "eu-west-1" },
          ],
          Policy: policy,
          Routes: [
            { Region: "us-east-1", TrafficDialPercentage: 100 },
            { Bucket: "orders-euw1", TrafficDialPercentage: 0 },
          ],
        },
        { $schema: "https://mrap-guard.dev/schemas/manifest.schema.json", AccessPoints: [{ Name: "reports-ap", Region: "us-east-1", Bucket: "orders-use1", AccountId: "111122223333", Policy: policy }] },
      ),
    },
    { name: "policy as a JSON string", doc: manifest({ Policy: JSON.stringify(policy) }) },
    { name: "policy as a relative path", doc: manifest({ Policy: "./policies/orders.mrap.json" }), files: { "policies/orders.mrap.json": policy } },
    { name: "AccessPoints-only manifest", doc: accessPointsOnly([{ Name: "reports-ap", Region: "us-west-2", Bucket: "orders-usw2" }]) },
    { name: "content rules are not schema rules (bad name, dial 50, empty Regions)", doc: manifest({ Name: "Bad_Name", Regions: [], Routes: [{ Region: "x", TrafficDialPercentage: 50 }] }) },
  ],
  invalid: [
    {
      name: "misspelled Regions",
      doc: manifest({ Regions: undefined, Regoins: [{ Bucket: "orders-use1" }] }),
      errors: [
        { messageId: "invalid", pointer: "/MultiRegionAccessPoint/Regoins", at: "key", data: { message: 'unknown property "Regoins" in MultiRegionAccessPoint; did you mean "Regions"?' } },
      ],
    },
    {
      name: "misspelled key inside a Regions entry",
      doc: manifest({ Regions: [{ bucket: "orders-use1" }] }),
      errors: [
        { messageId: "invalid", pointer: "/MultiRegionAccessPoint/Regions/0/bucket", at: "key", data: { message: 'unknown property "bucket" in MultiRegionAccessPoint.Regions[0]; did you mean "Bucket"?' } },
      ],
    },
    {
      name: "unknown top-level key lists the allowed ones",
      doc: manifest({}, { Owner: "me" }),
      errors: [{ messageId: "invalid", pointer: "/Owner", at: "key", data: { message: 'unknown property "Owner"; expected one of "AccountId", "MultiRegionAccessPoint", "AccessPoints".' } }],
    },
    {
      name: "wrong types",
      doc: manifest({ Name: 42, Regions: { Bucket: "orders-use1" } }, { AccountId: 42 }),
      errors: [
        { messageId: "invalid", pointer: "/AccountId", data: { message: "AccountId must be a string, not a number." } },
        { messageId: "invalid", pointer: "/MultiRegionAccessPoint/Name", data: { message: "MultiRegionAccessPoint.Name must be a string, not a number." } },
        { messageId: "invalid", pointer: "/MultiRegionAccessPoint/Regions", data: { message: "MultiRegionAccessPoint.Regions must be an array, not an object." } },
      ],
    },
    {
      name: "Block Public Access setting as a string",
      doc: manifest({ PublicAccessBlock: { ...allTrue, BlockPublicAcls: "true" } }),
      errors: [{ messageId: "invalid", pointer: "/MultiRegionAccessPoint/PublicAccessBlock/BlockPublicAcls", data: { message: "MultiRegionAccessPoint.PublicAccessBlock.BlockPublicAcls must be a boolean, not a string." } }],
    },
    {
      name: "policy of the wrong type",
      doc: manifest({ Policy: 5 }),
      errors: [{ messageId: "invalid", pointer: "/MultiRegionAccessPoint/Policy", data: { message: "MultiRegionAccessPoint.Policy must be a string or an object, not a number." } }],
    },
    {
      name: "missing Name",
      doc: manifest({ Name: undefined }),
      errors: [{ messageId: "invalid", pointer: "/MultiRegionAccessPoint", at: "key", data: { message: 'MultiRegionAccessPoint is missing the required property "Name".' } }],
    },
    {
      name: "missing AccountId",
      doc: manifest({}, { AccountId: undefined }),
      errors: [{ messageId: "invalid", pointer: "", data: { message: 'the document is missing the required property "AccountId".' } }],
    },
    {
      name: "neither MultiRegionAccessPoint nor AccessPoints",
      doc: { AccountId: "111122223333" },
      errors: [{ messageId: "invalid", pointer: "", data: { message: 'the document needs at least one of "MultiRegionAccessPoint" or "AccessPoints".' } }],
    },
    {
      name: "fractional TrafficDialPercentage",
      doc: manifest({ Routes: [{ Region: "us-east-1", TrafficDialPercentage: 100 }, { Region: "eu-west-1", TrafficDialPercentage: 50.5 }] }),
      errors: [{ messageId: "invalid", pointer: "/MultiRegionAccessPoint/Routes/1/TrafficDialPercentage", data: { message: "MultiRegionAccessPoint.Routes[1].TrafficDialPercentage must be an integer, not a number." } }],
    },
    {
      name: "route without TrafficDialPercentage",
      doc: manifest({ Routes: [{ Region: "us-east-1" }] }),
      errors: [{ messageId: "invalid", pointer: "/MultiRegionAccessPoint/Routes/0", data: { message: 'MultiRegionAccessPoint.Routes[0] is missing the required property "TrafficDialPercentage".' } }],
    },
    {
      name: "access point without a Name",
      doc: accessPointsOnly([{ Region: "us-west-2" }]),
      errors: [{ messageId: "invalid", pointer: "/AccessPoints/0", data: { message: 'AccessPoints[0] is missing the required property "Name".' } }],
    },
    {
      name: "top level is not an object",
      doc: [manifest()],
      errors: [{ messageId: "invalid", pointer: "", data: { message: "the document must be an object, not an array." } }],
    },
  ],
});
