/**
 * Resource ARNs in access point and MRAP policies
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiRegionAccessPointRequests.html,
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-points-policies.html): which requests a Resource
 * pattern can match, and the object-path mistakes (`//` for `/object/`, a bucket-style key path).
 */
import { parseArn, type Arn } from "../iam/arn.js";
import type { Located, StatementModel } from "../iam/policy-model.js";
import { hasPolicyVariable, hasWildcard, matchesWildcard } from "../iam/wildcard.js";
import { MAX_BUCKET_NAME } from "./bucket-names.js";

/** One step of a template: a character class, taken once or any number of times. */
interface Step {
  test: (c: string) => boolean;
  star: boolean;
}

/** A set of strings, written as a sequence of literal text and character classes taken one or more times. */
export type Template = readonly Step[];

type Part = string | { oneOrMore: (c: string) => boolean; source: string };

/** For patterns without wildcards: the same template as a RegExp, so a literal ARN is one native test. */
const literalTests = new WeakMap<Template, RegExp>();

function template(...parts: Part[]): Template {
  const steps: Step[] = [];
  let source = "";
  for (const part of parts) {
    if (typeof part === "string") {
      for (const ch of part) steps.push({ test: (c) => c === ch, star: false });
      source += part.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    } else {
      steps.push({ test: part.oneOrMore, star: false }, { test: part.oneOrMore, star: true });
      source += `${part.source}+`;
    }
  }
  literalTests.set(steps, new RegExp(`^${source}$`, "s"));
  return steps;
}

const notColon = { oneOrMore: (c: string) => c !== ":", source: "[^:]" };
const aliasChar = { oneOrMore: (c: string) => c !== ":" && c !== "/", source: "[^:/]" };
const anyChar = { oneOrMore: () => true, source: "." };

/** `arn:P:s3::ACCT:accesspoint/ALIAS`: the MRAP itself (what s3:ListBucket acts on). */
export const MRAP_BARE: Template = template("arn:", notColon, ":s3::", notColon, ":accesspoint/", aliasChar);
/** `arn:P:s3::ACCT:accesspoint/ALIAS/object/KEY`: an object through the MRAP. */
export const MRAP_OBJECT: Template = template("arn:", notColon, ":s3::", notColon, ":accesspoint/", aliasChar, "/object/", anyChar);
/** `arn:P:s3:REGION:ACCT:accesspoint/NAME`: a single-Region access point itself. */
export const ACCESS_POINT_BARE: Template = template("arn:", notColon, ":s3:", notColon, ":", notColon, ":accesspoint/", aliasChar);
/** `arn:P:s3:REGION:ACCT:accesspoint/NAME/object/KEY`: an object through a single-Region access point. */
export const ACCESS_POINT_OBJECT: Template = template("arn:", notColon, ":s3:", notColon, ":", notColon, ":accesspoint/", aliasChar, "/object/", anyChar);
/** `arn:P:s3:::BUCKET`: a bucket itself (https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html). */
export const BUCKET_BARE: Template = template("arn:", notColon, ":s3:::", aliasChar);
/** `arn:P:s3:::BUCKET/KEY`: an object in a bucket. */
export const BUCKET_OBJECT: Template = template("arn:", notColon, ":s3:::", aliasChar, "/", anyChar);

/** The two templates of one named bucket (`arn:P:s3:::NAME` and `arn:P:s3:::NAME/KEY`), by name. */
const ownBucket = new Map<string, readonly [Template, Template]>();

/** Whether a Resource pattern can match bucket `name` or an object in it. */
export function canMatchBucket(resource: string, name: string): boolean {
  // A template costs memory per character and a match time per pair of characters; a name S3 would refuse
  // (mrap/bucket-name reports it) is taken to match, so that no finding rests on it.
  if (name.length > MAX_BUCKET_NAME) return true;
  let templates = ownBucket.get(name);
  if (!templates) {
    if (ownBucket.size > 1_000) ownBucket.clear();
    ownBucket.set(name, (templates = [template("arn:", notColon, `:s3:::${name}`), template("arn:", notColon, `:s3:::${name}/`, anyChar)]));
  }
  return canMatch(resource, templates[0]) || canMatch(resource, templates[1]);
}

/** The resource part of any access point ARN (`accesspoint/NAME[/…]`), to test wildcard patterns against. */
export const ACCESS_POINT_PATH: Template = template("accesspoint/", aliasChar);
/** What follows an access point name or alias in an object ARN. */
export const OBJECT_TAIL: Template = template("/object/", anyChar);

/**
 * Whether an IAM wildcard pattern (`*` any run, `?` one character; a policy variable counts as `*`) matches at
 * least one string of the template: a walk over pairs of positions in the pattern and in the template.
 */
export function canMatch(pattern: string, tpl: Template): boolean {
  if (!pattern.includes("*") && !pattern.includes("?") && !pattern.includes("${")) {
    const literal = literalTests.get(tpl);
    if (literal) return literal.test(pattern);
  }
  let memo = wildcardMemo.get(tpl);
  if (!memo) wildcardMemo.set(tpl, (memo = new Map()));
  let answer = memo.get(pattern);
  if (answer === undefined) {
    if (memo.size > 10_000) memo.clear();
    memo.set(pattern, (answer = walkTemplate(pattern, tpl)));
  }
  return answer;
}

