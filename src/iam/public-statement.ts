/**
 * S3's "meaning of public" for one policy statement, as a pure function:
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
 *
 * S3 takes a statement as public by default and calls it non-public only when it grants access to fixed values (no
 * wildcard, no policy variable) of an AWS principal or of one of a listed set of condition keys. This module
 * answers that question and says why, so messages can name the condition that would fix a public statement.
 */
import { parseArn } from "./arn.js";
import { BROADEST_PREFIX, judgeCidr } from "./public-cidr.js";
import type { ConditionModel, StatementModel } from "./policy-model.js";
import { hasPolicyVariable, hasWildcard } from "./wildcard.js";

/** The resource policies S3 judges for public access; what counts as "public" differs between them. */
export type PolicyKind = "mrap-policy" | "access-point-policy" | "bucket-policy";

export interface WildcardPrincipal {
  /** Pointer of the `Principal` (or `NotPrincipal`) element. */
  pointer: string;
  /** How the principal reads in a message, e.g. `Principal "*"`. */
  text: string;
}

export interface PublicVerdict {
  public: boolean;
  /** The element that lets anyone in; undefined when the statement names fixed principals or is not an Allow. */
  principal?: WildcardPrincipal;
  /** The first condition that makes the statement non-public. */
  limitedBy?: { key: string; pointer: string };
  /** Each condition considered and why it does not limit (or why the statement was not evaluated). */
  reasons: string[];
  /**
   * MRAP policies only: a condition that makes a bucket policy non-public but an access point policy public.
   * AWS does not say which of the two an MRAP policy follows (§3.3), so the verdict stays public and names it.
   */
  uncertain?: { key: string; pointer: string };
}

type KeyType = "string" | "arn" | "ip" | "userid" | "access-point-arn";

/**
 * The keys §3.3 lists, by lowercase name (condition keys are case-insensitive). `aws:PrincipalArn` stands for "an
 * AWS principal, user, role" (the list's own example is `aws:PrincipalOrgID`). `aws:PrincipalAccount` is not
 * listed, and `s3:x-amz-server-side-encryption-aws-kms-key-id` was dropped from the current page.
 */
const LIMITING_KEYS: ReadonlyMap<string, { name: string; type: KeyType }> = new Map(
  (
    [
      ["aws:PrincipalOrgID", "string"],
      ["aws:PrincipalArn", "arn"],
      ["aws:SourceIp", "ip"],
      ["aws:SourceArn", "arn"],
      ["aws:SourceVpc", "string"],
      ["aws:SourceVpce", "string"],
      ["aws:SourceOwner", "string"],
      ["aws:SourceAccount", "string"],
      ["aws:userid", "userid"],
      ["s3:DataAccessPointArn", "access-point-arn"],
      ["s3:DataAccessPointAccount", "string"],
    ] as const
  ).map(([name, type]) => [name.toLowerCase(), { name, type }]),
);

/** Keys people expect to limit that §3.3 does not list, with what to say about them. */
const NOT_LISTED: ReadonlyMap<string, string> = new Map([
  ["aws:principalaccount", "aws:PrincipalAccount is not in S3's list of keys that count as a fixed limit"],
  ["s3:x-amz-server-side-encryption-aws-kms-key-id", "s3:x-amz-server-side-encryption-aws-kms-key-id is no longer in S3's list of keys that count as a fixed limit"],
]);

const STRING_OPERATORS = new Set(["StringEquals", "StringEqualsIgnoreCase", "StringLike"]);
const ARN_OPERATORS = new Set(["ArnEquals", "ArnLike"]);
const NEGATED_OPERATORS = new Set(["StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike", "ArnNotEquals", "ArnNotLike", "NotIpAddress"]);

/**
 * The principal that makes a statement open to anyone: `"Principal": "*"`, an entry `"*"`, an AWS principal
 * with a wildcard (`arn:aws:iam::*:root`), or `NotPrincipal` on an Allow (everyone except the listed ones).
 */
export function wildcardPrincipal(statement: StatementModel): WildcardPrincipal | undefined {
  const { principal } = statement;
  if (principal) {
    if (principal.anyone) return { pointer: principal.pointer, text: 'Principal "*"' };
    const entry = principal.entries.find((e) => e.value === "*" || (e.type === "AWS" && hasWildcard(e.value)));
    return entry ? { pointer: principal.pointer, text: `${entry.type} principal "${entry.value}"` } : undefined;
  }
  if (statement.notPrincipal && statement.effect === "Allow") return { pointer: statement.notPrincipal.pointer, text: "NotPrincipal (everyone except the principals it lists)" };
  return undefined;
}

/** Whether one statement makes its policy public under S3's rules for `kind`. */
export function evaluatePublic(statement: StatementModel, kind: PolicyKind): PublicVerdict {
  if (statement.effect !== "Allow") {
    return { public: false, reasons: [statement.effect === "Deny" ? "a Deny statement grants nothing" : "the statement has no valid Effect"] };
  }
  const principal = wildcardPrincipal(statement);
  if (!principal) {
    const named = statement.principal !== undefined;
    return { public: false, reasons: [named ? "the Principal names fixed principals" : "the statement has no Principal"] };
  }
  const reasons: string[] = [];
  let uncertain: PublicVerdict["uncertain"];
  for (const condition of statement.conditions) {
    const judged = judgeCondition(condition, kind);
    if (judged.limits) return { public: false, principal, limitedBy: { key: judged.key, pointer: condition.pointer }, reasons };
    if (judged.uncertain && !uncertain) uncertain = { key: judged.key, pointer: condition.pointer };
    reasons.push(judged.reason);
  }
  return { public: true, principal, reasons, ...(uncertain ? { uncertain } : {}) };
}

