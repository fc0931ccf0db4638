import rule from "../../../rules/policy/source-ip.js";
import type { JsonValue } from "../../../src/document/index.js";
import { ruleTester } from "../../helpers/rule-tester.js";

const withCondition = (condition: JsonValue, effect = "Allow"): JsonValue => ({
  Version: "2012-10-17",
  Statement: [{ Effect: effect, Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::orders-use1/*", Condition: condition }],
});
const C = "/Statement/0/Condition";

ruleTester(rule, {
  valid: [
    { name: "public ranges", doc: withCondition({ IpAddress: { "aws:SourceIp": ["203.0.113.0/24", "2001:DB8:1234:5678::/64", "198.51.100.7"] } }), kind: "bucket-policy" },
    { name: "exactly /8 and /32", doc: withCondition({ IpAddress: { "aws:SourceIp": ["11.0.0.0/8", "2600:1f00::/32"] } }), kind: "bucket-policy" },
    { name: "a broad range excluded by NotIpAddress", doc: withCondition({ NotIpAddress: { "aws:SourceIp": "0.0.0.0/0" } }, "Deny"), kind: "bucket-policy" },
    { name: "private ranges under aws:VpcSourceIp", doc: withCondition({ IpAddress: { "aws:VpcSourceIp": "10.1.0.0/16" }, StringEquals: { "aws:SourceVpc": "vpc-1a2b3c4d" } }) },
    { name: "next to the private ranges", doc: withCondition({ IpAddress: { "aws:SourceIp": ["172.32.0.0/16", "192.169.0.0/16", "fe00:1234:5678::/48"] } }), kind: "bucket-policy" },
    { name: "malformed values are condition-value's", doc: withCondition({ IpAddress: { "aws:SourceIp": "office" } }), kind: "bucket-policy" },
  ],
  invalid: [
    {
      name: "RFC 1918 ranges",
      doc: withCondition({ IpAddress: { "aws:SourceIp": ["10.0.0.0/8", "172.16.5.0/24", "192.168.1.10", "203.0.113.0/24"] } }),
      kind: "bucket-policy",
      errors: [
        { messageId: "privateRange", pointer: `${C}/IpAddress/aws:SourceIp/0`, data: { range: "10.0.0.0/8" } },
        { messageId: "privateRange", pointer: `${C}/IpAddress/aws:SourceIp/1`, data: { range: "172.16.0.0/12" } },
        { messageId: "privateRange", pointer: `${C}/IpAddress/aws:SourceIp/2`, data: { range: "192.168.0.0/16" } },
      ],
    },
    {
      name: "IPv6 unique local addresses, also under NotIpAddress",
      doc: withCondition({ NotIpAddressIfExists: { "AWS:SourceIP": "fd12:3456:789a::/48" } }, "Deny"),
      errors: [{ messageId: "privateRange", pointer: `${C}/NotIpAddressIfExists/AWS:SourceIP`, data: { range: "fc00::/7" } }],
    },
    {
      name: "IPv4 broader than /8",
      doc: withCondition({ IpAddress: { "aws:SourceIp": ["0.0.0.0/1", "64.0.0.0/7"] } }),
      kind: "bucket-policy",
      errors: [
        { messageId: "broadRange", pointer: `${C}/IpAddress/aws:SourceIp/0`, data: { prefix: 1, limit: 8 } },
        { messageId: "broadRange", pointer: `${C}/IpAddress/aws:SourceIp/1`, data: { prefix: 7 } },
      ],
    },
    {
      name: "IPv6 broader than /32",
      doc: withCondition({ IpAddress: { "aws:SourceIp": "2001:db8::/16" } }),
      kind: "access-point-policy",
      errors: [{ messageId: "broadRange", pointer: `${C}/IpAddress/aws:SourceIp`, data: { prefix: 16, limit: 32 } }],
    },
  ],
});
