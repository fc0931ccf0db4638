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
      const { GetBucketLocationCommand } = await import("@aws-sdk/client-s3");
      const client = await options.clients.s3();
      return call("S3", "GetBucketLocation", async (abortSignal) => {
        try {
          const { LocationConstraint: location } = await client.send(
            new GetBucketLocationCommand({ Bucket: bucket, ...(expectedOwner ? { ExpectedBucketOwner: expectedOwner } : {}) }),
            { abortSignal },
          );
          // GetBucketLocation answers null for us-east-1 and the legacy "EU" for eu-west-1.
          // https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLocation.html
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
