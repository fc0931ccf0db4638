import { ServiceError, type AccessAnalyzerService, type CheckReason, type CheckResult, type PathElement, type ValidatePolicyFinding } from "../engine/services.js";
import { cacheKey, type CacheScope, type ResultCache } from "./cache.js";
import type { AwsClients } from "./clients.js";
import { callWithRetry, type RetryOptions } from "./retry.js";

export interface AccessAnalyzerOptions {
  clients: AwsClients;
  /** Region of the Access Analyzer endpoint (config `accessAnalyzer.region`). */
  region?: string;
  cache: ResultCache;
  retry?: RetryOptions;
  /** Runs one HTTP call at a time within the concurrency limit. */
  limit: <T>(task: () => Promise<T>) => Promise<T>;
  toolVersion: string;
  /**
   * When the Access Analyzer checks of this run must be over (epoch ms; config `accessAnalyzer.deadlineSeconds`):
   * an attempt in flight is cut there, and a call not yet started fails at once with `core/service-error`.
   */
  deadline?: number;
  /** Pages one ValidatePolicy call may take (default MAX_VALIDATE_POLICY_PAGES). */
  maxPages?: number;
}

/** ValidatePolicy pages per policy: AWS pages at 100 findings, so 50 pages is far more than any real policy yields. */
export const MAX_VALIDATE_POLICY_PAGES = 50;

const SERVICE = "Access Analyzer";

type Client = Awaited<ReturnType<AwsClients["accessAnalyzer"]>>;

interface CheckResponse {
  result?: string | undefined;
  message?: string | undefined;
  reasons?: CheckReason[] | undefined;
}

/** Access Analyzer over the SDK, with the disk cache, retries and bounded concurrency. */
export function createAccessAnalyzerService(options: AccessAnalyzerOptions): AccessAnalyzerService {
  async function send<T>(operation: string, run: (client: Client, signal: AbortSignal) => Promise<T>): Promise<T> {
    const client = await options.clients.accessAnalyzer(options.region);
    const own = options.deadline;
    const callers = options.retry?.deadline;
    // The earlier of this run's deadline and the caller's (apply's --timeout).
    const deadline = (): number | undefined => {
      const theirs = callers?.();
      return own === undefined ? theirs : theirs === undefined ? own : Math.min(own, theirs);
    };
    const retry: RetryOptions | undefined = own === undefined ? options.retry : { ...options.retry, deadline, graceMs: 1 };
    return options.limit(() => {
      const until = deadline();
      if (own !== undefined && until !== undefined && Date.now() >= until) {
        return Promise.reject(
          new ServiceError(SERVICE, operation, "DeadlineExceeded", `DeadlineExceeded: not called, the deadline of this run's Access Analyzer checks has passed (accessAnalyzer.deadlineSeconds)`),
        );
      }
      return callWithRetry(SERVICE, operation, (signal) => run(client, signal), retry);
    });
  }

  let scope: Promise<CacheScope> | undefined;

  /** `complete`: the answer is well-formed and whole (no UNKNOWN result, no missing findings list), so it may be reused. */
  async function cached<T>(operation: string, policyText: string, parameters: unknown, compute: () => Promise<{ value: T; complete: boolean }>): Promise<T> {
    scope ??= options.clients.accessAnalyzer(options.region).then(cacheScope);
    const key = cacheKey(operation, policyText, parameters, options.toolVersion, await scope);
    const hit = options.cache.get<T>(key);
    if (hit !== undefined) return hit;
    const { value, complete } = await compute();
    if (complete) options.cache.set(key, value);
    return value;
  }

  const sdk = () => import("@aws-sdk/client-accessanalyzer");

  /** One cached Check* call (they differ only in their command and parameters). */
  function check(
    operation: string,
    policyText: string,
    parameters: unknown,
    run: (client: Client, module: Awaited<ReturnType<typeof sdk>>, signal: AbortSignal) => Promise<CheckResponse>,
  ): Promise<CheckResult> {
    return cached(operation, policyText, parameters, async () => {
      const module = await sdk();
      const response = await send(operation, (client, signal) => run(client, module, signal));
      return { value: checkResult(response), complete: response.result === "PASS" || response.result === "FAIL" };
    });
  }

  return {
    validatePolicy({ policyDocument, resourceType }) {
      const parameters = { policyType: "RESOURCE_POLICY" as const, validatePolicyResourceType: resourceType };
      return cached("ValidatePolicy", policyDocument, parameters, async () => {
        const { ValidatePolicyCommand } = await sdk();
        const findings: ValidatePolicyFinding[] = [];
        let complete = true;
        const maxPages = options.maxPages ?? MAX_VALIDATE_POLICY_PAGES;
        const tokens = new Set<string>();
        let nextToken: string | undefined;
        for (let pages = 1; ; pages++) {
          const token = nextToken;
          const page = await send("ValidatePolicy", (client, abortSignal) =>
            client.send(new ValidatePolicyCommand({ ...parameters, policyDocument, ...(token ? { nextToken: token } : {}) }), { abortSignal }),
          );
          if (!Array.isArray(page.findings)) complete = false;
          for (const finding of page.findings ?? []) {
            if (finding.findingType === undefined || finding.issueCode === undefined) complete = false;
            findings.push({
              findingType: String(finding.findingType ?? "WARNING"),
              issueCode: finding.issueCode ?? "UNKNOWN",
              findingDetails: finding.findingDetails ?? "",
              ...(finding.learnMoreLink ? { learnMoreLink: finding.learnMoreLink } : {}),
              locations: (finding.locations ?? []).map((location) => ({ path: knownPath(location.path ?? []) })),
            });
          }
          nextToken = page.nextToken;
          if (!nextToken) break;
          if (tokens.has(nextToken)) {
            throw new ServiceError(SERVICE, "ValidatePolicy", "PaginationLoop", `PaginationLoop: the endpoint returned a nextToken it had already returned (after ${pages} pages)`);
          }
          tokens.add(nextToken);
          if (pages >= maxPages) {
            throw new ServiceError(SERVICE, "ValidatePolicy", "TooManyPages", `TooManyPages: still a nextToken after ${maxPages} pages; stopped`);
          }
        }
        return { value: findings, complete };
      });
    },

    checkNoNewAccess({ newPolicyDocument, existingPolicyDocument }) {
      const parameters = { policyType: "RESOURCE_POLICY" as const, existingPolicyDocument };
      return check("CheckNoNewAccess", newPolicyDocument, parameters, (client, { CheckNoNewAccessCommand }, abortSignal) =>
        client.send(new CheckNoNewAccessCommand({ ...parameters, newPolicyDocument }), { abortSignal }),
      );
    },

    checkAccessNotGranted({ policyDocument, access }) {
      const parameters = { policyType: "RESOURCE_POLICY" as const, access };
      return check("CheckAccessNotGranted", policyDocument, parameters, (client, { CheckAccessNotGrantedCommand }, abortSignal) =>
        client.send(new CheckAccessNotGrantedCommand({ ...parameters, policyDocument }), { abortSignal }),
      );
    },

    checkNoPublicAccess({ policyDocument, resourceType }) {
      const parameters = { resourceType };
      return check("CheckNoPublicAccess", policyDocument, parameters, (client, { CheckNoPublicAccessCommand }, abortSignal) =>
        client.send(new CheckNoPublicAccessCommand({ ...parameters, policyDocument }), { abortSignal }),
      );
    },
  };
}

