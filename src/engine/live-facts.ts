/** The live facts (`--live`): what AWS knows about a manifest's MRAP and buckets, read before the rules run. */
import { parseText, type JsonValue } from "../document/index.js";
import { isServiceError, serviceErrorFinding } from "./error-findings.js";
import type { FindingsSink } from "./findings-sink.js";
import type { Inventory, WiredManifest } from "./inventory.js";
import type { LiveStateService } from "./services.js";
import { documentTarget } from "./targets.js";
import type { LiveFacts, PolicyRole } from "./types.js";

/** Reads what AWS knows about a manifest's MRAP and buckets; a failed read is `core/service-error`. */
export async function readLiveFacts(context: WiredManifest, live: LiveStateService, parts: { sink: FindingsSink; inventory: Pick<Inventory, "admitParsed"> }): Promise<void> {
  const value = context.target.value;
  const mrap = field(value, "MultiRegionAccessPoint");
  const accountId = field(value, "AccountId");
  const name = field(mrap, "Name");
  const buckets = new Map<number, { region: string } | { missing: string }>();
  const unreadablePolicies = new Map<number, { code: string; httpStatus?: number }>();
  const facts: { -readonly [K in keyof LiveFacts]: LiveFacts[K] } = { buckets, unreadablePolicies };
  const guard = async <T>(pointer: string, read: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await read();
    } catch (error) {
      parts.sink.report(serviceErrorFinding(context.target, pointer, error));
      return undefined;
    }
  };
  const jobs: Promise<void>[] = [];
  const report = typeof accountId === "string" && typeof name === "string" ? guard("/MultiRegionAccessPoint/Name", () => live.getMultiRegionAccessPoint({ accountId, name })) : Promise.resolve(undefined);
  if (typeof accountId === "string" && typeof name === "string") {
    jobs.push(
      (async () => {
        const found = await report;
        if (found === undefined) return;
        facts.mrap = found ?? null;
        if (!found) return;
        const policy = await guard("/MultiRegionAccessPoint/Name", () => live.getMultiRegionAccessPointPolicy({ accountId, name }));
        if (policy) facts.mrapPolicy = policy;
      })(),
    );
  }
  list(field(mrap, "Regions")).forEach((region, index) => {
    const bucket = field(region, "Bucket");
    if (typeof bucket !== "string") return;
    const owner = field(region, "BucketAccountId");
    const expectedOwner = typeof owner === "string" ? { expectedOwner: owner } : {};
    const pointer = `/MultiRegionAccessPoint/Regions/${index}/Bucket`;
    jobs.push(
      (async () => {
        // The MRAP's own report names each bucket's Region; HeadBucket is asked only for a bucket it does not list.
        const reported = (await report)?.regions.find((entry) => entry.bucket === bucket && entry.region);
        const location = reported?.region ? { region: reported.region } : await guard(pointer, () => live.getBucketRegion({ bucket, ...expectedOwner }));
        if (!location) return;
        buckets.set(index, location);
        if (!("region" in location) || field(region, "BucketPolicy") !== undefined) return;
        const bucketOwner = typeof owner === "string" ? owner : reported?.bucketAccountId;
        let text: string | undefined;
        try {
          text = await live.getBucketPolicy({ bucket, region: location.region, ...expectedOwner });
        } catch (error) {
          const refused = unreadablePolicy(error, bucketOwner, typeof accountId === "string" ? accountId : undefined);
          if (refused) unreadablePolicies.set(index, refused);
          else parts.sink.report(serviceErrorFinding(context.target, pointer, error));
          return;
        }
        if (text === undefined) return;
        const role: PolicyRole = { type: "bucket", index, pointer: `/MultiRegionAccessPoint/Regions/${index}/BucketPolicy` };
        const doc = await parseText(`s3://${bucket}?policy`, text, "json");
        if (!parts.inventory.admitParsed(doc)) return;
        context.bucketPolicies.set(index, documentTarget("bucket-policy", doc, "", { manifest: context, role }));
      })(),
    );
  });
  await Promise.all(jobs);
  context.live = facts;
}

/**
 * A GetBucketPolicy refusal that means "this caller may not read it", not a failure: 405 MethodNotAllowed goes to
 * any identity outside the bucket owner's account, and a 403 for a bucket of another account is the same fact.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketPolicy.html
 */
function unreadablePolicy(error: unknown, bucketOwner: string | undefined, caller: string | undefined): { code: string; httpStatus?: number } | undefined {
  if (!isServiceError(error)) return undefined;
  const fact = { code: error.code, ...(error.httpStatus !== undefined ? { httpStatus: error.httpStatus } : {}) };
  if (error.code === "MethodNotAllowed" || error.httpStatus === 405) return fact;
  const denied = error.code === "AccessDenied" || error.httpStatus === 403;
  return denied && bucketOwner !== undefined && caller !== undefined && bucketOwner !== caller ? fact : undefined;
}

function field(value: JsonValue | undefined, key: string): JsonValue | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  return Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined;
}

function list(value: JsonValue | undefined): JsonValue[] {
  return Array.isArray(value) ? value : [];
}
