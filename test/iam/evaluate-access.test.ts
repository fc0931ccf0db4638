import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { JsonValue } from "../../src/document/index.js";
import { closestAllow, evaluateAccess, patternCoverage, statementLabel, type AccessRequest, type ContextValue, type Evaluation } from "../../src/iam/evaluate-access.js";
import { policyModel } from "../../src/iam/policy-model.js";

const OWNER = "111122223333";
const OTHER = "444455556666";
const MRAP = `arn:aws:s3::${OWNER}:accesspoint/mfzwi23gnjvgw.mrap`;
const BUCKET = "arn:aws:s3:::orders-euw1";
const ROLE = `arn:aws:iam::${OWNER}:role/orders-app`;
const CONTEXT: Record<string, ContextValue> = { "s3:DataAccessPointArn": MRAP, "s3:DataAccessPointAccount": OWNER };

type Statement = { [key: string]: JsonValue };

function evaluate(statements: Statement[], request: Partial<AccessRequest> = {}): Evaluation {
  const policy = policyModel({ Version: "2012-10-17", Statement: statements });
  return evaluateAccess(policy, { principal: ROLE, action: "s3:GetObject", resource: `${BUCKET}/*`, context: CONTEXT, ...request });
}

/** Fields set to undefined are removed (to swap Action for NotAction and the like). */
type Extra = Record<string, JsonValue | undefined>;
const allow = (extra: Extra = {}): Statement => strip({ Effect: "Allow", Principal: { AWS: ROLE }, Action: "s3:GetObject", Resource: `${BUCKET}/*`, ...extra });
const deny = (extra: Extra = {}): Statement => strip({ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [BUCKET, `${BUCKET}/*`], ...extra });
const delegateTo = (condition: Statement): Statement => ({ Effect: "Allow", Principal: { AWS: "*" }, Action: "*", Resource: [BUCKET, `${BUCKET}/*`], Condition: condition });

describe("evaluateAccess: delegation to the MRAP", () => {
  it("allows through s3:DataAccessPointAccount equal to the MRAP owner", () => {
    const result = evaluate([delegateTo({ StringEquals: { "s3:DataAccessPointAccount": OWNER } })]);
    assert.equal(result.decision, "allowed");
    assert.equal(result.certain, true);
    assert.equal(result.deciding[0]!.statement.pointer, "/Statement/0");
  });

  it("allows through s3:DataAccessPointArn equal to the MRAP ARN", () => {
    const result = evaluate([delegateTo({ StringEquals: { "s3:DataAccessPointArn": MRAP } })]);
    assert.deepEqual([result.decision, result.certain], ["allowed", true]);
  });

  it("allows through ArnLike with a wildcard for the alias of the owner account", () => {
    const result = evaluate([delegateTo({ ArnLike: { "s3:DataAccessPointArn": `arn:aws:s3::${OWNER}:accesspoint/*` } })]);
    assert.deepEqual([result.decision, result.certain], ["allowed", true]);
  });

  it("does not allow a delegation to another account", () => {
    const result = evaluate([delegateTo({ StringEquals: { "s3:DataAccessPointAccount": OTHER } })]);
    assert.equal(result.decision, "not-allowed");
    assert.deepEqual(result.deciding, []);
  });

  it("does not allow a delegation to a Regional access point ARN", () => {
    const result = evaluate([delegateTo({ ArnLike: { "s3:DataAccessPointArn": `arn:aws:s3:eu-west-1:${OWNER}:accesspoint/*` } })]);
    assert.equal(result.decision, "not-allowed");
  });

  it("counts any alias of the owner account when the alias is only partly known, and says so", () => {
    const context = { ...CONTEXT, "s3:DataAccessPointArn": { pattern: `arn:aws:s3::${OWNER}:accesspoint/*`, note: "alias unknown" } };
    const exact = evaluate([delegateTo({ StringEquals: { "s3:DataAccessPointArn": MRAP } })], { context });
    assert.equal(exact.decision, "allowed");
    assert.deepEqual(exact.deciding[0]!.assumptions, ["alias unknown"]);
    const wildcard = evaluate([delegateTo({ ArnLike: { "s3:DataAccessPointArn": `arn:aws:s3::${OWNER}:accesspoint/*` } })], { context });
    assert.deepEqual([wildcard.decision, wildcard.deciding[0]!.assumptions], ["allowed", []]);
    const other = evaluate([delegateTo({ StringEquals: { "s3:DataAccessPointArn": `arn:aws:s3::${OTHER}:accesspoint/mfzwi23gnjvgw.mrap` } })], { context });
    assert.equal(other.decision, "not-allowed");
    const literalStar = evaluate([delegateTo({ StringEquals: { "s3:DataAccessPointArn": `arn:aws:s3::${OWNER}:accesspoint/*` } })], { context });
    assert.equal(literalStar.decision, "not-allowed", "StringEquals does not expand wildcards");
  });
});

