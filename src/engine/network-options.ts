import type { AwsCredentials } from "./services.js";
import type { DocumentKind, NetworkServices } from "./types.js";

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
