import rule from "../../../rules/mrap/bucket-name.js";
import { ruleTester } from "../../helpers/rule-tester.js";
import { manifest } from "../../helpers/manifests.js";

const bucket = (Bucket: string) => manifest({ Regions: [{ Bucket: "orders-use1", Region: "us-east-1" }, { Bucket, Region: "eu-west-1" }] });
const at = "/MultiRegionAccessPoint/Regions/1/Bucket";
/** A manifest with one access point on this bucket. */
const accessPoint = (Bucket: string) => manifest({}, { AccessPoints: [{ Name: "reports", Region: "us-east-1", Bucket: "orders-use1" }, { Name: "audit", Region: "eu-west-1", Bucket }] });
const apAt = "/AccessPoints/1/Bucket";

ruleTester(rule, {
  valid: [
    { name: "lowercase with hyphens", doc: manifest() },
    { name: "periods and digits", doc: bucket("orders.eu-west-1.2024") },
    { name: "three characters", doc: bucket("a1b") },
    { name: "63 characters", doc: bucket("a".repeat(63)) },
    { name: "a name that only contains a reserved suffix", doc: bucket("my-s3alias-data") },
    { name: "a name that only contains xn--", doc: bucket("data-xn--thing") },
    { name: "bucket of the wrong type is left to valid-schema", doc: manifest({ Regions: [{ Bucket: 5, Region: "us-east-1" }] }) },
    { name: "access point on a valid bucket", doc: accessPoint("orders.eu-west-1.2024") },
    { name: "access point without a Bucket", doc: manifest({}, { AccessPoints: [{ Name: "reports" }] }) },
    { name: "access point on a directory bucket (directory buckets have access points)", doc: accessPoint("orders--euw1-az1--x-s3") },
    { name: "access point on an account regional namespace bucket (the warning is about MRAPs)", doc: accessPoint("orders-111122223333-eu-west-1-an") },
  ],
  invalid: [
    {
      name: "Outposts ARN",
      doc: bucket("arn:aws:s3-outposts:us-west-2:123456789012:outpost/op-01ac5d28a6a232904/bucket/orders"),
      errors: [{ messageId: "outposts", pointer: at }],
    },
    { name: "bucket ARN", doc: bucket("arn:aws:s3:::orders-euw1"), errors: [{ messageId: "bucketArn", pointer: at, data: { name: "orders-euw1" } }] },
    { name: "access point ARN", doc: bucket("arn:aws:s3:eu-west-1:111122223333:accesspoint/reports"), errors: [{ messageId: "arn", pointer: at }] },
    { name: "directory bucket", doc: bucket("orders--euw1-az1--x-s3"), errors: [{ messageId: "directoryBucket", pointer: at, severity: "error" }] },
    { name: "access point alias", doc: bucket("reports-abc123-s3alias"), errors: [{ messageId: "reservedSuffix", pointer: at, data: { suffix: "-s3alias" } }] },
    { name: "Object Lambda alias", doc: bucket("reports-abc123--ol-s3"), errors: [{ messageId: "reservedSuffix", pointer: at, data: { suffix: "--ol-s3" } }] },
    { name: "MRAP alias", doc: bucket("mfzwi23gnjvgw.mrap"), errors: [{ messageId: "reservedSuffix", pointer: at, data: { suffix: ".mrap" } }] },
    { name: "table bucket", doc: bucket("analytics--table-s3"), errors: [{ messageId: "reservedSuffix", pointer: at, data: { suffix: "--table-s3" } }] },
    { name: "too short", doc: bucket("ab"), errors: [{ messageId: "tooShort", pointer: at, data: { length: 2 } }] },
    { name: "too long", doc: bucket("a".repeat(64)), errors: [{ messageId: "tooLong", pointer: at, data: { length: 64 } }] },
    { name: "uppercase", doc: bucket("Orders-euw1"), errors: [{ messageId: "uppercase", pointer: at }] },
    { name: "underscore", doc: bucket("orders_euw1"), errors: [{ messageId: "invalidCharacter", pointer: at, data: { character: "_" } }] },
    { name: "leading hyphen", doc: bucket("-orders"), errors: [{ messageId: "edgeCharacter", pointer: at, data: { where: "begins", character: "-" } }] },
    { name: "trailing period", doc: bucket("orders."), errors: [{ messageId: "edgeCharacter", pointer: at, data: { where: "ends", character: "." } }] },
    { name: "adjacent periods", doc: bucket("orders..euw1"), errors: [{ messageId: "adjacentPeriods", pointer: at }] },
    { name: "IP address", doc: bucket("192.168.5.4"), errors: [{ messageId: "ipAddress", pointer: at }] },
    { name: "xn-- prefix", doc: bucket("xn--orders"), errors: [{ messageId: "reservedPrefix", pointer: at, data: { prefix: "xn--" } }] },
    { name: "sthree- prefix", doc: bucket("sthree-configurator"), errors: [{ messageId: "reservedPrefix", pointer: at, data: { prefix: "sthree-" } }] },
    { name: "amzn-s3-demo- prefix", doc: bucket("amzn-s3-demo-bucket"), errors: [{ messageId: "reservedPrefix", pointer: at, data: { prefix: "amzn-s3-demo-" } }] },
    {
      name: "account regional namespace",
      doc: bucket("orders-111122223333-eu-west-1-an"),
      errors: [{ messageId: "accountRegionalNamespace", pointer: at, data: { account: "111122223333", region: "eu-west-1" }, severity: "warning" }],
    },
    { name: "-an without the namespace form", doc: bucket("orders-an"), errors: [{ messageId: "anSuffix", pointer: at, severity: "warning" }] },
    { name: "access point: uppercase and underscore", doc: accessPoint("Orders_EUW1"), errors: [{ messageId: "uppercase", pointer: apAt, data: { bucket: "Orders_EUW1" } }] },
    { name: "access point: bucket ARN", doc: accessPoint("arn:aws:s3:::orders-euw1"), errors: [{ messageId: "bucketArn", pointer: apAt, data: { name: "orders-euw1" } }] },
    {
      name: "access point: an Outposts ARN is an ARN, not a name",
      doc: accessPoint("arn:aws:s3-outposts:us-west-2:123456789012:outpost/op-01ac5d28a6a232904/bucket/orders"),
      errors: [{ messageId: "arn", pointer: apAt }],
    },
    { name: "access point: its own alias in the Bucket field", doc: accessPoint("audit-abc123-s3alias"), errors: [{ messageId: "reservedSuffix", pointer: apAt, data: { suffix: "-s3alias" } }] },
    { name: "access point: too short", doc: accessPoint("ab"), errors: [{ messageId: "tooShort", pointer: apAt, data: { length: 2 } }] },
    { name: "access point: -an without the namespace form", doc: accessPoint("orders-an"), errors: [{ messageId: "anSuffix", pointer: apAt, severity: "warning" }] },
    {
      name: "Regions and AccessPoints are both checked",
      doc: manifest({ Regions: [{ Bucket: "orders..use1", Region: "us-east-1" }] }, { AccessPoints: [{ Name: "reports", Bucket: "192.168.5.4" }] }),
      errors: [
        { messageId: "adjacentPeriods", pointer: "/MultiRegionAccessPoint/Regions/0/Bucket" },
        { messageId: "ipAddress", pointer: "/AccessPoints/0/Bucket" },
      ],
    },
    {
      name: "every bucket is checked",
      doc: manifest({ Regions: [{ Bucket: "Orders", Region: "us-east-1" }, { Bucket: "o", Region: "eu-west-1" }] }),
      errors: [
        { messageId: "uppercase", pointer: "/MultiRegionAccessPoint/Regions/0/Bucket" },
        { messageId: "tooShort", pointer: "/MultiRegionAccessPoint/Regions/1/Bucket" },
      ],
    },
  ],
});