describe("evaluateAccess: principals", () => {
  const cases: [string, JsonValue, string, AccessRequest["principal"], boolean][] = [
    ['"*" matches anyone', "*", "", ROLE, true],
    ['{"AWS":"*"} matches anyone', { AWS: "*" }, "", "*", true],
    ["an account id matches its roles", { AWS: OWNER }, "", ROLE, true],
    ["a root ARN matches its roles", { AWS: `arn:aws:iam::${OWNER}:root` }, "", ROLE, true],
    ["an account id matches the whole account", { AWS: OWNER }, "", OWNER, true],
    ["a role ARN matches itself", { AWS: ROLE }, "", ROLE, true],
    ["a role ARN does not match another role", { AWS: `arn:aws:iam::${OWNER}:role/other` }, "", ROLE, false],
    ["a role ARN does not cover its whole account", { AWS: ROLE }, "", OWNER, false],
    ["an account does not cover anyone", { AWS: OWNER }, "", "*", false],
    ["another account does not match", { AWS: OTHER }, "", ROLE, false],
    ["a service principal matches itself", { Service: "cloudwatch.amazonaws.com" }, "", { service: "cloudwatch.amazonaws.com" }, true],
    ["an AWS principal does not match a service", { AWS: OWNER }, "", { service: "cloudwatch.amazonaws.com" }, false],
  ];
  for (const [name, principal, , requester, allowed] of cases) {
    it(name, () => {
      const result = evaluate([allow({ Principal: principal })], { principal: requester });
      assert.equal(result.decision, allowed ? "allowed" : "not-allowed");
      if (allowed) assert.equal(result.certain, true);
    });
  }

  it("treats a principal ARN with a wildcard as may-apply", () => {
    const result = evaluate([allow({ Principal: { AWS: `arn:aws:iam::${OWNER}:role/orders-*` } })]);
    assert.deepEqual([result.decision, result.certain, result.deciding[0]!.principal], ["allowed", false, "unknown"]);
  });

  it("supports NotPrincipal in a Deny", () => {
    const statements = [allow(), deny({ Principal: undefined, NotPrincipal: { AWS: ROLE } })];
    assert.equal(evaluate(statements).decision, "allowed");
    assert.equal(evaluate(statements, { principal: `arn:aws:iam::${OWNER}:role/other` }).decision, "denied");
  });

  it("derives aws:PrincipalAccount and aws:PrincipalArn from the principal", () => {
    const byAccount = evaluate([allow({ Principal: "*", Condition: { StringEquals: { "aws:PrincipalAccount": OWNER } } })]);
    assert.deepEqual([byAccount.decision, byAccount.certain], ["allowed", true]);
    const byArn = evaluate([allow({ Principal: "*", Condition: { ArnEquals: { "aws:PrincipalArn": ROLE } } })]);
    assert.deepEqual([byArn.decision, byArn.certain], ["allowed", true]);
    const wrong = evaluate([allow({ Principal: "*", Condition: { StringEquals: { "aws:PrincipalAccount": OTHER } } })]);
    assert.equal(wrong.decision, "not-allowed");
    const unknownArn = evaluate([allow({ Principal: "*", Condition: { ArnEquals: { "aws:PrincipalArn": ROLE } } })], { principal: OWNER });
    assert.deepEqual([unknownArn.decision, unknownArn.certain, unknownArn.deciding[0]!.unknownKeys], ["allowed", false, ["aws:PrincipalArn"]]);
  });
});

