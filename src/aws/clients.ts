/**
 * The AWS SDK v3 clients, created on first use. Every SDK import here is dynamic, so the offline path never
 * loads the SDK (loading it adds about 290 ms to start-up).
 */
import type { AccessAnalyzerClient } from "@aws-sdk/client-accessanalyzer";
import type { S3Client } from "@aws-sdk/client-s3";
import type { S3ControlClient } from "@aws-sdk/client-s3-control";
import type { AwsCredentials } from "../engine/services.js";

export interface AwsClientOptions {
  /** A named profile from the shared config files (`--profile`). */
  profile?: string;
  /** Default Region (`--region`); otherwise the SDK's chain (AWS_REGION, the profile). */
  region?: string;
  /** Environment for endpoint overrides (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** Credentials instead of the SDK's default chain (a library caller's own, or a test's). */
  credentials?: AwsCredentials | (() => Promise<AwsCredentials>);
  /** Clients of the caller's own, used as they are (and never destroyed here). */
  clients?: ProvidedClients;
}

export interface ProvidedClients {
  accessAnalyzer?: AccessAnalyzerClient;
  /**
   * Must be in us-west-2 for MRAP calls:
   * https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiRegionAccessPointRestrictions.html
   */
  s3Control?: S3ControlClient;
  /** Used for every bucket; give it `followRegionRedirects: true` when buckets are in several Regions. */
  s3?: S3Client;
}

export type { AwsCredentials };

// MRAP control-plane calls go to us-west-2 whatever the default Region is
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiRegionAccessPointRestrictions.html).
export const MRAP_CONTROL_REGION = "us-west-2";

/** The SDK's standard endpoint variables: the service's own one, then AWS_ENDPOINT_URL. */
export function endpointFromEnv(env: NodeJS.ProcessEnv, service: "ACCESSANALYZER" | "S3_CONTROL" | "S3"): string | undefined {
  const value = env[`AWS_ENDPOINT_URL_${service}`] ?? env["AWS_ENDPOINT_URL"];
  return value && value.trim() !== "" ? value.trim() : undefined;
}

const common = (options: AwsClientOptions) => ({
  // Retries are ours (src/aws/retry.ts): they honour retryAfterSeconds and report the request id at the end.
  maxAttempts: 1,
  ...(options.profile ? { profile: options.profile } : {}),
  ...(options.credentials ? { credentials: options.credentials } : {}),
});

export class AwsClients {
  private accessAnalyzerClient?: Promise<AccessAnalyzerClient>;
  private s3ControlClient?: Promise<S3ControlClient>;
  private readonly s3Clients = new Map<string, Promise<S3Client>>();
  private readonly regionalControlClients = new Map<string, Promise<S3ControlClient>>();
  private readonly env: NodeJS.ProcessEnv;

  constructor(private readonly options: AwsClientOptions = {}) {
    this.env = options.env ?? process.env;
  }

  accessAnalyzer(region?: string): Promise<AccessAnalyzerClient> {
    const provided = this.options.clients?.accessAnalyzer;
    if (provided) return Promise.resolve(provided);
    this.accessAnalyzerClient ??= (async () => {
      const { AccessAnalyzerClient } = await import("@aws-sdk/client-accessanalyzer");
      const endpoint = endpointFromEnv(this.env, "ACCESSANALYZER");
      const chosen = region ?? this.options.region ?? (await this.defaultRegion());
      return new AccessAnalyzerClient({ ...common(this.options), region: chosen, ...(endpoint ? { endpoint } : {}) });
    })();
    return this.accessAnalyzerClient;
  }

  /** S3 Control in us-west-2, for MRAP calls. */
  s3Control(): Promise<S3ControlClient> {
    const provided = this.options.clients?.s3Control;
    if (provided) return Promise.resolve(provided);
    this.s3ControlClient ??= (async () => {
      const { S3ControlClient } = await import("@aws-sdk/client-s3-control");
      const endpoint = endpointFromEnv(this.env, "S3_CONTROL");
      // S3 Control prepends "{AccountId}." to the host, which breaks a local endpoint; an endpointProvider
      // keeps the host as given.
      const url = endpoint ? new URL(endpoint) : undefined;
      return new S3ControlClient({ ...common(this.options), region: MRAP_CONTROL_REGION, ...(url ? { endpointProvider: () => ({ url }) } : {}) });
    })();
    return this.s3ControlClient;
  }

  /** S3 Control in one Region, for single-Region access points (the caller's client when it is in that Region). */
  async s3ControlIn(region: string): Promise<S3ControlClient> {
    const provided = this.options.clients?.s3Control;
    if (provided && (await provided.config.region()) === region) return provided;
    if (!provided && region === MRAP_CONTROL_REGION) return this.s3Control();
    let client = this.regionalControlClients.get(region);
    if (!client) {
      client = (async () => {
        const { S3ControlClient } = await import("@aws-sdk/client-s3-control");
        const endpoint = endpointFromEnv(this.env, "S3_CONTROL");
        const url = endpoint ? new URL(endpoint) : undefined;
        return new S3ControlClient({ ...common(this.options), region, ...(url ? { endpointProvider: () => ({ url }) } : {}) });
      })();
      this.regionalControlClients.set(region, client);
    }
    return client;
  }

  /** S3 in one Region (GetBucketLocation works from us-east-1 for any bucket). */
  s3(region = "us-east-1"): Promise<S3Client> {
    const provided = this.options.clients?.s3;
    if (provided) return Promise.resolve(provided);
    let client = this.s3Clients.get(region);
    if (!client) {
      client = (async () => {
        const { S3Client } = await import("@aws-sdk/client-s3");
        const endpoint = endpointFromEnv(this.env, "S3");
        return new S3Client({ ...common(this.options), region, followRegionRedirects: true, ...(endpoint ? { endpoint, forcePathStyle: true } : {}) });
      })();
      this.s3Clients.set(region, client);
    }
    return client;
  }

  /** Whether the default credential chain (or the profile) yields credentials; never throws. */
  async hasCredentials(): Promise<boolean> {
    try {
      const client = await this.accessAnalyzer();
      const credentials = await client.config.credentials();
      return Boolean(credentials.accessKeyId);
    } catch {
      return false;
    }
  }

  private async defaultRegion(): Promise<string> {
    const fromEnv = this.env["AWS_REGION"] ?? this.env["AWS_DEFAULT_REGION"];
    if (fromEnv) return fromEnv;
    try {
      // Let the SDK read the profile's region; a client without one throws "Region is missing".
      const { AccessAnalyzerClient } = await import("@aws-sdk/client-accessanalyzer");
      const probe = new AccessAnalyzerClient({ ...common(this.options) });
      return await probe.config.region();
    } catch {
      return "us-east-1";
    }
  }

  destroy(): void {
    void this.accessAnalyzerClient?.then((client) => client.destroy());
    void this.s3ControlClient?.then((client) => client.destroy());
    for (const client of this.s3Clients.values()) void client.then((c) => c.destroy());
    for (const client of this.regionalControlClients.values()) void client.then((c) => c.destroy());
  }
}
