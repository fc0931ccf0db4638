/**
 * A small evaluator of one S3 resource policy for one request: is the request explicitly denied, allowed, or
 * not allowed, and by which statements.
 *
 * What it models:
 * - Effect, Principal / NotPrincipal, Action / NotAction (case-insensitive, `*` and `?`), Resource / NotResource
 *   (case-sensitive wildcards), and Condition blocks (all keys and operators must hold; for one key, any value).
 * - Principals: `"*"` and `{"AWS":"*"}` match anyone; a 12-digit account id or `arn:P:iam::ACCT:root` matches
 *   every principal of that account; a user or role ARN matches that ARN. A request principal may be a set:
 *   `"*"` (anyone) or an account id (every principal of the account). A statement that names only part of that
 *   set, or a principal ARN with a wildcard (a meaning this evaluator does not model), "may apply".
 * - A request resource may be a pattern (`arn:aws:s3:::bucket/*`, every key): a statement whose resources cover
 *   only part of it "may apply".
 * - Condition operators String(Not)Equals(IgnoreCase), String(Not)Like, Arn(Not)Equals, Arn(Not)Like (ARN
 *   operators compare the six colon-separated parts one by one, wildcards allowed in each; ArnEquals is treated
 *   like ArnLike), Bool and Null, with IfExists and ForAnyValue / ForAllValues on the single value this evaluator
 *   knows, for the keys the caller puts in `context` plus aws:PrincipalAccount and aws:PrincipalArn derived
 *   from the principal when known. A context value may be only partly known (the MRAP ARN before its alias is
 *   known): a condition value that could be it counts as a match "by assumption", reported in `assumptions`.
 * - Conditions the caller knows the request meets (`holds`, e.g. the conditions of the MRAP policy statement
 *   that allowed it): the same operator and key with a subset of values is true, the opposite operator false.
 *
 * Anything else is UNKNOWN, never guessed: a statement whose conditions use another key, another operator
 * (numeric, date, IP address, binary), or a policy variable "may apply". An Allow that may apply gives an
 * allow with a caveat (`certain: false`); a Deny that may apply is listed in `possibleDenies`.
 *
 * What it does NOT model: identity (IAM) policies, permissions boundaries, session policies, SCPs and RCPs,
 * VPC endpoint policies, ACLs and object ownership, Block Public Access, the account-level rules of which
 * policies must allow a request (same-account versus cross-account,
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiRegionAccessPointPermissions.html: the caller decides),
 * multi-valued condition keys, and most condition keys.
 */
import { parseArn } from "./arn.js";
import { parseOperator, type ConditionModel, type PolicyModel, type PrincipalModel, type StatementModel } from "./policy-model.js";
import { RecentCache } from "./recent-cache.js";
import { actionMatches, hasPolicyVariable, hasWildcard, matchesWildcard } from "./wildcard.js";

/** An AWS principal (`"*"`, a 12-digit account id, an IAM or STS ARN) or a service principal. */
export type RequestPrincipal = string | { service: string };

/** A value known only as "some string matching `pattern`" (`*` and `?` as in IAM). */
export interface PartialValue {
  pattern: string;
  /** Said in `assumptions` when a condition matches it only by assumption. */
  note: string;
}

export type ContextValue = string | PartialValue;

/** A condition the request is known to meet, e.g. `{ operator: "IpAddress", key: "aws:SourceIp", values: ["10.0.0.0/8"] }`. */
export interface HeldCondition {
  operator: string;
  key: string;
  values: readonly string[];
}

export interface AccessRequest {
  principal: RequestPrincipal;
  /** A concrete action such as `s3:GetObject`. */
  action: string;
  /** An ARN; `*` and `?` in it stand for every value (a set of resources). */
  resource: string;
  /** Known condition key values; keys compare case-insensitively. */
  context?: Readonly<Record<string, ContextValue>>;
  holds?: readonly HeldCondition[];
}

/** How much of the requested principals or resources a statement element covers. */
export type Coverage = "all" | "part" | "unknown" | "none";