describe("evaluateAccess: actions and resources", () => {
  it("matches actions case-insensitively with wildcards", () => {
    assert.equal(evaluate([allow({ Action: "S3:get*" })]).decision, "allowed");
    assert.equal(evaluate([allow({ Action: "s3:Get?bject" })]).decision, "allowed");
    assert.equal(evaluate([allow({ Action: "s3:PutObject" })]).decision, "not-allowed");
  });

  it("supports NotAction", () => {
    assert.equal(evaluate([allow({ Action: undefined, NotAction: "s3:PutObject" })]).decision, "allowed");
    assert.equal(evaluate([allow({ Action: undefined, NotAction: "s3:Get*" })]).decision, "not-allowed");
  });

  it("supports NotResource", () => {
    assert.equal(evaluate([allow({ Resource: undefined, NotResource: "arn:aws:s3:::other/*" })]).decision, "allowed");
    assert.equal(evaluate([allow({ Resource: undefined, NotResource: `${BUCKET}/*` })]).decision, "not-allowed");
  });

  it("needs an Allow to cover every resource the request names", () => {
    assert.equal(evaluate([allow({ Resource: `${BUCKET}/public/*` })]).decision, "not-allowed");
    assert.equal(evaluate([allow({ Resource: `${BUCKET}/public/*` })], { resource: `${BUCKET}/public/a*` }).decision, "allowed");
    assert.equal(evaluate([allow({ Resource: BUCKET })]).decision, "not-allowed", "the bucket ARN is not its objects");
  });

  it("treats a Deny on part of the resources as may-deny", () => {
    const result = evaluate([allow(), deny({ Resource: `${BUCKET}/secret/*` })]);
    assert.deepEqual([result.decision, result.certain, result.possibleDenies.length], ["allowed", false, 1]);
    assert.equal(result.possibleDenies[0]!.resource, "part");
  });

  it("computes pattern coverage", () => {
    assert.equal(patternCoverage(`${BUCKET}/*`, `${BUCKET}/*`), "all");
    assert.equal(patternCoverage(`${BUCKET}/*`, `${BUCKET}/a.txt`), "all");
    assert.equal(patternCoverage(`${BUCKET}/a/*`, `${BUCKET}/*`), "part");
    assert.equal(patternCoverage(`${BUCKET}/a*`, `${BUCKET}/ab/*`), "all");
    assert.equal(patternCoverage(`${BUCKET}/*/x`, `${BUCKET}/a/*`), "part");
    assert.equal(patternCoverage(`${BUCKET}/b/*`, `${BUCKET}/a/*`), "none");
    assert.equal(patternCoverage(BUCKET, `${BUCKET}/*`), "none");
  });
});

describe("evaluateAccess: Allow and Deny", () => {
  it("lets an explicit Deny win over an Allow and names it", () => {
    const result = evaluate([allow(), deny({ Sid: "NoReads", Action: "s3:GetObject" })]);
    assert.equal(result.decision, "denied");
    assert.equal(result.certain, true);
    assert.deepEqual(result.deciding.map((m) => m.statement.pointer), ["/Statement/1"]);
    assert.equal(statementLabel(result.deciding[0]!.statement), 'statement "NoReads"');
    assert.equal(statementLabel({ ...result.deciding[0]!.statement, sid: undefined }), "the statement at /Statement/1");
  });

  it("is not allowed without a matching Allow", () => {
    const result = evaluate([]);
    assert.deepEqual([result.decision, result.certain], ["not-allowed", true]);
  });

  it("applies a Deny whose negated condition on a known key holds", () => {
    const guard = deny({ Condition: { StringNotEquals: { "s3:DataAccessPointAccount": OTHER } } });
    assert.equal(evaluate([allow(), guard]).decision, "denied");
    const own = deny({ Condition: { StringNotEquals: { "s3:DataAccessPointAccount": OWNER } } });
    assert.deepEqual([evaluate([allow(), own]).decision, evaluate([allow(), own]).certain], ["allowed", true]);
  });

  it("evaluates IfExists, Null, Bool and set qualifiers on known keys", () => {
    assert.equal(evaluate([allow({ Condition: { StringEqualsIfExists: { "s3:DataAccessPointAccount": OTHER } } })]).decision, "not-allowed");
    assert.equal(evaluate([allow({ Condition: { "ForAnyValue:StringEquals": { "s3:DataAccessPointAccount": [OTHER, OWNER] } } })]).decision, "allowed");
    assert.equal(evaluate([allow({ Condition: { Null: { "s3:DataAccessPointArn": "false" } } })]).decision, "allowed");
    assert.equal(evaluate([allow({ Condition: { Null: { "s3:DataAccessPointArn": "true" } } })]).decision, "not-allowed");
    const insecure = deny({ Condition: { Bool: { "aws:SecureTransport": "false" } } });
    const secure = evaluate([allow(), insecure], { context: { ...CONTEXT, "aws:SecureTransport": "true" } });
    assert.deepEqual([secure.decision, secure.certain], ["allowed", true]);
  });
});

