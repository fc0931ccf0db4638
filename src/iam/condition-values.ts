/**
 * Parsers for condition values, one per operator family, following "IAM JSON policy elements: Condition
 * operators" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html):
 * IP values in CIDR form (IPv4 or IPv6; no prefix means a single address), numbers as integers or decimals,
 * dates in a W3C ISO 8601 format (https://www.w3.org/TR/NOTE-datetime) or epoch seconds, Booleans as
 * "true"/"false", ARNs of six colon-separated parts, binary values in base64.
 */

export interface IpRange {
  version: 4 | 6;
  /** 4 or 16 bytes. */
  bytes: number[];
  prefix: number;
}

function parseIpv4(text: string): number[] | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!match) return undefined;
  const bytes = match.slice(1).map(Number);
  return bytes.every((b) => b <= 255) ? bytes : undefined;
}

function parseIpv6(text: string): number[] | undefined {
  if (!/^[0-9A-Fa-f:.]+$/.test(text)) return undefined;
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const groups = (part: string): number[] | undefined => {
    if (part === "") return [];
    const out: number[] = [];
    const pieces = part.split(":");
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      if (i === pieces.length - 1 && piece.includes(".")) {
        const v4 = parseIpv4(piece);
        if (!v4) return undefined;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else if (/^[0-9A-Fa-f]{1,4}$/.test(piece)) {
        out.push(parseInt(piece, 16));
      } else {
        return undefined;
      }
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return undefined;
  // An embedded IPv4 address may only end the address.
  if (halves.length === 2 && halves[0]!.includes(".")) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const words = [...head, ...new Array<number>(missing).fill(0), ...tail];
  return words.flatMap((w) => [w >> 8, w & 0xff]);
}

/** An IPv4 or IPv6 address or CIDR range; undefined when the text is neither. */
export function parseIpRange(text: string): IpRange | undefined {
  const slash = text.indexOf("/");
  const address = slash < 0 ? text : text.slice(0, slash);
  const prefixText = slash < 0 ? undefined : text.slice(slash + 1);
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const v4 = parseIpv4(address);
  if (v4) {
    const prefix = prefixText === undefined ? 32 : Number(prefixText);
    return prefix <= 32 ? { version: 4, bytes: v4, prefix } : undefined;
  }
  const v6 = parseIpv6(address);
  if (v6) {
    const prefix = prefixText === undefined ? 128 : Number(prefixText);
    return prefix <= 128 ? { version: 6, bytes: v6, prefix } : undefined;
  }
  return undefined;
}

/** Whether every address of `range` lies in the network `network` (same IP version). */
export function rangeWithin(range: IpRange, network: IpRange): boolean {
  if (range.version !== network.version || range.prefix < network.prefix) return false;
  for (let bit = 0; bit < network.prefix; bit++) {
    const byte = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if ((range.bytes[byte]! & mask) !== (network.bytes[byte]! & mask)) return false;
  }
  return true;
}

export function isNumericValue(value: string | number | boolean): boolean {
  if (typeof value === "number") return Number.isFinite(value);
  return typeof value === "string" && /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)$/.test(value);
}

const W3C_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-](\d{2}):(\d{2})))?)?)?$/;

/** A W3C ISO 8601 date or date-time (with a time zone), or epoch seconds. */
export function isDateValue(value: string | number | boolean): boolean {
  if (typeof value === "number") return Number.isInteger(value) && value >= 0;
  if (typeof value !== "string") return false;
  if (/^\d+$/.test(value)) return true;
  const match = W3C_DATE.exec(value);
  if (!match) return false;
  const [, year, month, day, hour, minute, second, , tzHour, tzMinute] = match;
  if (month !== undefined && (Number(month) < 1 || Number(month) > 12)) return false;
  if (day !== undefined) {
    const days = new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate();
    if (Number(day) < 1 || Number(day) > days) return false;
  }
  if (hour !== undefined && Number(hour) > 23) return false;
  if (minute !== undefined && Number(minute) > 59) return false;
  if (second !== undefined && Number(second) > 59) return false;
  if (tzHour !== undefined && (Number(tzHour) > 23 || Number(tzMinute) > 59)) return false;
  return true;
}

export function isBoolValue(value: string | number | boolean): boolean {
  return typeof value === "boolean" || (typeof value === "string" && /^(?:true|false)$/i.test(value));
}

/** `arn:partition:service:region:account:resource` (parts may hold wildcards), or a lone `*`. */
export function isArnValue(value: string | number | boolean): boolean {
  if (typeof value !== "string") return false;
  if (/^\*+$/.test(value)) return true;
  return value.startsWith("arn:") && value.split(":").length >= 6;
}

export function isBase64Value(value: string | number | boolean): boolean {
  return typeof value === "string" && value.length > 0 && /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(value);
}

/** `${*}`, `${?}` and `${$}` stand for the literal characters (IAM policy variables, "special characters"). */
export function withoutEscapes(text: string): string {
  return text.replace(/\$\{[*?$]\}/g, "");
}

/** A policy variable other than the three escapes, such as `${aws:username}`. */
export function hasVariable(text: string): boolean {
  return /\$\{[^}]*\}/.test(withoutEscapes(text));
}

/** A `*` or `?` that is a wildcard (not inside an escape such as `${*}`). */
export function hasValueWildcard(text: string): boolean {
  const plain = withoutEscapes(text);
  return plain.includes("*") || plain.includes("?");
}
