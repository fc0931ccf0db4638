import type { MultiRegionAccessPointReport } from "@aws-sdk/client-s3-control";
import type { LiveMrap, LiveStateService } from "../engine/services.js";
import type { AwsClients } from "./clients.js";
import { callWithRetry, type RetryOptions } from "./retry.js";

export interface LiveStateOptions {
  clients: AwsClients;
  retry?: RetryOptions;
  limit: <T>(task: () => Promise<T>) => Promise<T>;
}

/** An answer that means "not there", which is a fact, not a failure. */
function isCode(error: unknown, ...codes: string[]): boolean {
  return error instanceof Error && codes.includes(error.name);
}

function httpStatus(error: unknown): number | undefined {
  const metadata = (error as { $metadata?: { httpStatusCode?: unknown } } | undefined)?.$metadata;
  return typeof metadata?.httpStatusCode === "number" ? metadata.httpStatusCode : undefined;
}

/** A response header of a failed SDK call (the SDK keeps the raw response on the error as `$response`). */
function headerOf(error: unknown, name: string): string | undefined {
  const headers = (error as { $response?: { headers?: Record<string, unknown> } } | undefined)?.$response?.headers;
  const value = headers?.[name];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** The parts of a MultiRegionAccessPointReport the rules and the apply pipeline use. */
export function toLiveMrap(report: MultiRegionAccessPointReport, name: string): LiveMrap {
  return {
    name: report.Name ?? name,
    ...(report.Alias ? { alias: report.Alias } : {}),
    ...(report.Status ? { status: report.Status } : {}),
    ...(report.CreatedAt ? { createdAt: report.CreatedAt } : {}),
    ...(report.PublicAccessBlock ? { publicAccessBlock: report.PublicAccessBlock } : {}),
    regions: (report.Regions ?? []).map((region) => ({
      bucket: region.Bucket ?? "",
      ...(region.Region ? { region: region.Region } : {}),
      ...(region.BucketAccountId ? { bucketAccountId: region.BucketAccountId } : {}),
    })),
  };
}

/** Reads the live MRAP and its buckets with S3 Control (in us-west-2) and S3. */
export function createLiveStateService(options: LiveStateOptions): LiveStateService {
  const call = <T>(service: string, operation: string, run: (signal: AbortSignal) => Promise<T>): Promise<T> =>
    options.limit(() => callWithRetry(service, operation, run, options.retry));

  return {
    async getMultiRegionAccessPoint({ accountId, name }) {
      const { GetMultiRegionAccessPointCommand } = await import("@aws-sdk/client-s3-control");
      const client = await options.clients.s3Control();
      return call("S3 Control", "GetMultiRegionAccessPoint", async (abortSignal): Promise<LiveMrap | undefined> => {
        try {
          const { AccessPoint: report } = await client.send(new GetMultiRegionAccessPointCommand({ AccountId: accountId, Name: name }), { abortSignal });
          return report ? toLiveMrap(report, name) : undefined;
        } catch (error) {
          if (isCode(error, "NoSuchMultiRegionAccessPoint")) return undefined;
          throw error;
        }
      });
    },

    async getMultiRegionAccessPointPolicy({ accountId, name }) {
      const { GetMultiRegionAccessPointPolicyCommand } = await import("@aws-sdk/client-s3-control");
      const client = await options.clients.s3Control();
      return call("S3 Control", "GetMultiRegionAccessPointPolicy", async (abortSignal) => {
        try {
          const { Policy: policy } = await client.send(new GetMultiRegionAccessPointPolicyCommand({ AccountId: accountId, Name: name }), { abortSignal });
          return {
            ...(policy?.Established?.Policy ? { established: policy.Established.Policy } : {}),
            ...(policy?.Proposed?.Policy ? { proposed: policy.Proposed.Policy } : {}),
          };
        } catch (error) {
          if (isCode(error, "NoSuchMultiRegionAccessPoint")) return undefined;
          if (isCode(error, "NoSuchMultiRegionAccessPointPolicy", "NoSuchPolicy")) return {};
          throw error;
        }
      });
    },

    async getBucketRegion({ bucket, expectedOwner }) {
      const { HeadBucketCommand, GetBucketLocationCommand } = await import("@aws-sdk/client-s3");
      const client = await options.clients.s3();
      const owner = expectedOwner ? { ExpectedBucketOwner: expectedOwner } : {};
      // HeadBucket, not GetBucketLocation: outside a bucket's home Region the bucket policy does not apply to
      // GetBucketLocation, so a caller of another account is refused, while HeadBucket's x-amz-bucket-region
      // header answers "whether access to the bucket is authorized or not" (a 403 carries it too).
      // https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLocation.html
      // https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadBucket.html
      const headed = await call("S3", "HeadBucket", async (abortSignal): Promise<{ region: string } | { missing: string } | { forbidden: true } | undefined> => {
        try {
          const out = await client.send(new HeadBucketCommand({ Bucket: bucket, ...owner }), { abortSignal });
          return out.BucketRegion ? { region: out.BucketRegion } : undefined;
        } catch (error) {
          // A HEAD answer has no body, so the SDK names a 403 "Unknown" (or "Forbidden"); only the status tells.
          const status = httpStatus(error);
          if (isCode(error, "NoSuchBucket", "NotFound") || status === 404) return { missing: "NoSuchBucket: the bucket does not exist" };
          const region = headerOf(error, "x-amz-bucket-region");
          if (region) return { region };
          if (status === 403) return { forbidden: true };
          throw error;
        }
      });
      if (headed && !("forbidden" in headed)) return headed;
      // Last resort, for an endpoint that sends no x-amz-bucket-region (AWS always does): GetBucketLocation,
      // which answers null for us-east-1 and the legacy "EU" for eu-west-1.
      return call("S3", "GetBucketLocation", async (abortSignal) => {
        try {
          const { LocationConstraint: location } = await client.send(new GetBucketLocationCommand({ Bucket: bucket, ...owner }), { abortSignal });
          const region = !location ? "us-east-1" : location === "EU" ? "eu-west-1" : location;
          return { region };
        } catch (error) {
          if (isCode(error, "NoSuchBucket", "NotFound")) return { missing: "NoSuchBucket: the bucket does not exist" };
          throw error;
        }
      });
    },

    async getBucketPolicy({ bucket, region, expectedOwner }) {
      const { GetBucketPolicyCommand } = await import("@aws-sdk/client-s3");
      const client = await options.clients.s3(region);
      return call("S3", "GetBucketPolicy", async (abortSignal) => {
        try {
          const { Policy: policy } = await client.send(
            new GetBucketPolicyCommand({ Bucket: bucket, ...(expectedOwner ? { ExpectedBucketOwner: expectedOwner } : {}) }),
            { abortSignal },
          );
          return policy;
        } catch (error) {
          if (isCode(error, "NoSuchBucketPolicy")) return undefined;
          throw error;
        }
      });
    },
  };
}