describe("evaluateAccess: unknown conditions", () => {
  it("counts an Allow with an unknown condition key as an allow with a caveat", () => {
    const result = evaluate([allow({ Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } } })]);
    assert.deepEqual([result.decision, result.certain], ["allowed", false]);
    assert.deepEqual(result.deciding[0]!.unknownKeys, ["aws:SourceIp"]);
  });

  it("prefers a certain Allow over one with unknown conditions", () => {
    const result = evaluate([allow({ Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } } }), allow()]);
    assert.deepEqual([result.decision, result.certain, result.deciding.map((m) => m.statement.index)], ["allowed", true, [1]]);
    assert.equal(result.possibleAllows.length, 1);
  });

  it("counts a Deny with an unknown condition key as may-deny", () => {
    const result = evaluate([allow(), deny({ Condition: { StringNotEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" } } })]);
    assert.deepEqual([result.decision, result.certain], ["allowed", false]);
    assert.deepEqual(result.possibleDenies.map((m) => m.unknownKeys), [["aws:SourceVpce"]]);
  });

  it("treats policy variables and unsupported operators on known keys as unknown", () => {
    const variable = evaluate([allow({ Condition: { StringEquals: { "aws:PrincipalAccount": "${aws:ResourceAccount}" } } })]);
    assert.deepEqual([variable.decision, variable.certain], ["allowed", false]);
    const numeric = evaluate([allow({ Condition: { NumericEquals: { "s3:DataAccessPointAccount": "1" } } })]);
    assert.deepEqual([numeric.decision, numeric.certain], ["allowed", false]);
  });

  it("a false known condition outweighs an unknown one", () => {
    const result = evaluate([allow({ Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" }, StringEquals: { "s3:DataAccessPointAccount": OTHER } } })]);
    assert.equal(result.decision, "not-allowed");
  });

  it("uses conditions the request is known to meet", () => {
    const holds = [{ operator: "IpAddress", key: "aws:SourceIp", values: ["10.0.0.0/8"] }];
    const same = evaluate([allow({ Condition: { IpAddress: { "aws:sourceip": ["10.0.0.0/8", "192.168.0.0/16"] } } })], { holds });
    assert.deepEqual([same.decision, same.certain], ["allowed", true]);
    const narrower = evaluate([allow({ Condition: { IpAddress: { "aws:SourceIp": "10.1.0.0/16" } } })], { holds });
    assert.deepEqual([narrower.decision, narrower.certain], ["allowed", false]);
    const opposite = evaluate([allow(), deny({ Condition: { NotIpAddress: { "aws:SourceIp": "10.0.0.0/8" } } })], { holds });
    assert.deepEqual([opposite.decision, opposite.certain], ["allowed", true]);
  });
});

describe("closestAllow", () => {
  it("points at the Allow that names the principal, else at one for the action and resource", () => {
    const policy = policyModel({
      Statement: [
        { Effect: "Allow", Principal: { AWS: OTHER }, Action: "s3:PutObject", Resource: `${BUCKET}/*` },
        { Effect: "Allow", Principal: { AWS: OTHER }, Action: "s3:GetObject", Resource: `${BUCKET}/*` },
        { Effect: "Allow", Principal: { AWS: ROLE }, Action: "s3:ListBucket", Resource: BUCKET },
      ],
    });
    const request = { principal: ROLE, action: "s3:GetObject", resource: `${BUCKET}/*`, context: CONTEXT };
    assert.equal(closestAllow(policy, request)?.pointer, "/Statement/2");
    assert.equal(closestAllow(policy, { ...request, principal: `arn:aws:iam::${OWNER}:role/other` })?.pointer, "/Statement/1");
    assert.equal(closestAllow(policy, { ...request, principal: "arn:aws:iam::999999999999:role/x", action: "s3:DeleteObject" }), undefined);
  });
});

function strip(statement: Extra): Statement {
  return Object.fromEntries(Object.entries(statement).filter(([, v]) => v !== undefined)) as Statement;
}