const PARTITIONS: readonly [string, string][] = [["cn-", "aws-cn"], ["us-gov-", "aws-us-gov"], ["us-isob-", "aws-iso-b"], ["us-iso-", "aws-iso"], ["eu-isoe-", "aws-iso-e"], ["us-isof-", "aws-iso-f"]];

function partitionOf(region: string): string {
  return PARTITIONS.find(([prefix]) => region.startsWith(prefix))?.[1] ?? "aws";
}

/** The endpoint, Region, partition and (when the credentials name it) account the client's answers come from. */
async function cacheScope(client: Client): Promise<CacheScope> {
  const region = await client.config.region();
  const custom = client.config.endpoint ? await client.config.endpoint() : undefined;
  let endpoint: string;
  if (custom) {
    endpoint = `${custom.protocol}//${custom.hostname}${custom.port !== undefined ? `:${custom.port}` : ""}${custom.path}`;
  } else {
    const [useFips, useDualstack] = await Promise.all([client.config.useFipsEndpoint(), client.config.useDualstackEndpoint()]);
    endpoint = client.config.endpointProvider({ Region: region, UseFIPS: useFips, UseDualStack: useDualstack }).url.href;
  }
  let account: string | undefined;
  try {
    account = (await client.config.credentials()).accountId;
  } catch {
    // No credentials yet: the call itself will say so.
  }
  return { endpoint, region, partition: partitionOf(region), ...(account ? { account } : {}) };
}

interface SdkPathElement {
  index?: number;
  key?: string;
  value?: string;
  substring?: { start?: number; length?: number };
}

/** The path up to the first element of a union member AWS adds later: the finding lands there rather than on a guess. */
function knownPath(elements: readonly SdkPathElement[]): PathElement[] {
  const path: PathElement[] = [];
  for (const element of elements) {
    if (element.index !== undefined) path.push({ index: element.index });
    else if (element.key !== undefined) path.push({ key: element.key });
    else if (element.value !== undefined) path.push({ value: element.value });
    else if (element.substring) path.push({ substring: { start: element.substring.start ?? 0, length: element.substring.length ?? 0 } });
    else break;
  }
  return path;
}

function checkResult(response: CheckResponse): CheckResult {
  return {
    result: response.result ?? "UNKNOWN",
    ...(response.message ? { message: response.message } : {}),
    reasons: (response.reasons ?? []).map((reason) => ({
      ...(reason.description !== undefined ? { description: reason.description } : {}),
      ...(reason.statementIndex !== undefined ? { statementIndex: reason.statementIndex } : {}),
      ...(reason.statementId !== undefined ? { statementId: reason.statementId } : {}),
    })),
  };
}
