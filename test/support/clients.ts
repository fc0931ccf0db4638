// Real AWS SDK v3 clients pointed at local servers, with fake static credentials and no retries by default.
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AccessAnalyzerClient } from "@aws-sdk/client-accessanalyzer";
import type { AccessAnalyzerClientConfig } from "@aws-sdk/client-accessanalyzer";
import { S3Client } from "@aws-sdk/client-s3";
import type { S3ClientConfig } from "@aws-sdk/client-s3";
import { S3ControlClient } from "@aws-sdk/client-s3-control";
import type { S3ControlClientConfig } from "@aws-sdk/client-s3-control";

export const TEST_CREDENTIALS = { accessKeyId: "AKIDTEST", secretAccessKey: "secret" };

/**
 * `base` without any AWS_* variable, plus `vars`: no shared config files, no instance metadata, and (unless
 * `credentials` is false) the test credentials, so the SDK's default chain finds exactly what a test means.
 */
export function isolatedAwsEnv(base: NodeJS.ProcessEnv, vars: Record<string, string>, credentials = true): NodeJS.ProcessEnv {
  return {
    ...Object.fromEntries(Object.entries(base).filter(([key]) => !key.startsWith("AWS_"))),
    AWS_REGION: "us-east-1",
    AWS_CONFIG_FILE: join(tmpdir(), "mrap-guard-no-aws-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(tmpdir(), "mrap-guard-no-aws-credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
    ...(credentials ? { AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey } : {}),
    ...vars,
  };
}

export function accessAnalyzerClient(url: string, overrides: Partial<AccessAnalyzerClientConfig> = {}): AccessAnalyzerClient {
  return new AccessAnalyzerClient({ region: "us-east-1", endpoint: url, credentials: TEST_CREDENTIALS, maxAttempts: 1, ...overrides });
}

// S3 Control prefixes the host with "{AccountId}." even for a custom endpoint; only an endpointProvider avoids it.
export function s3ControlClient(url: string, overrides: Partial<S3ControlClientConfig> = {}): S3ControlClient {
  return new S3ControlClient({
    region: "us-west-2",
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
    endpointProvider: () => ({ url: new URL(url) }),
    ...overrides,
  });
}

export function s3Client(url: string, overrides: Partial<S3ClientConfig> = {}): S3Client {
  return new S3Client({ region: "us-east-1", endpoint: url, forcePathStyle: true, credentials: TEST_CREDENTIALS, maxAttempts: 1, ...overrides });
}
