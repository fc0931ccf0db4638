// Real AWS SDK v3 clients pointed at local servers, with fake static credentials and no retries by default.
import { AccessAnalyzerClient } from "@aws-sdk/client-accessanalyzer";
import type { AccessAnalyzerClientConfig } from "@aws-sdk/client-accessanalyzer";
import { S3Client } from "@aws-sdk/client-s3";
import type { S3ClientConfig } from "@aws-sdk/client-s3";
import { S3ControlClient } from "@aws-sdk/client-s3-control";
import type { S3ControlClientConfig } from "@aws-sdk/client-s3-control";

export const TEST_CREDENTIALS = { accessKeyId: "AKIDTEST", secretAccessKey: "secret" };

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
