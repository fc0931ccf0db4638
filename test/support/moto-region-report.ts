// moto 5.2.1 reports us-east-1 as every bucket's Region in GetMultiRegionAccessPoint and
// ListMultiRegionAccessPoints (toolchain.md). AWS reports the bucket's own Region
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_RegionReport.html), so this proxy, which
// startMoto() puts in front of moto, rewrites each RegionReport's Region with the Region moto's HeadBucket
// gives (x-amz-bucket-region, which moto gets right). Everything else passes through unchanged.
import { createServer, request } from "node:http";
import type { IncomingMessage } from "node:http";
import { listenOnLoopback, type Loopback } from "./loopback.js";

const REPORTS = /^\/v20180820\/mrap\/instances(\/[^/]+)?$/;
const ENTRY = /<Region>(\s*<Bucket>([^<]+)<\/Bucket>(?:(?!<\/Region>)[\s\S])*?<Region>)([^<]*)(<\/Region>)/g;

async function readAll(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

interface Answer { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }

function send(target: URL, method: string, path: string, headers: Record<string, string | string[] | undefined>, body: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const upstream = request({ hostname: target.hostname, port: target.port, method, path, headers: { ...headers, host: target.host }, agent: false }, (res) => {
      readAll(res).then((data) => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: data }), reject);
    });
    upstream.on("error", reject);
    upstream.end(body);
  });
}

/** The Region of `bucket` as moto's HeadBucket answers it (x-amz-bucket-region). */
async function bucketRegion(target: URL, bucket: string): Promise<string | undefined> {
  const answer = await send(target, "HEAD", `/${encodeURIComponent(bucket)}`, {}, Buffer.alloc(0));
  const region = answer.headers["x-amz-bucket-region"];
  return typeof region === "string" ? region : undefined;
}

/** Each `<Region><Bucket>B</Bucket>…<Region>R</Region></Region>` of a report, with R replaced by B's real Region. */
export async function truthfulRegionReport(xml: string, regionOf: (bucket: string) => Promise<string | undefined>): Promise<string> {
  const buckets = [...xml.matchAll(ENTRY)].map((match) => match[2]!);
  const regions = new Map<string, string | undefined>();
  await Promise.all([...new Set(buckets)].map(async (bucket) => regions.set(bucket, await regionOf(bucket))));
  return xml.replace(ENTRY, (whole, head: string, bucket: string, _region: string, tail: string) => {
    const real = regions.get(bucket);
    return real ? `<Region>${head}${real}${tail}` : whole;
  });
}

export async function startRegionReportProxy(targetUrl: string): Promise<Loopback> {
  const target = new URL(targetUrl);
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readAll(req);
      const path = req.url ?? "/";
      const headers = { ...req.headers };
      delete headers["connection"];
      const answer = await send(target, req.method ?? "GET", path, headers, body);
      let out = answer.body;
      if (req.method === "GET" && answer.status === 200 && REPORTS.test(new URL(path, "http://localhost").pathname)) {
        out = Buffer.from(await truthfulRegionReport(answer.body.toString("utf8"), (bucket) => bucketRegion(target, bucket)));
      }
      const replyHeaders = { ...answer.headers };
      delete replyHeaders["transfer-encoding"];
      delete replyHeaders["connection"];
      if (req.method !== "HEAD") replyHeaders["content-length"] = String(out.length);
      res.writeHead(answer.status, replyHeaders);
      res.end(out);
    })().catch((error: unknown) => {
      res.writeHead(502, { "content-type": "text/plain" });
      res.end(`moto region-report proxy: ${String(error)}`);
    });
  });
  return listenOnLoopback(server);
}
