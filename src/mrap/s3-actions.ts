/**
 * The IAM actions an MRAP policy can meaningfully grant
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/MrapOperations.html), grouped by what a rule has to
 * say about them. Names are the canonical spellings of the Service Authorization Reference; lookups are
 * case-insensitive, as IAM action matching is.
 */
import { actionMatches, hasWildcard } from "../iam/wildcard.js";

/** What an action acts on: an object (`…/object/KEY` resources) or the MRAP itself (the bare MRAP ARN). */
export type ActionLevel = "object" | "bucket";

export interface MrapAction {
  /** Without the `s3:` prefix, e.g. `GetObject`. */
  name: string;
  level: ActionLevel;
}

/**
 * The operations that "can accept Multi-Region Access Point ARNs" (the 2023 MrapOperations list), mapped to
 * the IAM actions §4.5 names: GetObject and HeadObject → s3:GetObject; PutObject, CreateMultipartUpload,
 * UploadPart, CompleteMultipartUpload (and CopyObject, destination only) → s3:PutObject; ListObjectsV2 →
 * s3:ListBucket; ListMultipartUploads → s3:ListBucketMultipartUploads; ListParts → s3:ListMultipartUploadParts;
 * the rest one to one.
 */
export const MRAP_DATA_ACTIONS: readonly MrapAction[] = [
  { name: "AbortMultipartUpload", level: "object" },
  { name: "DeleteObject", level: "object" },
  { name: "DeleteObjectTagging", level: "object" },
  { name: "GetObject", level: "object" },
  { name: "GetObjectAcl", level: "object" },
  { name: "GetObjectLegalHold", level: "object" },
  { name: "GetObjectRetention", level: "object" },
  { name: "GetObjectTagging", level: "object" },
  { name: "ListBucket", level: "bucket" },
  { name: "ListBucketMultipartUploads", level: "bucket" },
  { name: "ListMultipartUploadParts", level: "object" },
  { name: "PutObject", level: "object" },
  { name: "PutObjectAcl", level: "object" },
  { name: "PutObjectLegalHold", level: "object" },
  { name: "PutObjectRetention", level: "object" },
  { name: "PutObjectTagging", level: "object" },
  { name: "RestoreObject", level: "object" },
];

/**
 * Version-specific variants of the actions above. The 2023 operation list does not name them, yet AWS
 * recommends versioning and "include version IDs in your requests" for MRAPs (§7.4), and the current list
 * was not confirmed (§4.5). Uncertain: a warning, never an error.
 */
export const MRAP_VERSION_ACTIONS: readonly (MrapAction & { base: string })[] = [
  { name: "DeleteObjectVersion", level: "object", base: "DeleteObject" },
  { name: "DeleteObjectVersionTagging", level: "object", base: "DeleteObjectTagging" },
  { name: "GetObjectVersion", level: "object", base: "GetObject" },
  { name: "GetObjectVersionAcl", level: "object", base: "GetObjectAcl" },
  { name: "GetObjectVersionTagging", level: "object", base: "GetObjectTagging" },
  { name: "ListBucketVersions", level: "bucket", base: "ListBucket" },
  { name: "PutObjectVersionAcl", level: "object", base: "PutObjectAcl" },
  { name: "PutObjectVersionTagging", level: "object", base: "PutObjectTagging" },
];

/** The control-plane MRAP actions of the §4.5 table, plus s3:ListAllMyBuckets that managing an MRAP needs. */
export const MRAP_CONTROL_ACTIONS: readonly string[] = [
  "CreateMultiRegionAccessPoint",
  "DeleteMultiRegionAccessPoint",
  "DescribeMultiRegionAccessPointOperation",
  "GetMultiRegionAccessPoint",
  "GetMultiRegionAccessPointPolicy",
  "GetMultiRegionAccessPointPolicyStatus",
  "GetMultiRegionAccessPointRoutes",
  "ListAllMyBuckets",
  "ListMultiRegionAccessPoints",
  "PutMultiRegionAccessPointPolicy",
  "SubmitMultiRegionAccessPointRoutes",
];

