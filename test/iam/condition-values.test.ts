import assert from "node:assert/strict";
import { it } from "node:test";
import {
  hasValueWildcard,
  hasVariable,
  isArnValue,
  isBase64Value,
  isBoolValue,
  isDateValue,
  isNumericValue,
  type IpRange,
  parseIpRange,
  rangeWithin,
  withoutEscapes,
} from "../../src/iam/condition-values.js";

it("parses IPv4 and IPv6 addresses and CIDR ranges; a bare address is a single host", () => {
  assert.deepEqual(parseIpRange("203.0.113.0/24"), { version: 4, bytes: [203, 0, 113, 0], prefix: 24 });
  assert.equal(parseIpRange("203.0.113.7")?.prefix, 32);
  const v6 = parseIpRange("2001:db8::/32");
  assert.equal(v6?.version, 6);
  assert.equal(v6?.bytes.length, 16);
  assert.deepEqual(v6?.bytes.slice(0, 4), [0x20, 0x01, 0x0d, 0xb8]);
  assert.equal(parseIpRange("::ffff:192.0.2.1")?.bytes.at(-1), 1);
});

it("rejects malformed addresses and prefixes", () => {
  for (const text of ["256.0.0.1", "10.0.0.0/33", "10.0.0/8", "2001:db8::/129", "1::2::3", "10.0.0.0/", "10.0.0.0/abc", "1.2.3.4::", "host"]) {
    assert.equal(parseIpRange(text), undefined, text);
  }
});

function range(text: string): IpRange {
  const parsed = parseIpRange(text);
  assert.ok(parsed, text);
  return parsed;
}

it("tells whether a range lies in a network", () => {
  const net = range("10.0.0.0/8");
  assert.equal(rangeWithin(range("10.20.0.0/16"), net), true);
  assert.equal(rangeWithin(range("11.0.0.0/16"), net), false);
  assert.equal(rangeWithin(range("0.0.0.0/0"), net), false, "a wider range is not within");
  assert.equal(rangeWithin(range("::/0"), range("::/0")), true);
  assert.equal(rangeWithin(range("10.0.0.1"), range("::/0")), false, "versions differ");
});

it("checks numbers, dates and Booleans as IAM reads them", () => {
  assert.equal(isNumericValue("42"), true);
  assert.equal(isNumericValue("-1.5"), true);
  assert.equal(isNumericValue(".5"), true);
  assert.equal(isNumericValue("1e3"), false);
  assert.equal(isNumericValue(Infinity), false);

  assert.equal(isDateValue("2024-02-29T12:00:00Z"), true);
  assert.equal(isDateValue("2023-02-29"), false, "not a leap year");
  assert.equal(isDateValue("2024-01-01T12:00"), false, "a time needs a time zone");
  assert.equal(isDateValue("2024-13"), false);
  assert.equal(isDateValue("1700000000"), true, "epoch seconds");
  assert.equal(isDateValue(-1), false);

  assert.equal(isBoolValue("TRUE"), true);
  assert.equal(isBoolValue(false), true);
  assert.equal(isBoolValue("yes"), false);
});

it("checks ARNs and base64 values", () => {
  assert.equal(isArnValue("arn:aws:s3:::bucket"), true);
  assert.equal(isArnValue("arn:aws:s3::bucket"), false);
  assert.equal(isArnValue("**"), true);
  assert.equal(isArnValue(1), false);
  assert.equal(isBase64Value("QUJD"), true);
  assert.equal(isBase64Value("QUI="), true);
  assert.equal(isBase64Value("QUI"), false);
  assert.equal(isBase64Value(""), false);
});

it("treats ${*}, ${?} and ${$} as literal characters, not wildcards or variables", () => {
  assert.equal(withoutEscapes("a${*}b${?}c${$}"), "abc");
  assert.equal(hasValueWildcard("reports/${*}"), false);
  assert.equal(hasValueWildcard("reports/*"), true);
  assert.equal(hasVariable("home/${aws:username}"), true);
  assert.equal(hasVariable("price${$}"), false);
});
