/**
 * General purpose bucket naming rules and the bucket kinds an MRAP cannot use (directory buckets, S3 on Outposts:
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiRegionAccessPointRestrictions.html).
 * Source: https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
 */

export type BucketNameProblem =
  | { id: "outposts" }
  | { id: "bucketArn"; name: string }
  | { id: "arn" }
  | { id: "directoryBucket" }
  | { id: "reservedSuffix"; suffix: string; reason: string }
  | { id: "tooShort" | "tooLong"; length: number }
  | { id: "uppercase" }
  | { id: "invalidCharacter"; character: string }
  | { id: "edgeCharacter"; where: "begins" | "ends"; character: string }
  | { id: "adjacentPeriods" }
  | { id: "ipAddress" }
  | { id: "reservedPrefix"; prefix: string }
  | { id: "accountRegionalNamespace"; account: string; region: string }
  | { id: "anSuffix" };

/** Problems that AWS's documentation leaves uncertain for MRAPs: report them as warnings. */
export const UNCERTAIN_BUCKET_NAME_PROBLEMS: ReadonlySet<BucketNameProblem["id"]> = new Set(["accountRegionalNamespace", "anSuffix"]);

export const RESERVED_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"] as const;

/** Suffixes a general purpose bucket name cannot end in, with why (`--x-s3` has its own problem). */
export const RESERVED_SUFFIXES: readonly { suffix: string; reason: string }[] = [
  { suffix: "-s3alias", reason: "is the suffix of access point aliases: list the underlying bucket's own name, not an access point alias" },
  { suffix: "--ol-s3", reason: "is the suffix of Object Lambda access point aliases: list the underlying bucket's own name, not an alias" },
  { suffix: ".mrap", reason: 'is reserved for Multi-Region Access Points (an MRAP alias such as "mfzwi23gnjvgw.mrap" is not a bucket): list the bucket\'s own name' },
  { suffix: "--table-s3", reason: "is reserved for S3 Tables buckets, so no general purpose bucket has this name" },
];

const DIRECTORY_SUFFIX = "--x-s3";
const IP_ADDRESS = /^\d{1,3}(?:\.\d{1,3}){3}$/;
/** `<prefix>-<12-digit account>-<region>-an` (§2.2, §2.6). */
const ACCOUNT_REGIONAL = /-(\d{12})-([a-z]{2}(?:-[a-z]+)+-\d+)-an$/;

/** The first rule a name given as an MRAP's `Bucket` breaks, most specific first; undefined when it passes. */
/** The longest bucket name S3 accepts. */
export const MAX_BUCKET_NAME = 63;

export function bucketNameProblem(bucket: string): BucketNameProblem | undefined {
  if (bucket.startsWith("arn:")) {
    if (bucket.includes("s3-outposts")) return { id: "outposts" };
    const name = /^arn:[^:]*:s3:::([^/]+)/.exec(bucket)?.[1];
    return name !== undefined ? { id: "bucketArn", name } : { id: "arn" };
  }
  if (bucket.endsWith(DIRECTORY_SUFFIX)) return { id: "directoryBucket" };
  const reserved = RESERVED_SUFFIXES.find(({ suffix }) => bucket.endsWith(suffix));
  if (reserved) return { id: "reservedSuffix", ...reserved };
  if (bucket.length < 3) return { id: "tooShort", length: bucket.length };
  if (bucket.length > MAX_BUCKET_NAME) return { id: "tooLong", length: bucket.length };
  if (/[A-Z]/.test(bucket)) return { id: "uppercase" };
  const bad = /[^a-z0-9.-]/.exec(bucket);
  if (bad) return { id: "invalidCharacter", character: bad[0] };
  if (!/^[a-z0-9]/.test(bucket)) return { id: "edgeCharacter", where: "begins", character: bucket[0]! };
  if (!/[a-z0-9]$/.test(bucket)) return { id: "edgeCharacter", where: "ends", character: bucket.at(-1)! };
  if (bucket.includes("..")) return { id: "adjacentPeriods" };
  if (IP_ADDRESS.test(bucket)) return { id: "ipAddress" };
  const prefix = RESERVED_PREFIXES.find((p) => bucket.startsWith(p));
  if (prefix) return { id: "reservedPrefix", prefix };
  const namespace = ACCOUNT_REGIONAL.exec(bucket);
  if (namespace) return { id: "accountRegionalNamespace", account: namespace[1]!, region: namespace[2]! };
  if (bucket.endsWith("-an")) return { id: "anSuffix" };
  return undefined;
}
