// Replays recorded AWS responses (test/fixtures/aws/, see its README.md) on 127.0.0.1, so the real SDK v3
// clients parse exactly what AWS answers and the code that interprets the parsed output is tested on that.
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import { join } from "node:path";
import { listenOnLoopback } from "./loopback.js";

/** One recorded response and where it comes from. */
export interface AwsFixture {
  /** Where the response was published (a URL, or `owner/repo:path`), quoted in test/fixtures/aws/README.md. */
  source: string;
  /** The API operation it answers, e.g. `ValidatePolicy`. */
  operation: string;
  /** What the fixture shows, in a few words. */
  description?: string;
  status: number;
  headers?: Record<string, string>;
  /** The body as sent; `json` is serialised when `body` is absent. */
  body?: string;
  json?: unknown;
}

export interface ReplayRequest {
  method: string;
  path: string;
  body: string;
}

export interface ReplayRoute {
  method: string;
  /** Matched against the path with its query string. */
  path: RegExp;
  /** A fixture, or one per request (the last repeats). */
  respond: AwsFixture | AwsFixture[] | ((request: ReplayRequest) => AwsFixture);
}

export interface ReplayServer {
  url: string;
  requests: ReplayRequest[];
  close(): Promise<void>;
}

const FIXTURES = join(import.meta.dirname, "..", "fixtures", "aws");

/** Reads `test/fixtures/aws/<name>.json`. */
export function fixture(name: string): AwsFixture {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), "utf8")) as AwsFixture;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (body += chunk));
    request.on("end", () => resolve(body));
    request.on("error", reject);
  });
}

/** Serves `routes` in order of declaration; an unmatched request is a 599 so a test sees it. */
export async function startReplay(routes: readonly ReplayRoute[]): Promise<ReplayServer> {
  const requests: ReplayRequest[] = [];
  const served = new Map<ReplayRoute, number>();
  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const request = { method: req.method ?? "GET", path: req.url ?? "/", body };
      requests.push(request);
      const route = routes.find((r) => r.method === request.method && r.path.test(request.path));
      if (!route) {
        res.writeHead(599, { "content-type": "text/plain" });
        res.end(`no replay route for ${request.method} ${request.path}`);
        return;
      }
      const count = served.get(route) ?? 0;
      served.set(route, count + 1);
      const answer = typeof route.respond === "function" ? route.respond(request) : Array.isArray(route.respond) ? route.respond[Math.min(count, route.respond.length - 1)]! : route.respond;
      const text = answer.body ?? (answer.json === undefined ? "" : JSON.stringify(answer.json));
      res.writeHead(answer.status, { "content-length": Buffer.byteLength(text), "x-amzn-requestid": `replay-${requests.length}`, ...answer.headers });
      res.end(text);
    });
  });
  const loopback = await listenOnLoopback(server);
  return { url: loopback.url, requests, close: loopback.close };
}
