/**
 * What network rules and the engine may ask of AWS. `src/aws/` implements these over the SDK; rules only see
 * the interfaces (they never import an AWS client), and tests can give their own.
 */

/** One step of an Access Analyzer finding's location: exactly one of the four fields is set. */
export type PathElement =
  | { index: number }
  | { key: string }
  | { value: string }
  | { substring: { start: number; length: number } };

export interface ValidatePolicyFinding {
  /** ERROR | SECURITY_WARNING | WARNING | SUGGESTION, and whatever AWS adds later. */
  findingType: string;
  issueCode: string;
  findingDetails: string;
  learnMoreLink?: string;
  locations: { path: PathElement[] }[];
}

export type ValidatePolicyResourceType = "AWS::S3::MultiRegionAccessPoint" | "AWS::S3::AccessPoint" | "AWS::S3::Bucket";
export type NoPublicAccessResourceType = "AWS::S3::AccessPoint" | "AWS::S3::Bucket";

export interface CheckReason {
  description?: string;
  statementIndex?: number;
  statementId?: string;
}

export interface CheckResult {
  /** PASS | FAIL (kept as a string: AWS enums grow). */
  result: string;
  message?: string;
  reasons: CheckReason[];
}

export interface AccessAnalyzerService {
  /** Every page of findings. */
  validatePolicy(input: { policyDocument: string; resourceType: ValidatePolicyResourceType }): Promise<ValidatePolicyFinding[]>;
  checkNoNewAccess(input: { newPolicyDocument: string; existingPolicyDocument: string }): Promise<CheckResult>;
  checkAccessNotGranted(input: { policyDocument: string; access: { actions?: string[]; resources?: string[] }[] }): Promise<CheckResult>;
  checkNoPublicAccess(input: { policyDocument: string; resourceType: NoPublicAccessResourceType }): Promise<CheckResult>;
}

export type MrapStatus = "READY" | "INCONSISTENT_ACROSS_REGIONS" | "CREATING" | "PARTIALLY_CREATED" | "PARTIALLY_DELETED" | "DELETING";

export interface LivePublicAccessBlock {
  BlockPublicAcls?: boolean;
  IgnorePublicAcls?: boolean;
  BlockPublicPolicy?: boolean;
  RestrictPublicBuckets?: boolean;
}

/** GetMultiRegionAccessPoint's report. */
export interface LiveMrap {
  name: string;
  alias?: string;
  /** A MrapStatus, or whatever AWS adds later. */
  status?: string;
  createdAt?: Date;
  publicAccessBlock?: LivePublicAccessBlock;
  regions: { bucket: string; region?: string; bucketAccountId?: string }[];
}

export interface LiveMrapPolicy {
  established?: string;
  proposed?: string;
}

export interface LiveStateService {
  /** `undefined` when the MRAP does not exist. */
  getMultiRegionAccessPoint(input: { accountId: string; name: string }): Promise<LiveMrap | undefined>;
  /** `undefined` when the MRAP does not exist; empty when it has no policy. */
  getMultiRegionAccessPointPolicy(input: { accountId: string; name: string }): Promise<LiveMrapPolicy | undefined>;
  /** The bucket's Region, or `undefined` when the bucket does not exist or cannot be reached by this caller. */
  getBucketRegion(input: { bucket: string; expectedOwner?: string }): Promise<{ region: string } | { missing: string }>;
  /** The policy text, or `undefined` when the bucket has none. */
  getBucketPolicy(input: { bucket: string; region?: string; expectedOwner?: string }): Promise<string | undefined>;
}

/** An AWS call that failed for good (after retries): becomes `core/service-error`, never silence. */
export class ServiceError extends Error {
  override readonly name = "ServiceError";
  constructor(
    readonly service: string,
    readonly operation: string,
    /** The AWS error code (`ThrottlingException`, `AccessDenied`…) or a local one (`TimeoutError`, `NetworkError`). */
    readonly code: string,
    message: string,
    readonly requestId?: string,
    readonly httpStatus?: number,
    /** Whether the last failure was one a later attempt might not hit (throttling, 5xx, network, timeout). */
    readonly retryable = false,
  ) {
    super(message);
  }
}

/** Credentials a caller gives instead of the SDK's default chain. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}