/** Answers for wildcard patterns, which several rules ask about for the same Resource. */
const wildcardMemo = new WeakMap<Template, Map<string, boolean>>();

function walkTemplate(pattern: string, tpl: Template): boolean {
  const p = tokens(pattern);
  const width = tpl.length + 1;
  const seen = new Uint8Array((p.length + 1) * width);
  const stack: number[] = [0, 0];
  while (stack.length > 0) {
    const j = stack.pop()!;
    const i = stack.pop()!;
    const cell = i * width + j;
    if (seen[cell] === 1) continue;
    seen[cell] = 1;
    if (i === p.length && j === tpl.length) return true;
    const token = p[i];
    const step = tpl[j];
    if (token === "*") stack.push(i + 1, j);
    if (step?.star) stack.push(i, j + 1);
    if (token === undefined || step === undefined) continue;
    // Consume one character that both sides allow.
    const fits = token === "*" || token === "?" || step.test(token);
    if (!fits) continue;
    stack.push(token === "*" ? i : i + 1, step.star ? j : j + 1);
  }
  return false;
}

/** The pattern as single characters, `*` and `?`; a policy variable matches any run, like `*`. */
function tokens(pattern: string): string[] {
  const out: string[] = [];
  const text = hasPolicyVariable(pattern) ? pattern.replace(/\$\{[^}]*\}/g, "\u0000") : pattern;
  for (const ch of text) out.push(ch === "\u0000" ? "*" : ch);
  return out;
}

/** What a Resource in an MRAP policy can match: the MRAP itself, objects through it, both, or neither. */
export function mrapScope(resource: string): { bare: boolean; object: boolean } {
  return { bare: canMatch(resource, MRAP_BARE), object: canMatch(resource, MRAP_OBJECT) };
}

export type TailProblem = "doubleSlash" | "objectPath";

/**
 * The object-path mistakes after `accesspoint/NAME`: `//KEY` (the rendering artifact on the AWS Requests page,
 * §1.4), and any other tail that cannot match an object: `/KEY` without `/object/` (such as `NAME/photos/*`) or
 * `/object/` with no key. A tail whose wildcard can still reach `/object/…` (such as `/*`) is accepted.
 */
export function tailProblem(tail: string): TailProblem | undefined {
  if (tail.startsWith("//")) return "doubleSlash";
  if (canMatch(tail, OBJECT_TAIL)) return undefined;
  return "objectPath";
}

/** The fix for a tail problem: `/object/` plus the key as written. */
export function objectTailFix(tail: string): string {
  if (tail.startsWith("//")) return `/object/${tail.slice(2)}`;
  if (tail === "/object" || tail === "/object/") return "/object/*";
  return `/object/${tail.slice(1)}`;
}

/** Splits the part after `accesspoint/` into the alias or name and the rest (`/object/…`), if any. */
export function splitAccessPoint(rest: string): { token: string; tail: string | undefined } {
  const slash = rest.indexOf("/");
  return slash < 0 ? { token: rest, tail: undefined } : { token: rest.slice(0, slash), tail: rest.slice(slash) };
}

/** The Resource and NotResource values of a statement, each with its pointer. */
export function resourceValues(statement: StatementModel): Located<string>[] {
  return [...(statement.resource ?? []), ...(statement.notResource ?? [])];
}

const PARTITION = /^aws(-[a-z0-9]+)*$/;
const ACCESS_POINT = "accesspoint/";

/** A Resource of an access point or MRAP policy, read as far as both kinds of policy agree on it. */
export type AccessPointResource =
  /** Covers access point ARNs through a wildcard (such as `arn:aws:s3::111122223333:*`): nothing to say. */
  | { kind: "covered" }
  | { kind: "problem"; messageId: "notArn" | "notS3" | "bucketArn" | "otherResource"; data: Record<string, string> }
  | { kind: "access-point"; arn: Arn; partition: string; token: string; tail: string | undefined };

/** Parses a Resource down to `accesspoint/TOKEN[TAIL]`, or says why it is not an access point ARN. */
export function accessPointResource(resource: string): AccessPointResource {
  const arn = parseArn(resource);
  if (!arn) return { kind: "problem", messageId: "notArn", data: {} };
  const partition = PARTITION.test(arn.partition) ? arn.partition : "aws";
  if (!matchesWildcard(arn.service, "s3")) return { kind: "problem", messageId: "notS3", data: { service: arn.service, partition } };
  if (!arn.resource.startsWith(ACCESS_POINT)) {
    if (hasWildcard(arn.resource) && canMatch(arn.resource, ACCESS_POINT_PATH)) return { kind: "covered" };
    const type = arn.resource.split("/")[0]!;
    if (arn.region === "" && arn.account === "") return { kind: "problem", messageId: "bucketArn", data: { bucket: type, partition } };
    return { kind: "problem", messageId: "otherResource", data: { type, partition } };
  }
  return { kind: "access-point", arn, partition, ...splitAccessPoint(arn.resource.slice(ACCESS_POINT.length)) };
}
