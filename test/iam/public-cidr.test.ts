import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { judgeCidr } from "../../src/iam/public-cidr.js";

describe("judgeCidr", () => {
  it("parses IPv4 and IPv6 forms", () => {
    assert.deepEqual(judgeCidr("203.0.113.0/24"), { ok: true, family: 4, prefix: 24 });
    assert.deepEqual(judgeCidr("2001:db8::1"), { ok: true, family: 6, prefix: 128 });
    assert.deepEqual(judgeCidr("::ffff:203.0.113.7/128"), { ok: true, family: 6, prefix: 128 });
    assert.deepEqual(judgeCidr("2001:0db8:0000:0000:0000:0000:0000:0001/64"), { ok: true, family: 6, prefix: 64 });
  });
  it("rejects malformed addresses", () => {
    for (const text of ["256.0.0.0/8", "1.2.3/8", "2001:db8:::1", "1:2:3:4:5:6:7:8:9", "vpc-1", "10.0.0.0/x", "1.2.3.4::", "0:1.2.3.4::/64"]) assert.equal(judgeCidr(text).ok, false, text);
  });
});