type ConditionJudgement = { key: string; limits: true } | { key: string; limits: false; reason: string; uncertain?: boolean };

/** Whether one condition limits a statement to fixed values of a §3.3 key, and if not, why not. */
export function judgeCondition(condition: ConditionModel, kind: PolicyKind): ConditionJudgement {
  const written = condition.key.value;
  const known = LIMITING_KEYS.get(condition.lowerKey);
  const { operator } = condition;
  const op = operator.text;
  if (!known) {
    const reason = NOT_LISTED.get(condition.lowerKey) ?? `${written} is not in S3's list of keys that count as a fixed limit`;
    return { key: written, limits: false, reason };
  }
  const key = known.name;
  const no = (reason: string) => ({ key, limits: false as const, reason });
  if (NEGATED_OPERATORS.has(operator.base)) return no(`${op} ${key} is negated, so it matches every value it does not list`);
  if (operator.base === "Null") return no(`${op} ${key} only tests whether the key is present`);
  // IAM: with …IfExists, "If the key is not present, evaluate the condition element as true".
  if (operator.ifExists) return no(`${op} ${key} is also satisfied when the request has no ${key}`);
  if (operator.set === "ForAllValues") return no(`${op} ${key} can be overly permissive with a single-valued key (ForAllValues)`);
  const accepted = known.type === "ip" ? operator.base === "IpAddress" : STRING_OPERATORS.has(operator.base) || (known.type !== "string" && ARN_OPERATORS.has(operator.base));
  if (!accepted) return no(`${op} does not compare ${key} with fixed values`);
  if (condition.values.length === 0) return no(`${op} ${key} has no values`);
  if (known.type === "access-point-arn" && kind === "access-point-policy") {
    return no(`${key} does not make an access point policy non-public (S3 treats an access point policy that grants through it as public)`);
  }
  for (const { value } of condition.values) {
    const text = String(value);
    const problem = valueProblem(known.type, text);
    if (problem) return no(`${op} ${key} "${text}" ${problem}`);
  }
  if (known.type === "access-point-arn" && kind === "mrap-policy") {
    return { key, limits: false, uncertain: true, reason: `${key} makes a bucket policy non-public but an access point policy public, and AWS does not say which rule an MRAP policy follows` };
  }
  return { key, limits: true };
}

/** Why one value is not a fixed value of the key, or undefined when it is. */
function valueProblem(type: KeyType, text: string): string | undefined {
  if (hasPolicyVariable(text)) return "contains a policy variable";
  if (type === "access-point-arn") return accessPointArnProblem(text);
  if (hasWildcard(text)) return "contains a wildcard";
  if (type === "ip") {
    const cidr = judgeCidr(text);
    if (cidr.ok) return undefined;
    if (cidr.problem === "invalid") return "is not a valid CIDR block";
    if (cidr.problem === "broad") return `is broader than /${BROADEST_PREFIX[cidr.family]}, which S3 counts as public`;
    return "is an RFC 1918 private range, which S3 leaves out of the CIDR rule (aws:SourceIp only sees public addresses)";
  }
  if (type === "userid" && /^[A-Za-z0-9]+:/.test(text)) return 'has the form ID:NAME, the pattern "AROLEID:*" that S3 does not count';
  return undefined;
}

/**
 * An `s3:DataAccessPointArn` value is fixed when it has no wildcard, or when its only wildcard is in the access
 * point name and the account is a fixed 12-digit id (§3.3, e.g. `arn:aws:s3:us-west-2:123456789012:accesspoint/*`).
 */
export function accessPointArnProblem(text: string): string | undefined {
  if (hasPolicyVariable(text)) return "contains a policy variable";
  if (!hasWildcard(text)) return undefined;
  const arn = parseArn(text);
  if (!arn || !/^\d{12}$/.test(arn.account)) return "has a wildcard and no fixed 12-digit account";
  if (hasWildcard(`${arn.partition}:${arn.service}:${arn.region}`) || !arn.resource.startsWith("accesspoint/")) {
    return "has a wildcard outside the access point name (only the name may be a wildcard)";
  }
  return undefined;
}

/** The account an `s3:DataAccessPointArn` value names, when it is a fixed 12-digit id. */
export function accessPointArnAccount(text: string): string | undefined {
  const account = parseArn(text)?.account;
  return account !== undefined && /^\d{12}$/.test(account) ? account : undefined;
}

/** What to add to make a public statement non-public, by policy kind: a phrase that follows "name the principals, or". */
export function suggestedLimits(kind: PolicyKind): string {
  switch (kind) {
    case "bucket-policy":
      return "add a fixed aws:PrincipalOrgID or aws:SourceVpce condition, or delegate to the account that owns the access points with a fixed s3:DataAccessPointAccount";
    case "access-point-policy":
      return "add a fixed aws:PrincipalOrgID, aws:SourceVpce or aws:SourceVpc condition";
    case "mrap-policy":
      return "add a fixed aws:PrincipalOrgID, aws:PrincipalArn or aws:SourceVpce condition";
  }
}

/** How a statement reads in a message: its Sid in quotes, or its index. */
export function statementLabel(statement: StatementModel): string {
  return statement.sid ? `"${statement.sid.value}"` : `#${statement.index}`;
}
