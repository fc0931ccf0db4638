/**
 * The network side of a lint run: which AWS services the rules get, with the cache, retries and concurrency
 * limit they share. Loaded only when a run asks for Access Analyzer or live state.
 */
import path from "node:path";
import type { AccessAnalyzerSettings } from "../engine/config.js";
import type { NetworkServices as RuleServices } from "../engine/types.js";
import { createAccessAnalyzerService } from "./access-analyzer.js";
import { DiskCache, NoCache, cacheSecretLocation, defaultCacheLocation, openDiskCache, type ResultCache } from "./cache.js";
import { AwsClients, type AwsClientOptions } from "./clients.js";
import { createLimiter } from "./limiter.js";
import { createLiveStateService } from "./live-state.js";
import type { RetryOptions } from "./retry.js";

export { AwsClients, MRAP_CONTROL_REGION, endpointFromEnv } from "./clients.js";
export type { AwsClientOptions } from "./clients.js";

export interface NetworkSetup extends AwsClientOptions {
  cwd: string;
  toolVersion: string;
  settings: AccessAnalyzerSettings;
  /**
   * `required`: `--access-analyzer` (a service that cannot be reached is an error finding);
   * `if-credentials`: config `accessAnalyzer.enabled` (skipped, with a notice, when there are no credentials).
   */
  accessAnalyzer: "required" | "if-credentials" | "off";
  live: boolean;
  /** A cache directory, or `false` for `--no-cache`; default: defaultCacheLocation(cwd). */
  cache?: string | false;
  /** Overrides for tests (delays); timeouts and attempts come from the settings. */
  retry?: RetryOptions;
  /** One-line notices for stderr. */
  notice(line: string): void;
}

export interface Network {
  services: RuleServices;
  clients: AwsClients;
  close(): void;
}

/** Default of config `accessAnalyzer.deadlineSeconds`: all Access Analyzer calls (and `--live` reads) of one lint run, retries included. */
export const DEFAULT_DEADLINE_SECONDS = 180;

/** Builds the services a run uses; `undefined` when nothing networked is on (or it was skipped, with a notice). */
export async function setUpNetwork(setup: NetworkSetup): Promise<Network | undefined> {
  if (setup.accessAnalyzer === "off" && !setup.live) return undefined;
  const clients = new AwsClients(setup);
  let accessAnalyzer = setup.accessAnalyzer !== "off";
  if (setup.accessAnalyzer === "if-credentials" && !(await clients.hasCredentials())) {
    setup.notice("Access Analyzer checks skipped: no AWS credentials found (pass --access-analyzer to require them).");
    accessAnalyzer = false;
  }
  if (!accessAnalyzer && !setup.live) {
    clients.destroy();
    return undefined;
  }
  const settings = setup.settings;
  const limit = createLimiter(settings.concurrency ?? 4);
  const retry: RetryOptions = {
    ...(settings.maxAttempts !== undefined ? { maxAttempts: settings.maxAttempts } : {}),
    ...(settings.timeoutSeconds !== undefined ? { timeoutMs: settings.timeoutSeconds * 1000 } : {}),
    ...setup.retry,
  };
  let cache: ResultCache = new NoCache();
  if (setup.cache !== false && accessAnalyzer) {
    const env = setup.env ?? process.env;
    // A relative --cache-location is relative to the run's working directory, like every other path.
    const opened = openDiskCache(path.resolve(setup.cwd, setup.cache ?? defaultCacheLocation(setup.cwd, env)), cacheSecretLocation(env));
    if (opened instanceof DiskCache) cache = opened;
    else setup.notice(`Access Analyzer results are not cached this run: ${opened.problem}.`);
  }
  const services: RuleServices = {};
  const deadline = Date.now() + (settings.deadlineSeconds ?? DEFAULT_DEADLINE_SECONDS) * 1000;
  if (accessAnalyzer) {
    services.accessAnalyzer = createAccessAnalyzerService({ clients, cache, retry, limit, deadline, toolVersion: setup.toolVersion, ...(settings.region ? { region: settings.region } : {}) });
  }
  // A lint --live run's reads share the run deadline; apply brings its own (--timeout).
  if (setup.live) services.live = createLiveStateService({ clients, retry: retry.deadline ? retry : { ...retry, deadline: () => deadline }, limit });
  return {
    services,
    clients,
    close() {
      if (cache instanceof DiskCache && cache.writeErrors > 0) setup.notice(`Access Analyzer results were not cached: ${cache.writeErrors} write(s) failed in the cache directory.`);
      clients.destroy();
    },
  };
}
