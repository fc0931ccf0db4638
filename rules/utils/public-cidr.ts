/**
 * CIDR blocks as S3's "meaning of public" judges them (aws-facts.md §3.3): an `aws:SourceIp` range limits a
 * statement only when it is no broader than /8 (IPv4) or /32 (IPv6), and RFC 1918 private ranges are excluded.
 */

export type CidrVerdict =
  | { ok: true; family: 4 | 6; prefix: number }
  | { ok: false; problem: "invalid" | "broad" | "private"; family?: 4 | 6; prefix?: number };

/** The broadest prefix that still counts as a fixed range, per address family. */
export const BROADEST_PREFIX = { 4: 8, 6: 32 } as const;

/** RFC 1918 private IPv4 ranges: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16. */
const RFC1918: readonly (readonly [number, number])[] = [
  [0x0a000000, 8],
  [0xac100000, 12],
  [0xc0a80000, 16],
];

export function judgeCidr(text: string): CidrVerdict {
  const slash = text.indexOf("/");
  const address = slash < 0 ? text : text.slice(0, slash);
  const prefixText = slash < 0 ? undefined : text.slice(slash + 1);
  const v4 = parseIpv4(address);
  if (v4 !== undefined) {
    const prefix = parsePrefix(prefixText, 32);
    if (prefix === undefined) return { ok: false, problem: "invalid", family: 4 };
    if (prefix < BROADEST_PREFIX[4]) return { ok: false, problem: "broad", family: 4, prefix };
    if (RFC1918.some(([net, bits]) => prefix >= bits && mask(v4, bits) === net)) return { ok: false, problem: "private", family: 4, prefix };
    return { ok: true, family: 4, prefix };
  }
  if (isIpv6(address)) {
    const prefix = parsePrefix(prefixText, 128);
    if (prefix === undefined) return { ok: false, problem: "invalid", family: 6 };
    if (prefix < BROADEST_PREFIX[6]) return { ok: false, problem: "broad", family: 6, prefix };
    return { ok: true, family: 6, prefix };
  }
  return { ok: false, problem: "invalid" };
}

function parsePrefix(text: string | undefined, max: number): number | undefined {
  if (text === undefined) return max;
  if (!/^\d{1,3}$/.test(text)) return undefined;
  const n = Number(text);
  return n <= max ? n : undefined;
}

function mask(address: number, bits: number): number {
  return bits === 0 ? 0 : (address & (~0 << (32 - bits))) >>> 0;
}

function parseIpv4(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let out = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    out = out * 256 + n;
  }
  return out;
}

function isIpv6(text: string): boolean {
  if (!text.includes(":")) return false;
  const halves = text.split("::");
  if (halves.length > 2) return false;
  const groups = (half: string | undefined) => (half === undefined || half === "" ? [] : half.split(":"));
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  const all = [...head, ...tail];
  let count = 0;
  for (let i = 0; i < all.length; i++) {
    const group = all[i]!;
    if (/^[0-9a-fA-F]{1,4}$/.test(group)) count += 1;
    else if (i === all.length - 1 && parseIpv4(group) !== undefined) count += 2;
    else return false;
  }
  return halves.length === 2 ? count < 8 : count === 8;
}
