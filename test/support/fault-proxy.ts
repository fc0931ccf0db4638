// An HTTP reverse proxy that injects queued faults in front of moto or the local Access Analyzer.
// Request bytes are forwarded unchanged except for Host and hop-by-hop headers (the backends do not check
// SigV4 signatures, which the SDK computed for the proxy's host).
import { createServer, request } from "node:http";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { accessAnalyzerOperation } from "./access-analyzer-server.js";
import { listenOnLoopback } from "./loopback.js";

export type WireProtocol = "json" | "xml";
export interface FaultMatch {
  method?: string;
  /** A string must equal the pathname; a RegExp is tested against pathname + query. */
  path?: string | RegExp;
  /** An operation name as operationOf() derives it, e.g. "PutMultiRegionAccessPointPolicy". */
  operation?: string;
}
export type Fault = { match?: FaultMatch } & (
  | { kind: "throttle"; protocol: WireProtocol; retryAfterSeconds?: number }
  | { kind: "error"; status: number; protocol: WireProtocol; code: string; message?: string }
  | { kind: "delay"; ms: number }
  | { kind: "drop" }
  | { kind: "drop-after-forward" }
  | { kind: "stale" }
  /** Answer without forwarding. */
  | { kind: "respond"; status: number; headers?: Record<string, string>; body: string | Buffer }
  /** Forward, then reply with the target's body (utf-8) transformed; content-length is recomputed. */
  | { kind: "rewrite"; transform: RewriteTransform }
  /** Await `run` once the request has been read, then forward normally. */
  | { kind: "before"; run: () => void | Promise<void> }
);
export type FaultKind = Fault["kind"];
export type RewriteTransform = (body: string, status: number) => string | { status?: number; body: string };

/** A request as an interceptor sees it; `path` is pathname + query, as received. */
export interface InterceptedRequest {
  method: string;
  path: string;
  operation: string | undefined;
  headers: IncomingHttpHeaders;
  body: Buffer;
}
export interface ProxyResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}
/**
 * Stands in for the target: called where a request would be forwarded (after its fault, if any, so throttle,
 * error, delay, drop, before and rewrite faults apply to intercepted operations too). Undefined forwards it.
 */
export type Interceptor = (request: InterceptedRequest) => ProxyResponse | undefined | Promise<ProxyResponse | undefined>;

export interface ProxyCall {
  method: string;
  /** pathname + query, as received. */
  path: string;
  operation: string | undefined;
  fault?: FaultKind;
  forwarded: boolean;
  /** Status sent to the client; undefined when the connection was dropped. */
  status?: number;
  /** Status the target answered with, when forwarded. */
  targetStatus?: number;
  /** True when an interceptor answered instead of the target (forwarded is true then too). */
  intercepted?: boolean;
}

export interface FaultProxy {
  url: string;
  port: number;
  readonly calls: ProxyCall[];
  /** Queue faults; each is consumed by the first later request it matches. */
  faults(list: Fault[]): void;
  /** Faults queued but not yet consumed. */
  pending(): Fault[];
  /** Forget queued faults, calls and the responses remembered for "stale" (interceptors stay). */
  clear(): void;
  /** Add an interceptor, consulted before earlier ones; returns a function that removes it. */
  intercept(handler: Interceptor): () => void;
  close(): Promise<void>;
}

const S3_CONTROL_ROUTES: [string, RegExp, string][] = [
  ["POST", /^\/v20180820\/async-requests\/mrap\/create$/, "CreateMultiRegionAccessPoint"],
  ["POST", /^\/v20180820\/async-requests\/mrap\/delete$/, "DeleteMultiRegionAccessPoint"],
  ["POST", /^\/v20180820\/async-requests\/mrap\/put-policy$/, "PutMultiRegionAccessPointPolicy"],
  ["GET", /^\/v20180820\/async-requests\/mrap\/.+$/, "DescribeMultiRegionAccessPointOperation"],
  ["GET", /^\/v20180820\/mrap\/instances$/, "ListMultiRegionAccessPoints"],
  ["GET", /^\/v20180820\/mrap\/instances\/.+\/policy$/, "GetMultiRegionAccessPointPolicy"],
  ["GET", /^\/v20180820\/mrap\/instances\/.+\/policystatus$/, "GetMultiRegionAccessPointPolicyStatus"],
  ["GET", /^\/v20180820\/mrap\/instances\/.+\/routes$/, "GetMultiRegionAccessPointRoutes"],
  ["PATCH", /^\/v20180820\/mrap\/instances\/.+\/routes$/, "SubmitMultiRegionAccessPointRoutes"],
  ["GET", /^\/v20180820\/mrap\/instances\/.+$/, "GetMultiRegionAccessPoint"],
];
const S3_SUBRESOURCES: Record<string, string> = { policy: "BucketPolicy", location: "BucketLocation" };
const S3_VERBS: Record<string, string> = { GET: "Get", PUT: "Put", DELETE: "Delete" };

