import { rules } from "../rules/index.js";
import type { ResolvedConfig } from "./engine/config.js";
import type { LintOptions, LintResult, NetworkRun } from "./engine/linter.js";
import { loadReferencePolicy } from "./engine/reference-policy.js";
import type { DocumentKind, NetworkServices } from "./engine/types.js";
import { version } from "./version.js";
import type { AwsCredentials } from "./aws/clients.js";

/** What a lint run may ask of AWS (the library's and the CLI's options). */
export interface NetworkOptions {
  /** The kind of standalone documents. */
  kind?: DocumentKind;
  /**
   * Run the IAM Access Analyzer rules. `true`: a service that cannot be reached is a `core/service-error`
   * finding; `false`: never; unset: as config `accessAnalyzer.enabled` says, skipped with a notice when there
   * are no AWS credentials.
   */
  accessAnalyzer?: boolean;
  /** Read the live MRAP, bucket Regions and missing bucket policies, and run the live-state rules. */
  live?: boolean;
  /** AWS profile and default Region (otherwise the SDK's default chain). */
  profile?: string;
  region?: string;
  /** A policy file CheckNoNewAccess compares the linted policies of its kind against. */
  referencePolicy?: string;
  /** Access Analyzer result cache directory, or `false` for none (default under node_modules/.cache or the user cache). */
  cache?: string | false;
  /** Your own services instead of the SDK-backed ones (tests, or callers with clients of their own). */
  services?: NetworkServices;
  /** One-line notices (a skipped check, a cache that could not be written). Default: ignored. */
  onNotice?(line: string): void;
  /** Progress of the network checks. */
  onProgress?(done: number, total: number): void;
  /** Credentials instead of the SDK's default chain. */
  credentials?: AwsCredentials | (() => Promise<AwsCredentials>);
  /** Environment read for AWS_ENDPOINT_URL* and the Region (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** Include stack traces in `core/rule-error` messages. */
  debug?: boolean;
}

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

