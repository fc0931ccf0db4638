import { defineRule } from "../../src/engine/rule-kit.js";
import { parseIpRange, rangeWithin, type IpRange } from "../../src/iam/condition-values.js";
import { policyModel } from "../../src/iam/policy-model.js";
import { BROADEST_PREFIX, RFC1918_RANGES } from "../../src/iam/public-cidr.js";

/** RFC 1918 private IPv4 networks and the IPv6 unique local addresses (fc00::/7). */
const PRIVATE_RANGES: readonly (readonly [string, IpRange])[] = [...RFC1918_RANGES, ["fc00::/7", parseIpRange("fc00::/7")!]];

export default defineRule({
  id: "policy/source-ip",
  meta: {
    type: "problem",
    docs: { description: "Disallow aws:SourceIp values that are private ranges or so broad that S3 counts them as public", recommended: true },
    severity: "warning",
    appliesTo: ["mrap-policy", "access-point-policy", "bucket-policy"],
    messages: {
      privateRange:
        'aws:SourceIp value "{{value}}" lies in the private range {{range}}, but aws:SourceIp works only for public IP addresses: requests from private addresses reach S3 through a VPC endpoint, where the key is absent. Use aws:VpcSourceIp together with aws:SourceVpc or aws:SourceVpce instead.',
      broadRange:
        'aws:SourceIp range "{{value}}" is a /{{prefix}}, broader than /{{limit}}; S3 counts such a range as public, so this statement does not keep the policy from being public. Narrow the range to the networks that need access.',
    },
  },
  check(context) {
    for (const statement of policyModel(context.value).statements) {
      for (const condition of statement.conditions) {
        if (condition.lowerKey !== "aws:sourceip") continue;
        const { operator } = condition;
        if (operator.family !== "IpAddress") continue;
        for (const { value, pointer } of condition.values) {
          // Values that are not addresses are policy/condition-value's.
          if (typeof value !== "string") continue;
          const range = parseIpRange(value);
          if (!range) continue;
          const privateRange = PRIVATE_RANGES.find(([, network]) => rangeWithin(range, network));
          if (privateRange) {
            context.report({ messageId: "privateRange", pointer, data: { value, range: privateRange[0] } });
            continue;
          }
          const limit = BROADEST_PREFIX[range.version];
          // Only a grant (IpAddress) is about being public; NotIpAddress excludes the range.
          if (operator.base === "IpAddress" && range.prefix < limit) context.report({ messageId: "broadRange", pointer, data: { value, prefix: range.prefix, limit } });
        }
      }
    }
  },
});