/** The API operation a request is for (Access Analyzer, S3 Control MRAP calls, a few path-style S3 calls). */
export function operationOf(method: string, target: string): string | undefined {
  const url = new URL(target, "http://localhost");
  const aa = accessAnalyzerOperation(method, url.pathname);
  if (aa) return aa;
  for (const [verb, pattern, name] of S3_CONTROL_ROUTES) if (verb === method && pattern.test(url.pathname)) return name;
  if (url.pathname.startsWith("/v20180820/") || !/^\/[^/]+\/?$/.test(url.pathname)) return undefined;
  const sub = [...url.searchParams.keys()].map((k) => S3_SUBRESOURCES[k]).find((name) => name !== undefined);
  const verb = S3_VERBS[method];
  if (sub) return verb === undefined ? undefined : `${verb}${sub}`;
  return method === "PUT" ? "CreateBucket" : method === "DELETE" ? "DeleteBucket" : method === "HEAD" ? "HeadBucket" : undefined;
}

function matches(fault: Fault, method: string, target: string, operation: string | undefined): boolean {
  const m = fault.match;
  if (!m) return true;
  const pathname = new URL(target, "http://localhost").pathname;
  if (m.method !== undefined && m.method.toUpperCase() !== method) return false;
  if (typeof m.path === "string" && m.path !== pathname) return false;
  if (m.path instanceof RegExp && !m.path.test(target)) return false;
  return m.operation === undefined || m.operation === operation;
}

interface Recorded { status: number; headers: string[]; body: Buffer }

const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "proxy-connection", "te", "trailer", "upgrade"]);
function endToEnd(raw: string[], replace: Record<string, string> = {}): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] ?? "";
    const lower = name.toLowerCase();
    if (!HOP_BY_HOP.has(lower) && !(lower in replace)) out.push(name, raw[i + 1] ?? "");
  }
  for (const [name, value] of Object.entries(replace)) out.push(name, value);
  return out;
}

export const escapeXml = (s: string): string => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** An S3 Control error document, wrapped in ErrorResponse as moto (and S3 Control) do. */
export function s3ControlErrorXml(code: string, message: string, requestId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/"><Error><Type>Sender</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${escapeXml(requestId)}</RequestId></ErrorResponse>`;
}

/**
 * A "rewrite" transform for a DescribeMultiRegionAccessPointOperation answer: every RequestStatus (the
 * operation's and each Region's) becomes `status`, and `error` is added as ResponseDetails/ErrorDetails.
 */
export function asyncOperationStatus(status: string, error?: { Code: string; Message?: string; Resource?: string; RequestId?: string }): RewriteTransform {
  return (body) => {
    let xml = body.replace(/<RequestStatus>[^<]*<\/RequestStatus>/g, `<RequestStatus>${escapeXml(status)}</RequestStatus>`);
    if (!error) return xml;
    const fields = (["Code", "Message", "Resource", "RequestId"] as const).map((name) => (error[name] === undefined ? "" : `<${name}>${escapeXml(error[name])}</${name}>`));
    const details = `<ErrorDetails>${fields.join("")}</ErrorDetails>`;
    if (xml.includes("</ResponseDetails>")) xml = xml.replace("</ResponseDetails>", `${details}</ResponseDetails>`);
    else xml = xml.replace("</AsyncOperation>", `<ResponseDetails>${details}</ResponseDetails></AsyncOperation>`);
    return xml;
  };
}