export interface StatementMatch {
  statement: StatementModel;
  effect: "Allow" | "Deny";
  /** The statement applies to the whole request. When false it only may apply (see the other fields for why). */
  certain: boolean;
  /** Condition keys that could not be evaluated. */
  unknownKeys: string[];
  /** How much of the requested principals the statement names ("part" or "unknown" make it uncertain). */
  principal: Coverage;
  /** How much of the requested resources the statement names. */
  resource: Coverage;
  /** Conditions counted as true by assuming a partly known value is the one named (see `PartialValue.note`). */
  assumptions: string[];
}

export type Decision = "allowed" | "denied" | "not-allowed";

export interface Evaluation {
  decision: Decision;
  /** False when the decision rests on statements that only may apply, or an allow faces a Deny that may apply. */
  certain: boolean;
  /** The Denies that deny, or else the Allows that allow (certain ones when there are any). */
  deciding: StatementMatch[];
  possibleDenies: StatementMatch[];
  possibleAllows: StatementMatch[];
}

export function evaluateAccess(policy: PolicyModel, request: AccessRequest): Evaluation {
  const context = contextOf(request);
  const certainDenies: StatementMatch[] = [];
  const possibleDenies: StatementMatch[] = [];
  const certainAllows: StatementMatch[] = [];
  const possibleAllows: StatementMatch[] = [];
  for (const statement of policy.statements) {
    const match = matchStatement(statement, request, context);
    if (!match) continue;
    if (match.effect === "Deny") (match.certain ? certainDenies : possibleDenies).push(match);
    else (match.certain ? certainAllows : possibleAllows).push(match);
  }
  if (certainDenies.length > 0) return { decision: "denied", certain: true, deciding: certainDenies, possibleDenies, possibleAllows };
  if (certainAllows.length > 0) return { decision: "allowed", certain: possibleDenies.length === 0, deciding: certainAllows, possibleDenies, possibleAllows };
  if (possibleAllows.length > 0) return { decision: "allowed", certain: false, deciding: possibleAllows, possibleDenies, possibleAllows };
  return { decision: "not-allowed", certain: true, deciding: [], possibleDenies, possibleAllows };
}

/** The decision `evaluateAccess` makes, without collecting the statements behind it. */
export function decisionOf(policy: PolicyModel, request: AccessRequest): Decision {
  const context = contextOf(request);
  let allowed = false;
  for (const statement of policy.statements) {
    const match = matchStatement(statement, request, context);
    if (!match) continue;
    if (match.effect === "Allow") allowed = true;
    else if (match.certain) return "denied";
  }
  return allowed ? "allowed" : "not-allowed";
}

/**
 * The Allow statement that comes closest to granting the request, for pointing a "not allowed" finding at
 * it: one that names the principal, or grants the action on an overlapping resource. Undefined if none does.
 */
export function closestAllow(policy: PolicyModel, request: AccessRequest): StatementModel | undefined {
  let best: { statement: StatementModel; score: number } | undefined;
  for (const statement of policy.statements) {
    if (statement.effect !== "Allow") continue;
    const principal = principalCoverage(statement, request.principal);
    const action = actionMatch(statement, request.action);
    const resource = resourceCoverage(statement, request.resource);
    const named = principal !== undefined && principal !== "none";
    const overlaps = resource !== undefined && resource !== "none";
    if (!named && !(action && overlaps)) continue;
    const score = (named ? 4 : 0) + (action ? 2 : 0) + (overlaps ? 1 : 0);
    if (!best || score > best.score) best = { statement, score };
  }
  return best?.statement;
}

/** `statement "Sid"`, or `the statement at /Statement/N` for one without a Sid. */
export function statementLabel(statement: StatementModel): string {
  return statement.sid ? `statement "${statement.sid.value}"` : `the statement at ${statement.pointer}`;
}

// ---------------------------------------------------------------------------------------------------------
// Statements

