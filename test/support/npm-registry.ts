// A local npm registry for install tests, on 127.0.0.1: it serves exactly the package versions this
// repository's package-lock.json pins (packuments built from the lock's entries, tarballs from npm's own content
// cache, which `npm ci` filled), so `npm install` of a git clone or of a tarball resolves and installs as it
// would from the public registry, without the network. Anything it does not have is a 404, and every request
// is logged.
import { existsSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { homedir } from "node:os";
import { join } from "node:path";
import { listenOnLoopback } from "./loopback.js";

interface LockEntry {
  name?: string;
  version?: string;
  integrity?: string;
  link?: boolean;
  [key: string]: unknown;
}

export interface NpmRegistry {
  url: string;
  /** Every request path, in order, with its status. */
  requests: { path: string; status: number }[];
  close(): Promise<void>;
}

const METADATA = ["dependencies", "optionalDependencies", "peerDependencies", "peerDependenciesMeta", "bin", "engines", "os", "cpu", "license", "hasInstallScript"] as const;

/** npm's content cache path for an integrity string (cacache's layout: algorithm, then the hex digest split 2/2/rest). */
function cachedTarball(cache: string, integrity: string): string | undefined {
  const [algorithm, digest] = integrity.split(" ")[0]!.split("-", 2) as [string, string | undefined];
  if (!digest) return undefined;
  const hex = Buffer.from(digest, "base64").toString("hex");
  const path = join(cache, "_cacache", "content-v2", algorithm, hex.slice(0, 2), hex.slice(2, 4), hex.slice(4));
  return existsSync(path) ? path : undefined;
}

export async function startNpmRegistry(lockFile: string, options: { cache?: string } = {}): Promise<NpmRegistry> {
  const cache = options.cache ?? process.env["npm_config_cache"] ?? join(homedir(), ".npm");
  const lock = JSON.parse(readFileSync(lockFile, "utf8")) as { packages: Record<string, LockEntry> };
  const versions = new Map<string, Map<string, LockEntry>>();
  for (const [path, entry] of Object.entries(lock.packages)) {
    const at = path.lastIndexOf("node_modules/");
    if (at < 0 || entry.link || !entry.version || !entry.integrity) continue;
    const name = entry.name ?? path.slice(at + "node_modules/".length);
    let byVersion = versions.get(name);
    if (!byVersion) versions.set(name, (byVersion = new Map()));
    byVersion.set(entry.version, entry);
  }

  const requests: NpmRegistry["requests"] = [];
  let base = "";
  const send = (req: IncomingMessage, res: ServerResponse, status: number, body: string | Buffer, type: string) => {
    requests.push({ path: req.url ?? "", status });
    res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body) });
    res.end(body);
  };

  const server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? "/").split("?")[0]!).replace(/^\/+/, "");
    const tarball = /^((?:@[^/]+\/)?[^/@]+)\/-\/[^/]+-(\d[^/]*)\.tgz$/.exec(path);
    if (req.method !== "GET") return send(req, res, 405, "{}", "application/json");
    if (tarball) {
      const entry = versions.get(tarball[1]!)?.get(tarball[2]!);
      const file = entry?.integrity ? cachedTarball(cache, entry.integrity) : undefined;
      return file ? send(req, res, 200, readFileSync(file), "application/octet-stream") : send(req, res, 404, '{"error":"not found"}', "application/json");
    }
    const byVersion = versions.get(path);
    if (!byVersion) return send(req, res, 404, '{"error":"not found"}', "application/json");
    const unscoped = path.split("/").pop()!;
    const packument = {
      name: path,
      "dist-tags": { latest: [...byVersion.keys()].pop() },
      versions: Object.fromEntries(
        [...byVersion].map(([version, entry]) => [
          version,
          {
            name: path,
            version,
            ...Object.fromEntries(METADATA.filter((key) => entry[key] !== undefined).map((key) => [key, entry[key]])),
            dist: { tarball: `${base}/${path}/-/${unscoped}-${version}.tgz`, integrity: entry.integrity },
          },
        ]),
      ),
    };
    return send(req, res, 200, JSON.stringify(packument), "application/json");
  });
  const loopback = await listenOnLoopback(server);
  base = loopback.url;
  return { url: `${base}/`, requests, close: loopback.close };
}