function errorResponse(fault: Extract<Fault, { kind: "throttle" | "error" }>, target: string, requestId: string): Recorded {
  const throttle = fault.kind === "throttle";
  const status = throttle ? (fault.protocol === "json" ? 429 : 503) : fault.status;
  const code = throttle ? (fault.protocol === "json" ? "ThrottlingException" : "SlowDown") : fault.code;
  const message = throttle ? (fault.protocol === "json" ? "Rate exceeded" : "Please reduce your request rate.") : (fault.message ?? code);
  const retryAfter = throttle ? fault.retryAfterSeconds : undefined;
  if (fault.protocol === "json") {
    const headers = ["content-type", "application/json", "x-amzn-errortype", code, "x-amzn-requestid", requestId];
    if (retryAfter !== undefined) headers.push("retry-after", String(retryAfter));
    const body = retryAfter === undefined ? { message } : { message, retryAfterSeconds: retryAfter };
    return { status, headers, body: Buffer.from(JSON.stringify(body)) };
  }
  // S3 Control wraps errors (as moto does) in ErrorResponse with RequestId outside Error; S3 does not wrap.
  const xml = new URL(target, "http://localhost").pathname.startsWith("/v20180820/")
    ? s3ControlErrorXml(code, message, requestId)
    : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message><RequestId>${requestId}</RequestId></Error>`;
  const headers = ["content-type", "application/xml", "x-amz-request-id", requestId];
  if (retryAfter !== undefined) headers.push("retry-after", String(retryAfter));
  return { status, headers, body: Buffer.from(xml) };
}

async function readAll(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function forward(target: URL, req: IncomingMessage, body: Buffer): Promise<Recorded> {
  // A chunked request body was buffered, so it goes on with a length instead.
  const length: Record<string, string> = req.headers["transfer-encoding"] === undefined ? {} : { "content-length": String(body.length) };
  const headers = endToEnd(req.rawHeaders, { host: target.host, ...length });
  return new Promise((resolve, reject) => {
    const upstream = request(
      { hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent: false },
      (res) => {
        readAll(res).then((data) => resolve({ status: res.statusCode ?? 502, headers: endToEnd(res.rawHeaders), body: data }), reject);
      },
    );
    upstream.on("error", reject);
    upstream.end(body);
  });
}

function fromResponse(response: ProxyResponse): Recorded {
  const body = typeof response.body === "string" ? Buffer.from(response.body) : (response.body ?? Buffer.alloc(0));
  return { status: response.status, headers: Object.entries(response.headers ?? {}).flat(), body };
}

function rewritten(recorded: Recorded, transform: RewriteTransform): Recorded {
  const out = transform(recorded.body.toString("utf8"), recorded.status);
  const { status, body } = typeof out === "string" ? { status: recorded.status, body: out } : { status: out.status ?? recorded.status, body: out.body };
  const bytes = Buffer.from(body);
  return { status, headers: endToEnd(recorded.headers, { "content-length": String(bytes.length) }), body: bytes };
}

async function askInterceptors(handlers: Interceptor[], intercepted: InterceptedRequest): Promise<ProxyResponse | undefined> {
  for (const handler of handlers) {
    const response = await handler(intercepted);
    if (response) return response;
  }
  return undefined;
}

function reply(res: ServerResponse, recorded: Recorded): void {
  res.writeHead(recorded.status, recorded.headers);
  res.end(recorded.body);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function startFaultProxy(options: { target: string }): Promise<FaultProxy> {
  const target = new URL(options.target);
  const calls: ProxyCall[] = [];
  let queue: Fault[] = [];
  let interceptors: Interceptor[] = [];
  const lastResponses = new Map<string, Recorded>();
  let counter = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? "GET";
    const path = req.url ?? "/";
    const operation = operationOf(method, path);
    const call: ProxyCall = { method, path, operation, forwarded: false };
    calls.push(call);
    const body = await readAll(req);
    const index = queue.findIndex((f) => matches(f, method, path, operation));
    const fault = index >= 0 ? queue[index] : undefined;
    if (index >= 0) queue.splice(index, 1);
    if (fault) call.fault = fault.kind;
    const key = `${method} ${path}`;

    if (fault?.kind === "drop") {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === "respond") {
      const recorded = fromResponse(fault);
      call.status = recorded.status;
      reply(res, recorded);
      return;
    }
    if (fault?.kind === "throttle" || fault?.kind === "error") {
      const recorded = errorResponse(fault, path, `proxy-req-${++counter}`);
      call.status = recorded.status;
      reply(res, recorded);
      return;
    }
    const stale = fault?.kind === "stale" ? lastResponses.get(key) : undefined;
    if (stale) {
      call.status = stale.status;
      reply(res, stale);
      return;
    }
    if (fault?.kind === "delay") await sleep(fault.ms);
    let recorded: Recorded;
    try {
      if (fault?.kind === "before") await fault.run();
      const intercepted = await askInterceptors(interceptors, { method, path, operation, headers: req.headers, body });
      if (intercepted) call.intercepted = true;
      recorded = intercepted ? fromResponse(intercepted) : await forward(target, req, body);
    } catch (error) {
      call.status = 502;
      res.writeHead(502, { "content-type": "text/plain" });
      res.end(`fault proxy: target unreachable, or a before hook or interceptor failed: ${String(error)}`);
      return;
    }
    call.forwarded = true;
    call.targetStatus = recorded.status;
    lastResponses.set(key, recorded);
    if (fault?.kind === "drop-after-forward") {
      req.socket.destroy();
      return;
    }
    let sent = recorded;
    try {
      if (fault?.kind === "rewrite") sent = rewritten(recorded, fault.transform);
    } catch (error) {
      sent = { status: 502, headers: ["content-type", "text/plain"], body: Buffer.from(`fault proxy: rewrite failed: ${String(error)}`) };
    }
    call.status = sent.status;
    reply(res, sent);
  };

  const server = createServer((req, res) => {
    res.on("error", () => undefined);
    handle(req, res).catch(() => res.destroy());
  });
  const loopback = await listenOnLoopback(server);

  return {
    ...loopback,
    calls,
    faults(list) {
      queue.push(...list);
    },
    pending: () => [...queue],
    intercept(handler) {
      interceptors = [handler, ...interceptors];
      return () => {
        interceptors = interceptors.filter((h) => h !== handler);
      };
    },
    clear() {
      queue = [];
      calls.length = 0;
      lastResponses.clear();
    },
  };
}