function matchStatement(statement: StatementModel, request: AccessRequest, context: ReadonlyMap<string, ContextValue>): StatementMatch | undefined {
  const effect = statement.effect;
  if (effect === undefined) return undefined;
  const action = actionMatch(statement, request.action);
  if (!action) return undefined;
  const principal = principalCoverage(statement, request.principal);
  const resource = resourceCoverage(statement, request.resource);
  if (principal === undefined || resource === undefined || principal === "none" || resource === "none") return undefined;
  // An Allow that names only part of the requested principals or resources does not grant the whole request.
  if (effect === "Allow" && (principal === "part" || resource === "part")) return undefined;
  const conditions = evaluateConditions(statement.conditions, request.holds ?? [], context);
  if (conditions.result === "false") return undefined;
  return {
    statement,
    effect,
    certain: principal === "all" && resource === "all" && conditions.result === "true",
    unknownKeys: conditions.unknownKeys,
    principal,
    resource,
    assumptions: conditions.assumptions,
  };
}

function actionMatch(statement: StatementModel, action: string): boolean {
  const items = statement.action ?? statement.notAction;
  if (!items) return false;
  let matched = false;
  for (const item of items) {
    if (actionMatches(item.value, action)) {
      matched = true;
      break;
    }
  }
  return statement.action ? matched : !matched;
}

const RANK: Record<Coverage, number> = { none: 0, part: 1, unknown: 2, all: 3 };

function better(a: Coverage, b: Coverage): Coverage {
  return RANK[b] > RANK[a] ? b : a;
}

function complement(coverage: Coverage): Coverage {
  return coverage === "all" ? "none" : coverage === "none" ? "all" : coverage;
}

/** Undefined when the statement has neither Principal nor NotPrincipal (policy/principal-required reports it). */
export function principalCoverage(statement: StatementModel, principal: RequestPrincipal): Coverage | undefined {
  if (statement.principal) return elementCoverage(statement.principal, principal);
  if (statement.notPrincipal) return complement(elementCoverage(statement.notPrincipal, principal));
  return undefined;
}

function elementCoverage(element: PrincipalModel, principal: RequestPrincipal): Coverage {
  if (element.anyone) return "all";
  let coverage: Coverage = "none";
  for (const entry of element.entries) {
    coverage = better(coverage, entryCoverage(entry.type, entry.value, principal));
    if (coverage === "all") break;
  }
  return coverage;
}

interface AwsPrincipal {
  account: string;
  /** The user or role ARN; undefined for a whole account. */
  arn: string | undefined;
}

/** Parsed principals: the same few are read again for every statement, action and bucket. */
const awsPrincipals = new Map<string, AwsPrincipal | null>();

function awsPrincipal(text: string): AwsPrincipal | undefined {
  let parsed = awsPrincipals.get(text);
  if (parsed === undefined) {
    if (awsPrincipals.size > 10_000) awsPrincipals.clear();
    awsPrincipals.set(text, (parsed = parseAwsPrincipal(text) ?? null));
  }
  return parsed ?? undefined;
}

function parseAwsPrincipal(text: string): AwsPrincipal | undefined {
  if (/^\d{12}$/.test(text)) return { account: text, arn: undefined };
  const arn = parseArn(text);
  if (!arn || (arn.service !== "iam" && arn.service !== "sts")) return undefined;
  return { account: arn.account, arn: arn.service === "iam" && arn.resource === "root" ? undefined : text };
}

function entryCoverage(type: string, value: string, principal: RequestPrincipal): Coverage {
  if (typeof principal !== "string") {
    if (type === "Service") return value === principal.service ? "all" : "none";
    // Whether {"AWS": "*"} takes in service principals is not modelled: unknown.
    return type === "AWS" && value === "*" ? "unknown" : "none";
  }
  if (type !== "AWS") return "none";
  if (value === "*") return "all";
  const entry = awsPrincipal(value);
  if (!entry) return "none";
  if (principal === "*") return "part";
  const wanted = awsPrincipal(principal);
  if (!wanted) return "none";
  // An account is 12 digits; a pattern is matched only against one of plausible length (the match costs their product).
  if (hasWildcard(entry.account)) return wanted.account.length > 12 || matchesWildcard(entry.account, wanted.account) ? "unknown" : "none";
  if (entry.account !== wanted.account) return "none";
  if (entry.arn === undefined) return "all";
  if (wanted.arn === undefined) return "part";
  if (entry.arn === wanted.arn) return "all";
  return hasWildcard(entry.arn) && matchesWildcard(entry.arn, wanted.arn) ? "unknown" : "none";
}

