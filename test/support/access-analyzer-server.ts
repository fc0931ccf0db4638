// A local IAM Access Analyzer speaking the restJson1 wire protocol of @aws-sdk/client-accessanalyzer, with a
// small deterministic analyzer behind ValidatePolicy and the three Check* operations. Tests may script any
// response (script) and assert exactly what reached the server (calls).
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { listenOnLoopback } from "./loopback.js";

export type AccessAnalyzerOperation = "ValidatePolicy" | "CheckNoNewAccess" | "CheckAccessNotGranted" | "CheckNoPublicAccess";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export type PathElement = { index: number } | { key: string } | { value: string } | { substring: { start: number; length: number } };
export interface Position { line: number; column: number; offset: number }
export interface Span { start: Position; end: Position }
export type FindingType = "ERROR" | "SECURITY_WARNING" | "SUGGESTION" | "WARNING";
export interface ValidatePolicyFinding {
  findingDetails: string;
  findingType: FindingType;
  issueCode: string;
  learnMoreLink: string;
  locations: { path: PathElement[]; span: Span }[];
}
export interface CheckReason { description: string; statementIndex: number; statementId?: string }
export interface CheckResult { result: "PASS" | "FAIL"; message: string; reasons: CheckReason[] }

/** A complete HTTP answer. An object body is sent as JSON, a string as is. */
export interface ScriptedResponse { status: number; headers?: Record<string, string>; body?: unknown }
export interface ScriptedRequest { operation: AccessAnalyzerOperation; body: unknown; query: Record<string, string> }
/** Return a response to override the default analyzer, or undefined to fall through to it. */
export type ScriptHandler = (request: ScriptedRequest) => ScriptedResponse | undefined | Promise<ScriptedResponse | undefined>;

export interface AccessAnalyzerCall {
  method: string;
  path: string;
  operation: AccessAnalyzerOperation | undefined;
  body: unknown;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  status: number;
}

export interface AccessAnalyzerServer {
  url: string;
  port: number;
  /** Every request received, in order, with the status it was answered with. */
  readonly calls: AccessAnalyzerCall[];
  /** Install (or, with undefined, remove) the script consulted before the default analyzer. */
  script(handler: ScriptHandler | undefined): void;
  /** Forget calls and the script. */
  reset(): void;
  close(): Promise<void>;
}

export interface AccessAnalyzerServerOptions {
  /** ValidatePolicy page size when the request has no maxResults (default 2, so pagination is exercised). */
  pageSize?: number;
}

const ROUTES: Record<string, AccessAnalyzerOperation> = {
  "/policy/validation": "ValidatePolicy",
  "/policy/check-no-new-access": "CheckNoNewAccess",
  "/policy/check-access-not-granted": "CheckAccessNotGranted",
  "/policy/check-no-public-access": "CheckNoPublicAccess",
};

export function accessAnalyzerOperation(method: string, pathname: string): AccessAnalyzerOperation | undefined {
  return method === "POST" ? ROUTES[pathname] : undefined;
}

const POLICY_TYPES = ["IDENTITY_POLICY", "RESOURCE_POLICY", "SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"];
const CHECK_POLICY_TYPES = ["IDENTITY_POLICY", "RESOURCE_POLICY"];
const VALIDATE_RESOURCE_TYPES = [
  "AWS::S3::Bucket", "AWS::S3::AccessPoint", "AWS::S3::MultiRegionAccessPoint", "AWS::S3ObjectLambda::AccessPoint",
  "AWS::IAM::AssumeRolePolicyDocument", "AWS::DynamoDB::Table",
];
// The documented enum for CheckNoPublicAccess: AWS::S3::MultiRegionAccessPoint is not in it.
export const PUBLIC_ACCESS_RESOURCE_TYPES: readonly string[] = [
  "AWS::DynamoDB::Table", "AWS::DynamoDB::Stream", "AWS::EFS::FileSystem", "AWS::OpenSearchService::Domain",
  "AWS::Kinesis::Stream", "AWS::Kinesis::StreamConsumer", "AWS::KMS::Key", "AWS::Lambda::Function", "AWS::S3::Bucket",
  "AWS::S3::AccessPoint", "AWS::S3Express::DirectoryBucket", "AWS::S3::Glacier", "AWS::S3Outposts::Bucket",
  "AWS::S3Outposts::AccessPoint", "AWS::SecretsManager::Secret", "AWS::SNS::Topic", "AWS::SQS::Queue",
  "AWS::IAM::AssumeRolePolicyDocument", "AWS::S3Tables::TableBucket", "AWS::ApiGateway::RestApi",
  "AWS::CodeArtifact::Domain", "AWS::Backup::BackupVault", "AWS::CloudTrail::Dashboard",
  "AWS::CloudTrail::EventDataStore", "AWS::S3Tables::Table", "AWS::S3Express::AccessPoint",
];