/** S3 Batch Operations ("The S3 Batch Operations feature isn't supported", §4.5). */
export const BATCH_OPERATIONS_ACTIONS: readonly string[] = [
  "CreateJob",
  "DeleteJobTagging",
  "DescribeJob",
  "GetJobTagging",
  "ListJobs",
  "PutJobTagging",
  "UpdateJobPriority",
  "UpdateJobStatus",
];

/**
 * API operation names that people write as if they were IAM actions, with the action that authorizes them
 * through an MRAP. `s3:CopyObject` is not an IAM action: a copy into the MRAP (the only direction §4.5
 * allows) is a write of the destination object.
 */
export const OPERATION_ACTIONS: ReadonlyMap<string, { operation: string; action: string }> = new Map(
  (
    [
      ["CompleteMultipartUpload", "PutObject"],
      ["CopyObject", "PutObject"],
      ["CreateMultipartUpload", "PutObject"],
      ["HeadObject", "GetObject"],
      ["ListMultipartUploads", "ListBucketMultipartUploads"],
      ["ListObjectsV2", "ListBucket"],
      ["ListParts", "ListMultipartUploadParts"],
      ["UploadPart", "PutObject"],
    ] as const
  ).map(([operation, action]) => [operation.toLowerCase(), { operation, action }]),
);

const lower = (names: readonly string[]) => new Map(names.map((n) => [n.toLowerCase(), n]));
const DATA = new Map(MRAP_DATA_ACTIONS.map((a) => [a.name.toLowerCase(), a]));
const VERSION = new Map(MRAP_VERSION_ACTIONS.map((a) => [a.name.toLowerCase(), a]));
const CONTROL = lower(MRAP_CONTROL_ACTIONS);
const BATCH = lower(BATCH_OPERATIONS_ACTIONS);

export type ActionClass =
  | { kind: "data"; action: MrapAction }
  | { kind: "version"; action: MrapAction & { base: string } }
  | { kind: "control"; name: string }
  | { kind: "batch"; name: string }
  | { kind: "operation"; operation: string; action: string }
  | { kind: "unknown" };

/** Classifies a literal S3 action name (without `s3:`). */
export function classifyS3Action(name: string): ActionClass {
  const key = name.toLowerCase();
  const data = DATA.get(key);
  if (data) return { kind: "data", action: data };
  const version = VERSION.get(key);
  if (version) return { kind: "version", action: version };
  const control = CONTROL.get(key);
  if (control) return { kind: "control", name: control };
  const batch = BATCH.get(key);
  if (batch) return { kind: "batch", name: batch };
  const operation = OPERATION_ACTIONS.get(key);
  if (operation) return { kind: "operation", ...operation };
  return { kind: "unknown" };
}

/** `service:name`, split at the first colon; undefined when there is no colon (policy/action-exists reports that). */
export function splitAction(text: string): { service: string; name: string } | undefined {
  const colon = text.indexOf(":");
  if (colon < 0) return undefined;
  return { service: text.slice(0, colon), name: text.slice(colon + 1) };
}

/** Whether an action's service part is (or, as a pattern, can be) `s3`. */
export function isS3Service(service: string): boolean {
  return actionMatches(service, "s3");
}

/**
 * The levels (object, bucket) of the data-plane and version actions an S3 action or action pattern names.
 * Empty for control-plane, Batch Operations and unknown actions, which have no MRAP data resource.
 */
export function actionLevels(name: string): Set<ActionLevel> {
  const levels = new Set<ActionLevel>();
  if (!hasWildcard(name)) {
    const found = classifyS3Action(name);
    if (found.kind === "data" || found.kind === "version") levels.add(found.action.level);
    return levels;
  }
  for (const action of [...MRAP_DATA_ACTIONS, ...MRAP_VERSION_ACTIONS]) if (actionMatches(name, action.name)) levels.add(action.level);
  return levels;
}

/** The names in `names` that an action pattern (without `s3:`) matches. */
export function matchingNames(pattern: string, names: Iterable<string>): string[] {
  return [...names].filter((name) => actionMatches(pattern, name));
}
