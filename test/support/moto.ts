// moto_server for integration tests. Usage, once per test file:
//
//   const gate = motoGate();
//   describe("against moto", { skip: gate.skip }, () => {
//     const moto = useMoto(gate);            // before(): gate.check() + startMoto(); after(): close()
//     it("…", async () => { const s3 = s3Client(moto().url); … });
//   });
//
// Without moto_server on PATH the suite is skipped and one line is printed on stderr; with CI=true it runs
// and its before() hook fails with the reason instead, so a CI image without moto cannot pass silently.
import { spawn, spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { request } from "node:http";
import { createServer } from "node:net";
import type { AddressInfo, Socket } from "node:net";
import { after, before } from "node:test";
import { startRegionReportProxy } from "./moto-region-report.js";

export const MOTO_COMMAND = "moto_server";

export type MotoAvailability = { available: true; command: string } | { available: false; reason: string };

export interface MotoServer {
  /** moto behind a proxy that reports each MRAP bucket's real Region, as AWS does (moto-region-report.ts). */
  url: string;
  port: number;
  /** moto itself, unadapted. */
  directUrl: string;
  /** POST /moto-api/reset: forget every bucket, access point and policy. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export interface MotoGate {
  /** For describe(…, { skip }): the reason to skip, or false to run. */
  skip: string | false;
  /** Throws when moto is unavailable (reached only under CI=true, where the suite is not skipped). */
  check(): void;
}

let availability: MotoAvailability | undefined;

export function motoAvailability(): MotoAvailability {
  if (availability) return availability;
  const probe = spawnSync(MOTO_COMMAND, ["--help"], { encoding: "utf8", timeout: 15_000 });
  if (probe.error) {
    const missing = (probe.error as NodeJS.ErrnoException).code === "ENOENT";
    availability = { available: false, reason: missing ? `${MOTO_COMMAND} not found on PATH` : `${MOTO_COMMAND} --help failed: ${probe.error.message}` };
  } else if (probe.status !== 0) {
    availability = { available: false, reason: `${MOTO_COMMAND} --help exited with ${String(probe.status)}: ${probe.stderr.trim().split("\n").at(-1) ?? ""}` };
  } else {
    availability = { available: true, command: MOTO_COMMAND };
  }
  return availability;
}

let announced = false;

export function motoGate(): MotoGate {
  const status = motoAvailability();
  if (status.available) return { skip: false, check: () => undefined };
  const message = `${status.reason}: skipping AWS integration tests (install moto 5.2.1 to run them)`;
  if (process.env["CI"] === "true") {
    return {
      skip: false,
      check: () => {
        throw new Error(`${status.reason}; CI=true requires the AWS integration tests (install moto 5.2.1: pip install 'moto[server]==5.2.1')`);
      },
    };
  }
  if (!announced) process.stderr.write(`${message}\n`);
  announced = true;
  return { skip: message, check: () => undefined };
}

/** Registers before/after hooks in the current suite and returns an accessor for the running server. */
export function useMoto(gate: MotoGate = motoGate()): () => MotoServer {
  let server: MotoServer | undefined;
  before(async () => {
    gate.check();
    server = await startMoto();
  });
  after(() => server?.close());
  return () => {
    if (!server) throw new Error("moto is not running (use the accessor inside tests, after before())");
    return server;
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function httpCall(method: string, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent: false, timeout: 2_000 }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end();
  });
}

const live = new Set<ChildProcess>();
const killGroup = (child: ChildProcess, signal: NodeJS.Signals): void => {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
};
process.once("exit", () => {
  for (const child of live) killGroup(child, "SIGKILL");
});

// moto must never reach the internet: dead proxies for anything not on loopback, fake credentials.
function childEnv(): NodeJS.ProcessEnv {
  const dropped = new Set(["AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"]);
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !dropped.has(name)));
  const dead = "http://127.0.0.1:9";
  return {
    ...env,
    AWS_ACCESS_KEY_ID: "testing",
    AWS_SECRET_ACCESS_KEY: "testing",
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_EC2_METADATA_DISABLED: "true",
    HTTP_PROXY: dead,
    HTTPS_PROXY: dead,
    http_proxy: dead,
    https_proxy: dead,
    NO_PROXY: "127.0.0.1,localhost",
    no_proxy: "127.0.0.1,localhost",
    PYTHONUNBUFFERED: "1",
  };
}

const START_TIMEOUT_MS = 20_000;

async function startOnce(port: number): Promise<MotoServer> {
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(MOTO_COMMAND, ["-H", "127.0.0.1", "-p", String(port)], {
    env: childEnv(),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  live.add(child);
  let output = "";
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString("utf8")).slice(-4_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  let exited: string | undefined;
  const gone = new Promise<void>((resolve) => {
    child.once("exit", (code, signal) => {
      exited = `exited with ${signal ?? String(code)}`;
      live.delete(child);
      resolve();
    });
    child.once("error", (error) => {
      exited = `failed to start: ${error.message}`;
      live.delete(child);
      resolve();
    });
  });
  const close = async (): Promise<void> => {
    if (exited !== undefined) return;
    killGroup(child, "SIGTERM");
    const timer = setTimeout(() => killGroup(child, "SIGKILL"), 2_000);
    await gone;
    clearTimeout(timer);
  };

  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (exited !== undefined) throw Object.assign(new Error(`moto_server ${exited} on port ${port}:\n${output}`), { output });
    try {
      if ((await httpCall("GET", `${url}/moto-api/`)) > 0) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await close();
      throw new Error(`moto_server did not answer on ${url} within ${START_TIMEOUT_MS / 1000} s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // Let a test process that forgets close() still exit; the exit hook kills moto then.
  child.unref();
  for (const stream of [child.stdout, child.stderr]) (stream as Socket | null)?.unref();

  return {
    url,
    port,
    directUrl: url,
    async reset() {
      const status = await httpCall("POST", `${url}/moto-api/reset`);
      if (status !== 200) throw new Error(`moto reset answered ${status}`);
    },
    close,
  };
}

export async function startMoto(): Promise<MotoServer> {
  const status = motoAvailability();
  if (!status.available) throw new Error(status.reason);
  for (let attempt = 1; ; attempt++) {
    try {
      const direct = await startOnce(await freePort());
      const adapted = await startRegionReportProxy(direct.url);
      return {
        ...direct,
        url: adapted.url,
        port: adapted.port,
        async close() {
          await adapted.close();
          await direct.close();
        },
      };
    } catch (error) {
      const output = (error as { output?: string }).output ?? "";
      if (attempt >= 3 || !/address already in use|EADDRINUSE/i.test(output)) throw error;
    }
  }
}