/** A restJson1 error as AWS sends it: the code in x-amzn-errortype, retryAfterSeconds in Retry-After. */
export function awsJsonError(code: string, status: number, message: string, fields: Record<string, unknown> = {}): ScriptedResponse {
  const headers: Record<string, string> = { "x-amzn-errortype": code };
  if (typeof fields["retryAfterSeconds"] === "number") headers["retry-after"] = String(fields["retryAfterSeconds"]);
  return { status, headers, body: { message, ...fields } };
}

function validationError(reason: string, message: string, field?: string): ScriptedResponse {
  const fieldList = field === undefined ? [] : [{ name: field, message }];
  return awsJsonError("ValidationException", 400, message, { reason, fieldList });
}

const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);
const strings = (value: Json | undefined): string[] =>
  typeof value === "string" ? [value] : Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];

// ---- locations -------------------------------------------------------------------------------------------

interface Range { start: number; end: number }

/** Source ranges of every value in well-formed JSON text, keyed by JSON.stringify(path of keys/indexes). */
function valueRanges(text: string): Map<string, Range> {
  const ranges = new Map<string, Range>();
  let i = 0;
  const skipSpace = (): void => {
    while (i < text.length && " \t\n\r".includes(text.charAt(i))) i++;
  };
  const readString = (): string => {
    const start = i++;
    while (text.charAt(i) !== '"') i += text.charAt(i) === "\\" ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const readValue = (path: (string | number)[]): void => {
    skipSpace();
    const start = i;
    const c = text.charAt(i);
    if (c === "{" || c === "[") {
      const close = c === "{" ? "}" : "]";
      i++;
      skipSpace();
      if (text.charAt(i) === close) i++;
      else {
        for (let n = 0; ; n++) {
          skipSpace();
          let segment: string | number = n;
          if (c === "{") {
            segment = readString();
            skipSpace();
            i++; // the colon
          }
          readValue([...path, segment]);
          skipSpace();
          if (text.charAt(i++) === close) break;
        }
      }
    } else if (c === '"') readString();
    else while (i < text.length && !",}] \t\n\r".includes(text.charAt(i))) i++;
    ranges.set(JSON.stringify(path), { start, end: i });
  };
  readValue([]);
  return ranges;
}

class Locator {
  private readonly ranges: Map<string, Range>;
  private readonly lineStarts = [0];
  constructor(private readonly text: string, private readonly doc: Json) {
    this.ranges = valueRanges(text);
    for (let i = 0; i < text.length; i++) if (text.charAt(i) === "\n") this.lineStarts.push(i + 1);
  }
  position(offset: number): Position {
    let line = 0;
    while (line + 1 < this.lineStarts.length && (this.lineStarts[line + 1] ?? Infinity) <= offset) line++;
    return { line: line + 1, column: offset - (this.lineStarts[line] ?? 0), offset };
  }
  span(path: PathElement[]): Span {
    const segments: (string | number)[] = [];
    let node: Json | undefined = this.doc;
    for (const element of path) {
      // As AWS emits them: a value element on an object names a member (its value), on an array the matching
      // item; a key element names a member too (AWS's span of it is not recorded, so the value's is used).
      const name = "key" in element ? element.key : "value" in element ? element.value : undefined;
      const segment: string | number | undefined = "index" in element ? element.index
        : name !== undefined && isObject(node) ? name
        : name !== undefined && Array.isArray(node) && node.includes(name) ? node.indexOf(name) : undefined;
      if (segment === undefined) continue;
      segments.push(segment);
      node = Array.isArray(node) && typeof segment === "number" ? node[segment] : isObject(node) && typeof segment === "string" ? node[segment] : undefined;
    }
    const range = this.ranges.get(JSON.stringify(segments)) ?? { start: 0, end: this.text.length };
    return { start: this.position(range.start), end: this.position(range.end) };
  }
}

// ---- ValidatePolicy ----------------------------------------------------------------------------------------

const DETAILS: Record<string, [FindingType, string]> = {
  JSON_SYNTAX_ERROR: ["ERROR", "Fix the JSON syntax error in the policy document."],
  MISSING_VERSION: ["WARNING", "We recommend that you specify the Version element to help you with debugging permission issues."],
  INVALID_VERSION: ["ERROR", "The only valid values for the Version element are 2012-10-17 and 2008-10-17."],
  ALLOW_WITH_NOT_PRINCIPAL: ["SECURITY_WARNING", "Using Allow with NotPrincipal can be overly permissive. We recommend that you use Principal instead."],
  MISSING_PRINCIPAL: ["ERROR", "Add a Principal element to the policy statement."],
  EMPTY_SID_VALUE: ["SUGGESTION", "Add a value to the empty string in the Sid element."],
  ARN_ACCOUNT_NOT_ALLOWED: ["ERROR", "The service s3 does not support specifying an account ID in the resource ARN."],
  INVALID_VPCE_FORMAT: ["ERROR", "Use the prefix 'vpce-' followed by 8 or 17 alphanumeric characters."],
};

export function learnMoreLink(issueCode: string): string {
  const anchor = issueCode.toLowerCase().replaceAll("_", "-");
  return `https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-${anchor}`;
}

interface StatementRef { statement: JsonObject; index: number; path: PathElement[] }

function statementsOf(doc: JsonObject): StatementRef[] {
  const raw = doc["Statement"];
  if (isObject(raw)) return [{ statement: raw, index: 0, path: [{ value: "Statement" }] }];
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((statement, index) => (isObject(statement) ? [{ statement, index, path: [{ value: "Statement" }, { index }] }] : []));
}

// Account-bearing S3 resource types; anything else with an account is a bucket or object ARN.
const ACCOUNT_S3_RESOURCES = /^(accesspoint|job|storage-lens|storage-lens-group|access-grants|async-request)\//;

export function analyzePolicy(text: string, policyType: string): ValidatePolicyFinding[] {
  const found: { code: string; path: PathElement[]; span?: Span }[] = [];
  let doc: Json;
  try {
    doc = JSON.parse(text) as Json;
  } catch (error) {
    const offset = Math.min(Number(/position (\d+)/.exec(String(error))?.[1] ?? 0), text.length);
    const lines = text.slice(0, offset).split("\n");
    const start = { line: lines.length, column: lines.at(-1)?.length ?? 0, offset };
    return [finding("JSON_SYNTAX_ERROR", [], { start, end: start })];
  }
  if (!isObject(doc)) {
    const end = { line: 1, column: 0, offset: 0 };
    return [finding("JSON_SYNTAX_ERROR", [], { start: end, end })];
  }
  const locator = new Locator(text, doc);
  const version = doc["Version"];
  if (version === undefined) found.push({ code: "MISSING_VERSION", path: [] });
  else if (version !== "2012-10-17" && version !== "2008-10-17") found.push({ code: "INVALID_VERSION", path: [{ value: "Version" }] });
  for (const { statement, path } of statementsOf(doc)) {
    if (statement["Sid"] === "") found.push({ code: "EMPTY_SID_VALUE", path: [...path, { value: "Sid" }] });
    if (statement["Effect"] === "Allow" && statement["NotPrincipal"] !== undefined) {
      found.push({ code: "ALLOW_WITH_NOT_PRINCIPAL", path: [...path, { value: "NotPrincipal" }] });
    }
    if (policyType === "RESOURCE_POLICY" && statement["Principal"] === undefined && statement["NotPrincipal"] === undefined) {
      found.push({ code: "MISSING_PRINCIPAL", path });
    }
    const resource = statement["Resource"];
    strings(resource).forEach((arn, j) => {
      const match = /^arn:[^:]+:s3:[^:]*:([^:]+):(.*)$/.exec(arn);
      if (match && !ACCOUNT_S3_RESOURCES.test(match[2] ?? "")) {
        found.push({ code: "ARN_ACCOUNT_NOT_ALLOWED", path: [...path, { value: "Resource" }, ...(Array.isArray(resource) ? [{ index: j }] : [])] });
      }
    });
    const condition = statement["Condition"];
    for (const operator of ["StringEquals", "StringLike"]) {
      const block = isObject(condition) ? condition[operator] : undefined;
      if (!isObject(block)) continue;
      for (const key of Object.keys(block).filter((k) => k.toLowerCase() === "aws:sourcevpce")) {
        const values = block[key];
        strings(values).forEach((value, j) => {
          if (value.startsWith("vpce-")) return;
          found.push({ code: "INVALID_VPCE_FORMAT", path: [...path, { value: "Condition" }, { value: operator }, { value: key }, ...(Array.isArray(values) ? [{ index: j }] : [])] });
        });
      }
    }
  }
  return found.map(({ code, path }) => finding(code, path, locator.span(path)));
}

function finding(issueCode: string, path: PathElement[], span: Span): ValidatePolicyFinding {
  const [findingType, findingDetails] = DETAILS[issueCode] ?? ["ERROR", issueCode];
  return { findingDetails, findingType, issueCode, learnMoreLink: learnMoreLink(issueCode), locations: [{ path, span }] };
}

// ---- Check* ------------------------------------------------------------------------------------------------

const canonical = (value: Json | undefined): Json | undefined => {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) {
    return value.every((v) => typeof v === "string") ? [...value].sort() : value.map((v) => canonical(v) ?? null);
  }
  if (isObject(value)) return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical(value[k]) ?? null]));
  return value;
};

