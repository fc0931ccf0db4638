import type { Finding } from "../engine/types.js";
import type { ProvidedClients, AwsCredentials } from "../aws/clients.js";

export type { ProvidedClients };

/** The SDK command a guarded call stands for. */
export type GuardedOperation =
  | "CreateMultiRegionAccessPoint"
  | "PutMultiRegionAccessPointPolicy"
  | "PutAccessPointPolicy"
  | "SubmitMultiRegionAccessPointRoutes";

export interface GuardLogger {
  info?(line: string): void;
  warn?(line: string): void;
}

export interface GuardOptions {
  /** Clients of your own (used as they are). Give them `maxAttempts: 1`: mrap-guard retries a lost put only after re-reading the live state. */
  clients?: ProvidedClients;
  /** Otherwise clients are built from the SDK's default chain, or these. */
  credentials?: AwsCredentials | (() => Promise<AwsCredentials>);
  profile?: string;
  /** Default Region (Access Analyzer; access points take `region` below). */
  region?: string;
  /** Environment read for AWS_ENDPOINT_URL* (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** Working directory for config discovery (default: process.cwd()). */
  cwd?: string;
  /** A config file, or a config object, instead of the discovered one. */
  configFile?: string;
  config?: Record<string, unknown>;
  /** Bucket policies (bucket name → policy text or object) to check delegation against, instead of reading them from S3. */
  bucketPolicies?: Record<string, string | object>;
  /** Compare new access against this policy instead of the live one. */
  referencePolicy?: string | object;
  /** Apply a policy that Access Analyzer says grants new access. */
  allowNewAccess?: boolean;
  /** Do not run the Access Analyzer checks (recorded in the audit log). */
  skipAccessAnalyzer?: boolean;
  /**
   * The deadline for the whole guarded call, in seconds from its start (default 600): every AWS call's timeout
   * and retry backoff, the operation's poll and the read-back are cut to what is left.
   */
  timeoutSeconds?: number;
  /** The same deadline as a point in time (epoch ms), which wins over timeoutSeconds: applyManifest shares one across its steps. */
  deadlineAt?: number;
  /** Polling backoff: first wait and the cap (defaults 1 s and 15 s). */
  pollIntervalMs?: { initial?: number; max?: number };
  /** Attempts for each AWS call, the first included (default 4). */
  maxAttempts?: number;
  /** Append one JSON line per guarded call to this file. */
  auditLog?: string;
  /** Who is applying, for the audit log (default: the credentials' access key id and the profile, when known). */
  caller?: string;
  logger?: GuardLogger;
  /** Sees the plan before anything is sent; return `false` to stop (the result is `refused`). */
  confirm?(plan: Plan): boolean | undefined | Promise<boolean | undefined>;
  /** Access Analyzer result cache directory, or `false` (default: none for guarded calls). */
  cache?: string | false;
  signal?: AbortSignal;
}

/** What the live state was when a plan was made; compared again right before the put. */
export interface LiveSnapshot {
  exists: boolean;
  status?: string;
  alias?: string;
  /** The live policy (Established for an MRAP), as text. */
  policy?: string;
  proposed?: string;
  /** Routes or other state the operation changes, as comparable text. */
  state?: string;
}

export interface Plan {
  operation: GuardedOperation;
  accountId: string;
  /** MRAP or access point name. */
  name: string;
  /** The MRAP ARN, when known. */
  arn?: string;
  live: LiveSnapshot;
  /** The live value and the desired one, as text (policies pretty-printed), for a diff. */
  before?: string;
  after?: string;
  /** Whether anything would be sent. */
  changes: boolean;
  findings: Finding[];
  /** The findings that stop the apply. */
  blocking: Finding[];
  /** Why the apply would not proceed; empty when it would. */
  refusals: string[];
  /** Notes worth showing (no policy to compare against, new access allowed…). */
  notes: string[];
  clientToken?: string;
  /** For policy puts: the live and the desired policy's hashes (policyHash), recorded whatever the outcome. */
  hashes?: { before?: string; after?: string };
  /**
   * Which Access Analyzer checks the plan ran: both, ValidatePolicy only (no live or reference policy to
   * compare new access against), or none; unset for an operation without a policy.
   */
  accessAnalyzer?: AccessAnalyzerRun;
}

/** `not-run`: the call stopped before its lint (the live state could not be read). */
export type AccessAnalyzerRun = "checked" | "validate-policy-only" | "skipped" | "not-run";

export type GuardStatus = "applied-and-verified" | "no-change" | "refused" | "failed" | "applied-not-verified";

export interface GuardResult {
  status: GuardStatus;
  operation: GuardedOperation;
  accountId: string;
  name: string;
  /** One sentence that says what happened, and what the live state is now. */
  message: string;
  findings: Finding[];
  plan?: Plan;
  beforeHash?: string;
  afterHash?: string;
  clientToken?: string;
  /** For the asynchronous MRAP operations: follow up with DescribeMultiRegionAccessPointOperation. */
  requestTokenArn?: string;
  /** When AWS rejected the change or the operation ended FAILED. */
  error?: { code: string; message: string; requestId?: string };
}

/** The `error` of a result, from the AWS error behind it. */
export function errorDetails(error: { code: string; message: string; requestId?: string | undefined }): NonNullable<GuardResult["error"]> {
  return { code: error.code, message: error.message, ...(error.requestId ? { requestId: error.requestId } : {}) };
}

/** A guarded call's input is not one the SDK command would accept. */
export class GuardInputError extends Error {
  override readonly name = "GuardInputError";
  constructor(
    readonly operation: GuardedOperation,
    readonly pointer: string,
    message: string,
  ) {
    super(`${operation}: ${pointer}: ${message}`);
  }
}

/** The input's string at `pointer`, or a GuardInputError: the SDK command would not accept it either. */
export function requiredString(operation: GuardedOperation, value: unknown, pointer: string): string {
  if (typeof value !== "string" || value === "") throw new GuardInputError(operation, pointer, "is required and must be a non-empty string");
  return value;
}

/** Thrown by the client plugin when an input has blocking findings; nothing was sent. */
export class MrapGuardRefusedError extends Error {
  override readonly name = "MrapGuardRefusedError";
  constructor(
    readonly operation: GuardedOperation,
    readonly findings: Finding[],
    readonly blocking: Finding[],
  ) {
    super(
      `mrap-guard refused ${operation}: ${blocking.length} blocking finding(s)\n` +
        blocking.map((f) => `  ${f.ruleId}: ${f.message}${f.pointer ? ` (${f.pointer})` : ""}`).join("\n"),
    );
  }
}
