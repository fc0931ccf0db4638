import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { JsonValue } from "../../src/document/index.js";
import { policyModel } from "../../src/iam/policy-model.js";
import { accessPointArnProblem, evaluatePublic, wildcardPrincipal, type PolicyKind } from "../../src/iam/public-statement.js";

type Obj = { [key: string]: JsonValue | undefined };

/** One statement; `fields` override the defaults (a field set to undefined is removed). */
const statement = (fields: Obj = {}) => {
  const merged = { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::orders-use1/*", ...fields };
  const model = policyModel({ Version: "2012-10-17", Statement: [Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined)) as { [key: string]: JsonValue }] });
  return model.statements[0]!;
};
const verdict = (fields: Obj, kind: PolicyKind = "bucket-policy") => evaluatePublic(statement(fields), kind);
const when = (operator: string, key: string, value: JsonValue, kind: PolicyKind = "bucket-policy") => verdict({ Condition: { [operator]: { [key]: value } } }, kind);

const assertPublic = (v: ReturnType<typeof verdict>, reason?: RegExp) => {
  assert.equal(v.public, true, `expected public; reasons: ${v.reasons.join("; ")}`);
  if (reason) assert.ok(v.reasons.some((r) => reason.test(r)), `reasons ${JSON.stringify(v.reasons)} should match ${reason}`);
};
const assertLimited = (v: ReturnType<typeof verdict>, key: string) => {
  assert.equal(v.public, false, `expected not public; reasons: ${v.reasons.join("; ")}`);
  assert.equal(v.limitedBy?.key, key);
};

describe("wildcardPrincipal", () => {
  it('recognises "*", {"AWS":"*"}, AWS principals with a wildcard and Allow+NotPrincipal', () => {
    assert.equal(wildcardPrincipal(statement())?.text, 'Principal "*"');
    assert.equal(wildcardPrincipal(statement({ Principal: { AWS: "*" } }))?.text, 'AWS principal "*"');
    assert.equal(wildcardPrincipal(statement({ Principal: { AWS: ["arn:aws:iam::111122223333:root", "arn:aws:iam::*:root"] } }))?.text, 'AWS principal "arn:aws:iam::*:root"');
    assert.equal(wildcardPrincipal(statement({ Principal: undefined, NotPrincipal: { AWS: "arn:aws:iam::111122223333:root" } }))?.pointer, "/Statement/0/NotPrincipal");
  });
  it("does not treat fixed principals as wildcards", () => {
    assert.equal(wildcardPrincipal(statement({ Principal: { AWS: "111122223333" } })), undefined);
    assert.equal(wildcardPrincipal(statement({ Principal: { Service: "cloudwatch.amazonaws.com" } })), undefined);
  });
});

describe("evaluatePublic: principals and effect", () => {
  it("Principal * without a condition is public", () => {
    const v = verdict({});
    assertPublic(v);
    assert.equal(v.principal?.pointer, "/Statement/0/Principal");
    assert.deepEqual(v.reasons, []);
  });
  it('{"AWS":"*"} and an AWS principal with a wildcard are public', () => {
    assertPublic(verdict({ Principal: { AWS: "*" } }));
    assertPublic(verdict({ Principal: { AWS: "arn:aws:iam::*:root" } }));
  });
  it("a fixed AWS account, role or service principal is not public", () => {
    for (const Principal of <JsonValue[]>[{ AWS: "111122223333" }, { AWS: "arn:aws:iam::111122223333:role/reader" }, { Service: "cloudwatch.amazonaws.com" }]) {
      const v = verdict({ Principal });
      assert.equal(v.public, false);
      assert.equal(v.principal, undefined);
    }
  });
  it("a Deny statement is never public", () => {
    assert.equal(verdict({ Effect: "Deny" }).public, false);
  });
  it("Allow with NotPrincipal is public unless a condition limits it", () => {
    const fields = { Principal: undefined, NotPrincipal: { AWS: "arn:aws:iam::111122223333:root" } };
    assertPublic(verdict(fields));
    assertLimited(verdict({ ...fields, Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } }), "aws:PrincipalOrgID");
  });
});

describe("evaluatePublic: each listed key with a fixed value limits", () => {
  const cases: [string, JsonValue, string][] = [
    ["StringEquals", "o-a1b2c3d4e5", "aws:PrincipalOrgID"],
    ["ArnEquals", "arn:aws:iam::111122223333:role/reader", "aws:PrincipalArn"],
    ["IpAddress", "203.0.113.0/24", "aws:SourceIp"],
    ["ArnLike", "arn:aws:cloudtrail:us-east-1:111122223333:trail/main", "aws:SourceArn"],
    ["StringEquals", "vpc-91237329", "aws:SourceVpc"],
    ["StringEquals", "vpce-1a2b3c4d", "aws:SourceVpce"],
    ["StringEquals", "111122223333", "aws:SourceOwner"],
    ["StringEquals", "111122223333", "aws:SourceAccount"],
    ["StringEquals", "AIDAEXAMPLEUSERID", "aws:userid"],
    ["StringEquals", "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap", "s3:DataAccessPointArn"],
    ["StringEquals", "111122223333", "s3:DataAccessPointAccount"],
  ];
  for (const [operator, value, key] of cases) {
    it(`${operator} ${key}`, () => assertLimited(when(operator, key, value), key));
  }
  it("matches keys case-insensitively and reports the canonical spelling", () => {
    assertLimited(when("StringEquals", "AWS:SourceVPCE", "vpce-1a2b3c4d"), "aws:SourceVpce");
    assertLimited(when("StringEquals", "s3:dataaccesspointaccount", "111122223333"), "s3:DataAccessPointAccount");
  });
  it("StringLike and ArnLike with a value without wildcards limit", () => {
    assertLimited(when("StringLike", "aws:SourceVpce", "vpce-1a2b3c4d"), "aws:SourceVpce");
    assertLimited(when("ArnLike", "aws:PrincipalArn", "arn:aws:iam::111122223333:role/reader"), "aws:PrincipalArn");
  });
  it("StringEqualsIgnoreCase and ForAnyValue with a fixed value limit", () => {
    assertLimited(when("StringEqualsIgnoreCase", "aws:SourceVpce", "vpce-1a2b3c4d"), "aws:SourceVpce");
    assertLimited(when("ForAnyValue:StringEquals", "aws:PrincipalOrgID", "o-a1b2c3d4e5"), "aws:PrincipalOrgID");
  });
  it("a number value is fixed", () => {
    assertLimited(when("StringEquals", "aws:SourceAccount", 111122223333), "aws:SourceAccount");
  });
  it("every value in a list must be fixed", () => {
    assertLimited(when("StringEquals", "aws:SourceVpce", ["vpce-1a2b3c4d", "vpce-5e6f7a8b"]), "aws:SourceVpce");
    assertPublic(when("StringLike", "aws:SourceVpce", ["vpce-1a2b3c4d", "vpce-*"]), /"vpce-\*" contains a wildcard/);
  });
  it("one limiting condition among several is enough", () => {
    const v = verdict({ Condition: { Bool: { "aws:SecureTransport": "true" }, StringEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" } } });
    assertLimited(v, "aws:SourceVpce");
    assert.equal(v.limitedBy?.pointer, "/Statement/0/Condition/StringEquals/aws:SourceVpce");
  });
});

describe("evaluatePublic: what does not limit", () => {
  it('§3.3 example: StringLike aws:SourceVpc "vpc-*" is public, StringEquals "vpc-91237329" is not', () => {
    const v = when("StringLike", "aws:SourceVpc", "vpc-*");
    assertPublic(v, /aws:SourceVpc "vpc-\*" contains a wildcard/);
    assertLimited(when("StringEquals", "aws:SourceVpc", "vpc-91237329"), "aws:SourceVpc");
  });
  it("a policy variable is not a fixed value", () => {
    assertPublic(when("StringEquals", "aws:PrincipalArn", "arn:aws:iam::111122223333:user/${aws:username}"), /policy variable/);
  });
  it("a wildcard counts even under StringEquals", () => {
    assertPublic(when("StringEquals", "aws:SourceAccount", "*"), /contains a wildcard/);
  });
  it("aws:PrincipalAccount is not in the list", () => {
    assertPublic(when("StringEquals", "aws:PrincipalAccount", "111122223333"), /aws:PrincipalAccount is not in S3's list/);
  });
  it("unlisted keys (aws:SecureTransport, the dropped KMS key id) do not limit", () => {
    assertPublic(when("Bool", "aws:SecureTransport", "true"), /aws:SecureTransport is not in S3's list/);
    assertPublic(when("StringEquals", "s3:x-amz-server-side-encryption-aws-kms-key-id", "arn:aws:kms:us-east-1:111122223333:key/1"), /no longer in S3's list/);
  });
  it("negated operators do not limit", () => {
    assertPublic(when("StringNotEquals", "aws:SourceVpce", "vpce-1a2b3c4d"), /negated/);
    assertPublic(when("NotIpAddress", "aws:SourceIp", "203.0.113.0/24"), /negated/);
    assertPublic(when("ArnNotLike", "aws:PrincipalArn", "arn:aws:iam::111122223333:role/reader"), /negated/);
  });
  it("IfExists variants do not limit: they hold when the key is absent", () => {
    assertPublic(when("StringEqualsIfExists", "aws:SourceVpce", "vpce-1a2b3c4d"), /also satisfied when the request has no aws:SourceVpce/);
    assertPublic(when("IpAddressIfExists", "aws:SourceIp", "203.0.113.0/24"), /also satisfied/);
  });
  it("ForAllValues does not limit a single-valued key", () => {
    assertPublic(when("ForAllValues:StringEquals", "aws:SourceVpce", "vpce-1a2b3c4d"), /ForAllValues/);
  });
  it("Null only tests presence", () => {
    assertPublic(when("Null", "aws:SourceVpce", "false"), /only tests whether the key is present/);
  });
  it("an operator of the wrong family does not limit", () => {
    assertPublic(when("StringEquals", "aws:SourceIp", "203.0.113.0/24"), /does not compare aws:SourceIp/);
    assertPublic(when("ArnEquals", "aws:SourceVpce", "vpce-1a2b3c4d"), /does not compare aws:SourceVpce/);
  });
  it("an empty value list does not limit", () => {
    assertPublic(when("StringEquals", "aws:SourceVpce", []), /has no values/);
  });
  it("aws:userid of the form AROLEID:* does not limit", () => {
    assertPublic(when("StringLike", "aws:userid", "AROAEXAMPLEROLEID:*"), /wildcard/);
    assertPublic(when("StringEquals", "aws:userid", "AROAEXAMPLEROLEID:alice"), /AROLEID:\*/);
  });
});

