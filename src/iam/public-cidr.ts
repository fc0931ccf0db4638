/**
 * CIDR blocks as S3's "meaning of public" judges them
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html): an `aws:SourceIp`
 * range limits a
 * statement only when it is no broader than /8 (IPv4) or /32 (IPv6), and RFC 1918 private ranges are excluded.
 */
import { parseIpRange, rangeWithin, type IpRange } from "./condition-values.js";

export type CidrVerdict =
  | { ok: true; family: 4 | 6; prefix: number }
  | { ok: false; problem: "invalid" }
  | { ok: false; problem: "broad" | "private"; family: 4 | 6; prefix: number };

/** The broadest prefix that still counts as a fixed range, per address family. */
export const BROADEST_PREFIX = { 4: 8, 6: 32 } as const;

/** RFC 1918 private IPv4 ranges, as written and parsed. */
export const RFC1918_RANGES: readonly (readonly [string, IpRange])[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map((cidr) => [cidr, parseIpRange(cidr)!] as const);

export function judgeCidr(text: string): CidrVerdict {
  const range = parseIpRange(text);
  if (!range) return { ok: false, problem: "invalid" };
  const { version: family, prefix } = range;
  if (prefix < BROADEST_PREFIX[family]) return { ok: false, problem: "broad", family, prefix };
  if (RFC1918_RANGES.some(([, network]) => rangeWithin(range, network))) return { ok: false, problem: "private", family, prefix };
  return { ok: true, family, prefix };
}
