/**
 * The S3 Control calls the guarded apply makes: the puts, the async-operation reads, routes and single-Region
 * access points. Reads are retried; puts are sent once per call, because whether a lost put may be sent again
 * is the apply pipeline's decision (it re-reads the live policy first).
 */
import type {
  CreateMultiRegionAccessPointCommandInput,
  PutAccessPointPolicyCommandInput,
  PutMultiRegionAccessPointPolicyCommandInput,
  SubmitMultiRegionAccessPointRoutesCommandInput,
} from "@aws-sdk/client-s3-control";
import type { LiveMrap } from "../engine/services.js";
import type { AwsClients } from "./clients.js";
import { toLiveMrap } from "./live-state.js";
import { callWithRetry, type RetryOptions } from "./retry.js";

export interface AsyncOperation {
  /**
   * RequestStatus as AWS spells it (a plain string, not an enum:
   * https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_AsyncOperation.html).
   */
  status: string;
  error?: { code?: string; message?: string; resource?: string; requestId?: string };
}

export interface Route {
  bucket?: string;
  region?: string;
  trafficDialPercentage?: number;
}

export interface LiveAccessPoint {
  name: string;
  bucket?: string;
  alias?: string;
}

export interface ControlPlane {
  createMultiRegionAccessPoint(input: CreateMultiRegionAccessPointCommandInput): Promise<string>;
  putMultiRegionAccessPointPolicy(input: PutMultiRegionAccessPointPolicyCommandInput): Promise<string>;
  /** `undefined` when AWS does not know the token (NoSuchAsyncRequest). */
  describeOperation(accountId: string, requestTokenArn: string): Promise<AsyncOperation | undefined>;
  /** `undefined` when the MRAP has no established policy status yet. */
  policyIsPublic(accountId: string, name: string): Promise<boolean | undefined>;
  findByAlias(accountId: string, alias: string): Promise<LiveMrap | undefined>;
  getRoutes(accountId: string, mrapArn: string): Promise<Route[]>;
  submitRoutes(input: SubmitMultiRegionAccessPointRoutesCommandInput): Promise<void>;
  getAccessPoint(accountId: string, name: string, region: string): Promise<LiveAccessPoint | undefined>;
  /** `undefined` when the access point has no policy. */
  getAccessPointPolicy(accountId: string, name: string, region: string): Promise<string | undefined>;
  accessPointPolicyIsPublic(accountId: string, name: string, region: string): Promise<boolean | undefined>;
  putAccessPointPolicy(input: PutAccessPointPolicyCommandInput, region: string): Promise<void>;
}

export interface ControlPlaneOptions {
  clients: AwsClients;
  retry?: RetryOptions;
}

function isCode(error: unknown, ...codes: string[]): boolean {
  return error instanceof Error && codes.includes(error.name);
}

const SERVICE = "S3 Control";

