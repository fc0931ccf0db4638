import { type AccessAnalyzerSettings, type CheckReason, type CheckResult, type DocumentKind, escapeSegment, type JsonValue, type LocateTarget, type NetworkRuleContext, type PathElement, type Severity, type ValidatePolicyResourceType } from "../../src/engine/rule-kit.js";
import { isObject, type JsonObject } from "../../src/iam/json-fields.js";

/**
 * The text sent to Access Analyzer: the policy as JSON, whatever the file's format. It is what the guarded put
 * sends too, so a check covers exactly what AWS would receive, and it is the cache key.
 */
export function policyText(value: JsonValue | undefined): string {
  return JSON.stringify(value);
}

export const VALIDATE_RESOURCE_TYPE: Readonly<Record<Exclude<DocumentKind, "manifest">, ValidatePolicyResourceType>> = {
  "mrap-policy": "AWS::S3::MultiRegionAccessPoint",
  "access-point-policy": "AWS::S3::AccessPoint",
  "bucket-policy": "AWS::S3::Bucket",
};

/** Where a finding's location is in the policy value: a pointer, and whether it names a member's key. */
export interface PathLocation {
  pointer: string;
  at?: LocateTarget;
}

/**
 * Where a finding's `locations[].path` leads in the policy value. Access Analyzer's `span` points into the
 * text that was sent, not the user's file, so only the path is used. AWS names an object's member with a
 * `value` element (the member's value, as the AWS CLI's validate-policy example shows), not with `key`, which
 * the API reference says names the key itself; on an array a `value` element names the item equal to it. A
 * `substring` narrows within a string, which stays the location. A single `Statement` object comes without an
 * `index`, and an `index` 0 on a single value is that value. The walk stops at the deepest element it can
 * follow, so a path that goes past the file still lands on the part that matched.
 * https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_PathElement.html
 */
export function followPath(value: JsonValue | undefined, path: readonly PathElement[]): PathLocation {
  let node = value;
  let pointer = "";
  for (const element of path) {
    if ("index" in element) {
      if (Array.isArray(node)) {
        if (element.index < 0 || element.index >= node.length) break;
        node = node[element.index];
        pointer += `/${element.index}`;
      } else if (element.index !== 0) break;
    } else if ("value" in element || "key" in element) {
      const name = "value" in element ? element.value : element.key;
      if (Array.isArray(node)) {
        const index = node.findIndex((item) => item === name || (item !== null && typeof item !== "object" && String(item) === name));
        if (index >= 0 && "value" in element) {
          node = node[index];
          pointer += `/${index}`;
          continue;
        }
        // A member of a one-item list's object, named without its index (as for a single statement).
        const only = node.length === 1 ? node[0] : undefined;
        if (!isObject(only) || memberKey(only, name) === undefined) break;
        node = only;
        pointer += "/0";
      }
      if (!isObject(node)) break;
      const key = memberKey(node, name);
      if (key === undefined) break;
      node = node[key];
      pointer += `/${escapeSegment(key)}`;
      if ("key" in element) return { pointer, at: "key" };
    } else if (!("substring" in element)) break;
  }
  return { pointer };
}

/** The pointer `followPath` gives (for callers that need no key/value distinction). */
export function pathToPointer(value: JsonValue | undefined, path: readonly PathElement[]): string {
  return followPath(value, path).pointer;
}

/** The member `name` of `node`: exact, else case-insensitive (policy element names are case-insensitive to IAM). */
function memberKey(node: JsonObject, name: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(node, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(node).find((k) => k.toLowerCase() === lower);
}

/**
 * Reports a failed Check* result: one finding per reason, on the statement it names (`reason` in the data),
 * or one on the policy when AWS gives no reasons (`message` in the data).
 */
export function reportCheck<M extends string>(
  context: NetworkRuleContext<M, unknown>,
  result: CheckResult,
  messages: { reason: M; policy: M; unknown: M },
  data: Record<string, string>,
): void {
  if (result.result === "PASS") return;
  if (result.result !== "FAIL") {
    // A result value AWS adds later is neither a pass nor a failure: said, not skipped (Access Analyzer's enums
    // grow over time, so an unknown value is a warning, never a crash).
    context.report({ messageId: messages.unknown, severity: "warning", data: { ...data, result: result.result } });
    return;
  }
  if (result.reasons.length === 0) {
    context.report({ messageId: messages.policy, data: { ...data, message: result.message ?? "no reason given" } });
    return;
  }
  for (const reason of result.reasons) {
    context.report({ messageId: messages.reason, pointer: reasonPointer(context.value, reason), data: { ...data, reason: describeReason(reason) } });
  }
}

/** Where a Check* reason's statement is: `/Statement/i`, `/Statement` for a single statement object, else the root. */
function reasonPointer(value: JsonValue | undefined, reason: CheckReason): string {
  const statements = isObject(value) ? value["Statement"] : undefined;
  const index = reason.statementIndex;
  if (index === undefined) return "";
  if (Array.isArray(statements)) return index >= 0 && index < statements.length ? `/Statement/${index}` : "";
  return isObject(statements) && index === 0 ? "/Statement" : "";
}

/** How a reason names its statement in a message. */
function describeReason(reason: CheckReason): string {
  const which = reason.statementId ? `statement "${reason.statementId}"` : reason.statementIndex !== undefined ? `statement ${reason.statementIndex}` : "the policy";
  return reason.description ? `${which}: ${reason.description}` : which;
}

const DEFAULT_BLOCKING = ["ERROR", "SECURITY_WARNING"];

/**
 * The severity of a ValidatePolicy finding: blocking types (config `blockingFindingTypes`, default ERROR and
 * SECURITY_WARNING) are errors; WARNING is a warning, SUGGESTION is info. A type AWS adds later is a warning.
 */
export function findingSeverity(findingType: string, settings: AccessAnalyzerSettings): Severity {
  const blocking = settings.blockingFindingTypes ?? DEFAULT_BLOCKING;
  if ((blocking as readonly string[]).includes(findingType)) return "error";
  return findingType === "SUGGESTION" ? "info" : "warning";
}