describe("evaluatePublic: aws:SourceIp ranges", () => {
  it("0.0.0.0/1 is public (§3.3's own example)", () => assertPublic(when("IpAddress", "aws:SourceIp", "0.0.0.0/1"), /broader than \/8/));
  it("an IPv4 /7 is public, a public /8 limits", () => {
    assertPublic(when("IpAddress", "aws:SourceIp", "44.0.0.0/7"));
    assertLimited(when("IpAddress", "aws:SourceIp", "44.0.0.0/8"), "aws:SourceIp");
  });
  it("a single address limits", () => assertLimited(when("IpAddress", "aws:SourceIp", "203.0.113.7"), "aws:SourceIp"));
  it("10.0.0.0/8 and other RFC 1918 ranges do not limit", () => {
    assertPublic(when("IpAddress", "aws:SourceIp", "10.0.0.0/8"), /RFC 1918/);
    assertPublic(when("IpAddress", "aws:SourceIp", "172.16.4.0/24"), /RFC 1918/);
    assertPublic(when("IpAddress", "aws:SourceIp", "192.168.1.1"), /RFC 1918/);
  });
  it("a range beside RFC 1918 space is public address space and limits", () => {
    assertLimited(when("IpAddress", "aws:SourceIp", "172.32.0.0/16"), "aws:SourceIp");
    assertLimited(when("IpAddress", "aws:SourceIp", "11.0.0.0/8"), "aws:SourceIp");
  });
  it("IPv6 /32 limits, /31 is public", () => {
    assertLimited(when("IpAddress", "aws:SourceIp", "2001:db8::/32"), "aws:SourceIp");
    assertPublic(when("IpAddress", "aws:SourceIp", "2001:db8::/31"), /broader than \/32/);
  });
  it("one broad range among narrow ones makes the condition public", () => {
    assertPublic(when("IpAddress", "aws:SourceIp", ["203.0.113.0/24", "0.0.0.0/0"]));
  });
  it("an invalid CIDR does not limit", () => assertPublic(when("IpAddress", "aws:SourceIp", "203.0.113.0/33"), /not a valid CIDR/));
});