/** Undefined when the statement has neither Resource nor NotResource. */
export function resourceCoverage(statement: StatementModel, resource: string): Coverage | undefined {
  const items = statement.resource ?? statement.notResource;
  if (!items) return undefined;
  let coverage: Coverage = "none";
  for (const item of items) {
    coverage = better(coverage, patternCoverage(item.value, resource));
    if (coverage === "all") break;
  }
  return statement.resource ? coverage : complement(coverage);
}

/** How much of the set of resources `requested` names (a pattern) the statement pattern covers. */
export function patternCoverage(pattern: string, requested: string): Coverage {
  // The requested pattern read literally: a statement pattern that matches it matches everything it stands for.
  if (pattern === requested || matchesWildcard(pattern, requested)) return "all";
  if (!hasWildcard(requested)) return "none";
  if (matchesWildcard(requested, pattern)) return "part";
  if (!hasWildcard(pattern)) return "none";
  // The literal text before the first wildcard of one must begin that of the other.
  const shorter = Math.min(literalLength(pattern), literalLength(requested));
  for (let i = 0; i < shorter; i++) if (pattern.charCodeAt(i) !== requested.charCodeAt(i)) return "none";
  return "part";
}

/** The length of the text before the first `*` or `?`. */
function literalLength(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 42 || c === 63) return i;
  }
  return text.length;
}

// ---------------------------------------------------------------------------------------------------------
// Conditions

type ConditionResult = "true" | "false" | "unknown";
type ValueMatch = "yes" | "no" | "unknown" | "assumed";

const NO_CONTEXT: Readonly<Record<string, ContextValue>> = {};
/** Condition contexts by the caller's context object and the principal: callers ask many times with the same two. */
const contexts = new RecentCache<object, Map<string, ReadonlyMap<string, ContextValue>>>();
const newPrincipalMap = (): Map<string, ReadonlyMap<string, ContextValue>> => new Map();

function contextOf(request: AccessRequest): ReadonlyMap<string, ContextValue> {
  const known = request.context ?? NO_CONTEXT;
  // Only an AWS principal adds keys; "*" and service principals add none, like the empty text.
  const principal = typeof request.principal === "string" ? request.principal : "";
  const byPrincipal = contexts.get(known, newPrincipalMap);
  let context = byPrincipal.get(principal);
  if (!context) byPrincipal.set(principal, (context = buildContext(principal, known)));
  return context;
}

function buildContext(requestPrincipal: string, known: Readonly<Record<string, ContextValue>>): ReadonlyMap<string, ContextValue> {
  const out = new Map<string, ContextValue>();
  const principal = requestPrincipal !== "*" ? awsPrincipal(requestPrincipal) : undefined;
  if (principal && !hasWildcard(principal.account)) out.set("aws:principalaccount", principal.account);
  if (principal?.arn !== undefined && !hasWildcard(principal.arn)) out.set("aws:principalarn", principal.arn);
  for (const [key, value] of Object.entries(known)) out.set(key.toLowerCase(), value);
  return out;
}

function evaluateConditions(
  conditions: readonly ConditionModel[],
  holds: readonly HeldCondition[],
  context: ReadonlyMap<string, ContextValue>,
): { result: ConditionResult; unknownKeys: string[]; assumptions: string[] } {
  const unknownKeys: string[] = [];
  const assumptions: string[] = [];
  let result: ConditionResult = "true";
  for (const condition of conditions) {
    const value = context.get(condition.lowerKey);
    let outcome: ValueMatch | ConditionResult;
    if (value !== undefined) {
      outcome = evaluateCondition(condition, value);
      if (outcome === "assumed" && typeof value !== "string" && !assumptions.includes(value.note)) assumptions.push(value.note);
    } else {
      outcome = implied(condition, holds) ?? "unknown";
    }
    if (outcome === "false") return { result: "false", unknownKeys: [], assumptions: [] };
    if (outcome === "unknown") {
      result = "unknown";
      if (!unknownKeys.includes(condition.key.value)) unknownKeys.push(condition.key.value);
    }
  }
  return { result, unknownKeys, assumptions };
}

const COMPARED = new Set(["StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike", "Bool"]);

