/**
 * The AWS Regions where Multi-Region Access Points are available.
 * Source: https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiRegionAccessPointRestrictions.html
 * (the docs list Region names; the codes are mapped from botocore `endpoints.json`).
 */

/** The 17 supported Regions that are enabled by default. */
export const MRAP_DEFAULT_REGIONS = [
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "ap-south-1",
  "ap-northeast-3",
  "ap-northeast-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-northeast-1",
  "ca-central-1",
  "eu-central-1",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "eu-north-1",
  "sa-east-1",
] as const;

/**
 * The 12 supported opt-in Regions. Every account involved (requester, MRAP owner, bucket owners, VPC
 * endpoint owner) must enable them: https://docs.aws.amazon.com/AmazonS3/latest/userguide/ConfiguringMrapOptInRegions.html
 */
export const MRAP_OPT_IN_REGIONS = [
  "af-south-1",
  "ap-east-1",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-south-2",
  "ca-west-1",
  "eu-central-2",
  "eu-south-1",
  "eu-south-2",
  "il-central-1",
  "me-south-1",
  "me-central-1",
] as const;

/** All 29 supported Regions. */
export const MRAP_REGIONS: readonly string[] = [...MRAP_DEFAULT_REGIONS, ...MRAP_OPT_IN_REGIONS];

/** "There is a limit of 17 Regions for a single Multi-Region Access Point" (§2.4), opt-in Regions included (§2.3). */
export const MAX_MRAP_REGIONS = 17;

const DEFAULT = new Set<string>(MRAP_DEFAULT_REGIONS);
const OPT_IN = new Set<string>(MRAP_OPT_IN_REGIONS);

export function isDefaultMrapRegion(region: string): boolean {
  return DEFAULT.has(region);
}

export function isOptInMrapRegion(region: string): boolean {
  return OPT_IN.has(region);
}

/** Shaped like a Region code ("us-east-1", "ap-southeast-4"), whether or not MRAPs support it. */
export function looksLikeRegionCode(value: string): boolean {
  return /^[a-z]{2}(?:-[a-z]+)+-\d+$/.test(value);
}