export function createControlPlane(options: ControlPlaneOptions): ControlPlane {
  const read = <T>(operation: string, run: (signal: AbortSignal) => Promise<T>): Promise<T> => callWithRetry(SERVICE, operation, run, options.retry);
  const once = <T>(operation: string, run: (signal: AbortSignal) => Promise<T>): Promise<T> => callWithRetry(SERVICE, operation, run, { ...options.retry, maxAttempts: 1 });
  const sdk = () => import("@aws-sdk/client-s3-control");

  return {
    async createMultiRegionAccessPoint(input) {
      const { CreateMultiRegionAccessPointCommand } = await sdk();
      const client = await options.clients.s3Control();
      const out = await once("CreateMultiRegionAccessPoint", (abortSignal) => client.send(new CreateMultiRegionAccessPointCommand(input), { abortSignal }));
      return out.RequestTokenARN ?? "";
    },

    async putMultiRegionAccessPointPolicy(input) {
      const { PutMultiRegionAccessPointPolicyCommand } = await sdk();
      const client = await options.clients.s3Control();
      const out = await once("PutMultiRegionAccessPointPolicy", (abortSignal) => client.send(new PutMultiRegionAccessPointPolicyCommand(input), { abortSignal }));
      return out.RequestTokenARN ?? "";
    },

    async describeOperation(accountId, requestTokenArn) {
      const { DescribeMultiRegionAccessPointOperationCommand } = await sdk();
      const client = await options.clients.s3Control();
      return read("DescribeMultiRegionAccessPointOperation", async (abortSignal) => {
        try {
          const { AsyncOperation: op } = await client.send(new DescribeMultiRegionAccessPointOperationCommand({ AccountId: accountId, RequestTokenARN: requestTokenArn }), { abortSignal });
          const details = op?.ResponseDetails?.ErrorDetails;
          const error = details
            ? {
                ...(details.Code ? { code: details.Code } : {}),
                ...(details.Message ? { message: details.Message } : {}),
                ...(details.Resource ? { resource: details.Resource } : {}),
                ...(details.RequestId ? { requestId: details.RequestId } : {}),
              }
            : undefined;
          return { status: op?.RequestStatus ?? "", ...(error && Object.keys(error).length > 0 ? { error } : {}) };
        } catch (error) {
          if (isCode(error, "NoSuchAsyncRequest")) return undefined;
          throw error;
        }
      });
    },

    async policyIsPublic(accountId, name) {
      const { GetMultiRegionAccessPointPolicyStatusCommand } = await sdk();
      const client = await options.clients.s3Control();
      return read("GetMultiRegionAccessPointPolicyStatus", async (abortSignal) => {
        try {
          const out = await client.send(new GetMultiRegionAccessPointPolicyStatusCommand({ AccountId: accountId, Name: name }), { abortSignal });
          return out.Established?.IsPublic;
        } catch (error) {
          if (isCode(error, "NoSuchMultiRegionAccessPointPolicy", "NoSuchPolicy")) return undefined;
          throw error;
        }
      });
    },

    async findByAlias(accountId, alias) {
      const { ListMultiRegionAccessPointsCommand } = await sdk();
      const client = await options.clients.s3Control();
      // maxResults and nextToken are "Not currently used": one call returns them all.
      // https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_ListMultiRegionAccessPoints.html
      const out = await read("ListMultiRegionAccessPoints", (abortSignal) => client.send(new ListMultiRegionAccessPointsCommand({ AccountId: accountId }), { abortSignal }));
      const report = (out.AccessPoints ?? []).find((ap) => ap.Alias === alias);
      return report ? toLiveMrap(report, report.Name ?? "") : undefined;
    },

    async getRoutes(accountId, mrapArn) {
      const { GetMultiRegionAccessPointRoutesCommand } = await sdk();
      const client = await options.clients.s3Control();
      const out = await read("GetMultiRegionAccessPointRoutes", (abortSignal) => client.send(new GetMultiRegionAccessPointRoutesCommand({ AccountId: accountId, Mrap: mrapArn }), { abortSignal }));
      return (out.Routes ?? []).map((route) => ({
        ...(route.Bucket ? { bucket: route.Bucket } : {}),
        ...(route.Region ? { region: route.Region } : {}),
        ...(route.TrafficDialPercentage !== undefined ? { trafficDialPercentage: route.TrafficDialPercentage } : {}),
      }));
    },

    async submitRoutes(input) {
      const { SubmitMultiRegionAccessPointRoutesCommand } = await sdk();
      const client = await options.clients.s3Control();
      await once("SubmitMultiRegionAccessPointRoutes", (abortSignal) => client.send(new SubmitMultiRegionAccessPointRoutesCommand(input), { abortSignal }));
    },

    async getAccessPoint(accountId, name, region) {
      const { GetAccessPointCommand } = await sdk();
      const client = await options.clients.s3ControlIn(region);
      return read("GetAccessPoint", async (abortSignal) => {
        try {
          const out = await client.send(new GetAccessPointCommand({ AccountId: accountId, Name: name }), { abortSignal });
          return { name: out.Name ?? name, ...(out.Bucket ? { bucket: out.Bucket } : {}), ...(out.Alias ? { alias: out.Alias } : {}) };
        } catch (error) {
          if (isCode(error, "NoSuchAccessPoint")) return undefined;
          throw error;
        }
      });
    },

    async getAccessPointPolicy(accountId, name, region) {
      const { GetAccessPointPolicyCommand } = await sdk();
      const client = await options.clients.s3ControlIn(region);
      return read("GetAccessPointPolicy", async (abortSignal) => {
        try {
          const out = await client.send(new GetAccessPointPolicyCommand({ AccountId: accountId, Name: name }), { abortSignal });
          return out.Policy;
        } catch (error) {
          if (isCode(error, "NoSuchAccessPointPolicy", "NoSuchPolicy")) return undefined;
          throw error;
        }
      });
    },

    async accessPointPolicyIsPublic(accountId, name, region) {
      const { GetAccessPointPolicyStatusCommand } = await sdk();
      const client = await options.clients.s3ControlIn(region);
      return read("GetAccessPointPolicyStatus", async (abortSignal) => {
        try {
          const out = await client.send(new GetAccessPointPolicyStatusCommand({ AccountId: accountId, Name: name }), { abortSignal });
          return out.PolicyStatus?.IsPublic;
        } catch (error) {
          if (isCode(error, "NoSuchAccessPointPolicy", "NoSuchPolicy")) return undefined;
          throw error;
        }
      });
    },

    async putAccessPointPolicy(input, region) {
      const { PutAccessPointPolicyCommand } = await sdk();
      const client = await options.clients.s3ControlIn(region);
      await once("PutAccessPointPolicy", (abortSignal) => client.send(new PutAccessPointPolicyCommand(input), { abortSignal }));
    },
  };
}