const ACCESS_FIELDS = ["Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"];
const accessKey = (statement: JsonObject): string =>
  JSON.stringify(Object.fromEntries(ACCESS_FIELDS.filter((f) => statement[f] !== undefined).map((f) => [f, canonical(statement[f]) ?? null])));

const wildcard = (pattern: string, flags = ""): RegExp =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replaceAll("*", ".*").replaceAll("?", ".")}$`, flags);

function reason(ref: StatementRef, description: string): CheckReason {
  const sid = ref.statement["Sid"];
  return { description, statementIndex: ref.index, ...(typeof sid === "string" && sid !== "" ? { statementId: sid } : {}) };
}

function verdict(reasons: CheckReason[], fail: string, pass: string): CheckResult {
  return reasons.length > 0 ? { result: "FAIL", message: fail, reasons } : { result: "PASS", message: pass, reasons: [] };
}

const allows = (doc: JsonObject): StatementRef[] => statementsOf(doc).filter((ref) => ref.statement["Effect"] === "Allow");

function checkNoNewAccess(next: JsonObject, existing: JsonObject): CheckResult {
  const known = new Set(allows(existing).map((ref) => accessKey(ref.statement)));
  const reasons = allows(next)
    .filter((ref) => !known.has(accessKey(ref.statement)))
    .map((ref) => reason(ref, `New access in the statement with index: ${ref.index}.`));
  return verdict(reasons, "The policy document grants new access compared to the existing policy.",
    "The policy document does not grant new access compared to the existing policy.");
}

function checkAccessNotGranted(doc: JsonObject, actions: string[], resources: string[]): CheckResult {
  const reasons = allows(doc)
    .filter(({ statement }) => {
      const actionHit = actions.length === 0 || strings(statement["Action"]).some((p) => actions.some((a) => wildcard(p, "i").test(a)));
      const resourceHit = resources.length === 0 || strings(statement["Resource"]).some((p) => resources.some((r) => p === r || wildcard(p).test(r)));
      return actionHit && resourceHit;
    })
    .map((ref) => reason(ref, `One or more of the listed actions or resources in the statement with index: ${ref.index}.`));
  return verdict(reasons, "The policy document grants access to perform one or more of the listed actions or resources.",
    "The policy document does not grant access to perform the listed actions or resources.");
}

function checkNoPublicAccess(doc: JsonObject, resourceType: string): CheckResult {
  const isPublic = (principal: Json | undefined): boolean =>
    principal === "*" || (isObject(principal) && strings(principal["AWS"]).includes("*"));
  const unconditioned = (condition: Json | undefined): boolean => condition === undefined || (isObject(condition) && Object.keys(condition).length === 0);
  const reasons = allows(doc)
    .filter(({ statement }) => isPublic(statement["Principal"]) && unconditioned(statement["Condition"]))
    .map((ref) => reason(ref, `Public access granted in the following statement with index: ${ref.index}.`));
  return verdict(reasons, `The resource policy grants public access for the given resource type ${resourceType}.`,
    `The resource policy does not grant public access for the given resource type ${resourceType}.`);
}

// ---- request handling --------------------------------------------------------------------------------------

function parsePolicy(text: unknown): JsonObject | undefined {
  try {
    const doc = JSON.parse(String(text)) as Json;
    return isObject(doc) ? doc : undefined;
  } catch {
    return undefined;
  }
}

const invalidPolicy = (field: string): ScriptedResponse => awsJsonError("InvalidParameterException", 400, `Invalid policy document in ${field}.`);

function requireFields(body: JsonObject, fields: Record<string, readonly string[] | "string">): ScriptedResponse | undefined {
  for (const [name, rule] of Object.entries(fields)) {
    const value = body[name];
    if (typeof value !== "string") return validationError("fieldValidationFailed", `${name} is required and must be a string.`, name);
    if (rule !== "string" && !rule.includes(value)) {
      return validationError("fieldValidationFailed", `Value '${value}' at '${name}' failed to satisfy constraint: Member must satisfy enum value set.`, name);
    }
  }
  return undefined;
}

const documentHash = (document: string): string => createHash("sha256").update(document).digest("hex").slice(0, 12);
const pageToken = (document: string, offset: number): string =>
  Buffer.from(JSON.stringify({ o: offset, h: documentHash(document) })).toString("base64url");

/** The offset a nextToken stands for, or undefined when it was not issued for this document. */
function tokenOffset(document: string, token: string): number | undefined {
  try {
    const { o, h } = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { o?: unknown; h?: unknown };
    return typeof o === "number" && Number.isInteger(o) && o > 0 && h === documentHash(document) ? o : undefined;
  } catch {
    return undefined;
  }
}

function defaultResponse(operation: AccessAnalyzerOperation, body: unknown, query: Record<string, string>, pageSize: number): ScriptedResponse {
  if (!isObject(body)) return validationError("cannotParse", "The request body is not a JSON object.");
  const ok = (result: unknown): ScriptedResponse => ({ status: 200, body: result });
  switch (operation) {
    case "ValidatePolicy": {
      const invalid = requireFields(body, { policyDocument: "string", policyType: POLICY_TYPES });
      if (invalid) return invalid;
      const resourceType = body["validatePolicyResourceType"];
      if (resourceType !== undefined && !VALIDATE_RESOURCE_TYPES.includes(String(resourceType))) {
        return validationError("fieldValidationFailed", "Invalid validatePolicyResourceType.", "validatePolicyResourceType");
      }
      const document = String(body["policyDocument"]);
      const size = query["maxResults"] === undefined ? pageSize : Number(query["maxResults"]);
      if (!Number.isInteger(size) || size < 1) return validationError("fieldValidationFailed", "Invalid maxResults.", "maxResults");
      const offset = query["nextToken"] === undefined ? 0 : tokenOffset(document, query["nextToken"]);
      if (offset === undefined) return validationError("other", "Invalid nextToken.", "nextToken");
      const all = analyzePolicy(document, String(body["policyType"]));
      const findings = all.slice(offset, offset + size);
      return ok(offset + size < all.length ? { findings, nextToken: pageToken(document, offset + size) } : { findings });
    }
    case "CheckNoNewAccess": {
      const invalid = requireFields(body, { newPolicyDocument: "string", existingPolicyDocument: "string", policyType: CHECK_POLICY_TYPES });
      if (invalid) return invalid;
      const next = parsePolicy(body["newPolicyDocument"]);
      const existing = parsePolicy(body["existingPolicyDocument"]);
      if (!next) return invalidPolicy("newPolicyDocument");
      return existing ? ok(checkNoNewAccess(next, existing)) : invalidPolicy("existingPolicyDocument");
    }
    case "CheckAccessNotGranted": {
      const invalid = requireFields(body, { policyDocument: "string", policyType: CHECK_POLICY_TYPES });
      if (invalid) return invalid;
      const access = body["access"];
      if (!Array.isArray(access) || access.length > 1 || !access.every(isObject)) {
        return validationError("fieldValidationFailed", "access must be a list of at most 1 item.", "access");
      }
      const actions = access.flatMap((a) => strings(a["actions"]));
      const resources = access.flatMap((a) => strings(a["resources"]));
      if (actions.length + resources.length === 0) return validationError("fieldValidationFailed", "Specify actions or resources.", "access");
      const doc = parsePolicy(body["policyDocument"]);
      return doc ? ok(checkAccessNotGranted(doc, actions, resources)) : invalidPolicy("policyDocument");
    }
    case "CheckNoPublicAccess": {
      const invalid = requireFields(body, { policyDocument: "string", resourceType: PUBLIC_ACCESS_RESOURCE_TYPES });
      if (invalid) return invalid;
      const doc = parsePolicy(body["policyDocument"]);
      return doc ? ok(checkNoPublicAccess(doc, String(body["resourceType"]))) : invalidPolicy("policyDocument");
    }
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, reply: ScriptedResponse, requestId: string): void {
  const text = reply.body === undefined ? "" : typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
  res.writeHead(reply.status, { "content-type": "application/json", "x-amzn-requestid": requestId, ...reply.headers });
  res.end(text);
}

export async function startAccessAnalyzerServer(options: AccessAnalyzerServerOptions = {}): Promise<AccessAnalyzerServer> {
  const pageSize = options.pageSize ?? 2;
  const calls: AccessAnalyzerCall[] = [];
  let handler: ScriptHandler | undefined;
  let counter = 0;

  const server = createServer((req, res) => {
    void (async () => {
      const requestId = `aa-req-${++counter}`;
      const url = new URL(req.url ?? "/", "http://localhost");
      const method = req.method ?? "GET";
      const query = Object.fromEntries(url.searchParams);
      const text = await readBody(req);
      let body: unknown = text;
      try {
        body = text === "" ? {} : (JSON.parse(text) as unknown);
      } catch {
        // keep the raw text
      }
      const operation = accessAnalyzerOperation(method, url.pathname);
      let reply: ScriptedResponse;
      if (operation === undefined) {
        reply = awsJsonError("UnknownOperationException", 404, `No operation for ${method} ${url.pathname}.`);
      } else {
        try {
          reply = (await handler?.({ operation, body, query })) ?? defaultResponse(operation, body, query, pageSize);
        } catch (error) {
          reply = awsJsonError("InternalServerException", 500, `Script failed: ${String(error)}`);
        }
      }
      calls.push({ method, path: url.pathname, operation, body, query, headers: req.headers, status: reply.status });
      send(res, reply, requestId);
    })().catch(() => res.destroy());
  });
  const loopback = await listenOnLoopback(server);

  return {
    ...loopback,
    calls,
    script(next) {
      handler = next;
    },
    reset() {
      calls.length = 0;
      handler = undefined;
    },
  };
}