/** "assumed" counts as true, with a note. */
function evaluateCondition(condition: ConditionModel, value: ContextValue): ConditionResult | "assumed" {
  const { base } = condition.operator;
  const values = condition.texts;
  // The key is present in the request (it is in the context), so IfExists changes nothing.
  if (base === "Null") {
    if (values.some((v) => hasPolicyVariable(v))) return "unknown";
    return values.some((v) => v.toLowerCase() === "false") ? "true" : "false";
  }
  const negated = base.includes("Not");
  const positive = negated ? base.replace("Not", "") : base;
  if (!COMPARED.has(positive)) return "unknown";
  let assumed = false;
  let unknown = false;
  for (const expected of values) {
    const match = matchValue(positive, expected, value);
    if (match === "yes") return negated ? "false" : "true";
    if (match === "assumed") assumed = true;
    else if (match === "unknown") unknown = true;
  }
  if (negated) return unknown || assumed ? "unknown" : "true";
  return assumed ? "assumed" : unknown ? "unknown" : "false";
}

function matchValue(operator: string, expected: string, actual: ContextValue): ValueMatch {
  if (hasPolicyVariable(expected)) return "unknown";
  if (typeof actual === "string") return compareValue(operator, expected, actual) ? "yes" : "no";
  const like = operator === "StringLike" || operator === "ArnLike" || operator === "ArnEquals";
  // A partly known value: a pattern that takes in every value it could be matches; a value it could be is assumed.
  if (like && compareValue(operator, expected, actual.pattern)) return "yes";
  if (!like && hasWildcard(expected)) return "no";
  return matchesWildcard(actual.pattern, expected) ? "assumed" : "no";
}

function compareValue(operator: string, pattern: string, text: string): boolean {
  switch (operator) {
    case "StringEquals":
      return pattern === text;
    case "StringEqualsIgnoreCase":
    case "Bool":
      return pattern.toLowerCase() === text.toLowerCase();
    case "StringLike":
      return matchesWildcard(pattern, text);
    default:
      return arnLike(pattern, text);
  }
}

/** The six colon-separated parts of an ARN compared one by one, each with wildcards. */
function arnLike(pattern: string, text: string): boolean {
  const p = parseArn(pattern);
  const t = parseArn(text);
  if (!p || !t) return matchesWildcard(pattern, text);
  return (
    matchesWildcard(p.partition, t.partition) &&
    matchesWildcard(p.service, t.service) &&
    matchesWildcard(p.region, t.region) &&
    matchesWildcard(p.account, t.account) &&
    matchesWildcard(p.resource, t.resource)
  );
}

const OPPOSITE: Record<string, string> = {
  StringEquals: "StringNotEquals",
  StringEqualsIgnoreCase: "StringNotEqualsIgnoreCase",
  StringLike: "StringNotLike",
  ArnEquals: "ArnNotEquals",
  ArnLike: "ArnNotLike",
  IpAddress: "NotIpAddress",
};
const NEGATED = new Map(Object.entries(OPPOSITE).map(([a, b]) => [b, a]));

/** What a condition the request is known to meet says about `condition` (same key, same set qualifier). */
function implied(condition: ConditionModel, holds: readonly HeldCondition[]): ConditionResult | undefined {
  const values = condition.texts;
  const { base, set } = condition.operator;
  for (const held of holds) {
    if (held.key.toLowerCase() !== condition.lowerKey) continue;
    const op = parseOperator(held.operator);
    // A held IfExists condition does not say the key is present.
    if (op.set !== set || op.ifExists) continue;
    const heldInStatement = held.values.every((v) => values.includes(v));
    const statementInHeld = values.every((v) => held.values.includes(v));
    if (op.base === base) {
      if (heldInStatement && statementInHeld) return "true";
      // The request value is one of the held values: a positive condition listing all of them holds too.
      if (base in OPPOSITE && heldInStatement) return "true";
      // The request value is none of the held values: a negated condition listing only some of them holds too.
      if (NEGATED.has(base) && statementInHeld) return "true";
    } else if (OPPOSITE[op.base] === base && heldInStatement) {
      return "false";
    } else if (NEGATED.get(op.base) === base && statementInHeld) {
      return "false";
    }
  }
  return undefined;
}
