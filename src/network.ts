import { rules } from "../rules/index.js";
import type { ResolvedConfig } from "./engine/config.js";
import type { LintOptions, LintResult, NetworkRun } from "./engine/types.js";
import { loadReferencePolicy } from "./engine/reference-policy.js";
import type { NetworkOptions } from "./engine/network-options.js";
import { version } from "./version.js";

export type { NetworkOptions };


/**
 * Runs `lint` with the network services the options ask for. The AWS layer is imported only then, so an
 * offline run never loads it or the SDK.
 */
export async function withNetwork(
  cwd: string,
  config: ResolvedConfig,
  options: NetworkOptions,
  run: (lintOptions: LintOptions) => Promise<LintResult[]>,
): Promise<LintResult[]> {
  const base: LintOptions = { cwd, config, rules, ...(options.kind ? { kind: options.kind } : {}), ...(options.debug ? { debug: true } : {}) };
  const mode = options.accessAnalyzer === true ? "required" : options.accessAnalyzer === false || !config.accessAnalyzer.enabled ? "off" : "if-credentials";
  const live = options.live === true;
  const referencePolicy = options.referencePolicy ? await loadReferencePolicy(options.referencePolicy, cwd, options.kind) : undefined;
  const extras = { ...(live ? { live } : {}), ...(referencePolicy ? { referencePolicy } : {}), ...(options.onProgress ? { onProgress: options.onProgress } : {}) };
  if (options.services) return run({ ...base, network: { services: options.services, ...extras } });
  if (mode === "off" && !live) return run(base);
  const { setUpNetwork } = await import("./aws/index.js");
  const network = await setUpNetwork({
    cwd,
    toolVersion: version(),
    settings: config.accessAnalyzer,
    accessAnalyzer: mode,
    live,
    notice: options.onNotice ?? (() => undefined),
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.region ? { region: options.region } : {}),
    ...(options.cache !== undefined ? { cache: options.cache } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
  if (!network) return run(base);
  try {
    const networkRun: NetworkRun = { services: network.services, ...extras };
    return await run({ ...base, network: networkRun });
  } finally {
    network.close();
  }
}