describe("evaluatePublic: the delegation bucket policy is not public", () => {
  it("Principal * + fixed s3:DataAccessPointAccount (MrapOperations, §4.2)", () => {
    assertLimited(verdict({ Principal: { AWS: "*" }, Action: ["s3:*"], Condition: { StringEquals: { "s3:DataAccessPointAccount": "444455556666" } } }), "s3:DataAccessPointAccount");
  });
  it("Principal * + fixed s3:DataAccessPointArn naming the MRAP (Example 1, §4.2)", () => {
    assertLimited(
      verdict({ Principal: { AWS: "*" }, Action: "*", Condition: { StringEquals: { "s3:DataAccessPointArn": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap" } } }),
      "s3:DataAccessPointArn",
    );
  });
  it("s3:DataAccessPointArn with a wildcard access point name and a fixed account (§3.3 example)", () => {
    assertLimited(when("StringLike", "s3:DataAccessPointArn", "arn:aws:s3:us-west-2:123456789012:accesspoint/*"), "s3:DataAccessPointArn");
  });
  it("a wildcard account is public", () => {
    assertPublic(when("StringLike", "s3:DataAccessPointAccount", "*"), /contains a wildcard/);
    assertPublic(when("StringLike", "s3:DataAccessPointArn", "arn:aws:s3:us-west-2:*:accesspoint/*"), /no fixed 12-digit account/);
    assertPublic(when("ArnLike", "s3:DataAccessPointArn", "arn:aws:s3:*:123456789012:accesspoint/*"), /outside the access point name/);
  });
  it("in an access point policy, s3:DataAccessPointArn does not limit (§3.3 exception)", () => {
    assertPublic(when("StringEquals", "s3:DataAccessPointArn", "arn:aws:s3:us-west-2:123456789012:accesspoint/reports-ap", "access-point-policy"), /access point policy/);
    assertLimited(when("StringEquals", "s3:DataAccessPointAccount", "123456789012", "access-point-policy"), "s3:DataAccessPointAccount");
  });
  it("in an MRAP policy, s3:DataAccessPointArn alone leaves the verdict public but uncertain", () => {
    const v = when("StringEquals", "s3:DataAccessPointArn", "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap", "mrap-policy");
    assertPublic(v);
    assert.deepEqual(v.uncertain, { key: "s3:DataAccessPointArn", pointer: "/Statement/0/Condition/StringEquals/s3:DataAccessPointArn" });
    const limited = verdict(
      { Condition: { StringEquals: { "s3:DataAccessPointArn": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap", "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } },
      "mrap-policy",
    );
    assertLimited(limited, "aws:PrincipalOrgID");
  });
  it("accessPointArnProblem", () => {
    assert.equal(accessPointArnProblem("arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap"), undefined);
    assert.equal(accessPointArnProblem("arn:aws:s3:us-west-2:111122223333:accesspoint/*"), undefined);
    assert.match(accessPointArnProblem("arn:aws:s3::${aws:PrincipalAccount}:accesspoint/x")!, /policy variable/);
    assert.match(accessPointArnProblem("*")!, /no fixed 12-digit account/);
  });
});
