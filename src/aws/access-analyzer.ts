import type { AccessAnalyzerService, CheckReason, CheckResult, PathElement, ValidatePolicyFinding } from "../engine/services.js";
import { cacheKey, type ResultCache } from "./cache.js";
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
}

export interface CallStats {
  /** HTTP requests sent (pages count one each). */
  calls: number;
  cacheHits: number;
}

const SERVICE = "Access Analyzer";

/** Access Analyzer over the SDK, with the disk cache, retries and bounded concurrency. */
export function createAccessAnalyzerService(options: AccessAnalyzerOptions): AccessAnalyzerService & { stats: CallStats } {
  const stats: CallStats = { calls: 0, cacheHits: 0 };

  async function send<T>(operation: string, run: (client: Awaited<ReturnType<AwsClients["accessAnalyzer"]>>, signal: AbortSignal) => Promise<T>): Promise<T> {
    const client = await options.clients.accessAnalyzer(options.region);
    return options.limit(() =>
      callWithRetry(
        SERVICE,
        operation,
        (signal) => {
          stats.calls++;
          return run(client, signal);
        },
        options.retry,
      ),
    );
  }

  async function cached<T>(operation: string, policyText: string, parameters: unknown, compute: () => Promise<T>): Promise<T> {
    const key = cacheKey(operation, policyText, parameters, options.toolVersion);
    const hit = options.cache.get<T>(key);
    if (hit !== undefined) {
      stats.cacheHits++;
      return hit;
    }
    const value = await compute();
    options.cache.set(key, value);
    return value;
  }

  const sdk = () => import("@aws-sdk/client-accessanalyzer");

  return {
    stats,

    validatePolicy({ policyDocument, resourceType }) {
      const parameters = { policyType: "RESOURCE_POLICY" as const, validatePolicyResourceType: resourceType };
      return cached("ValidatePolicy", policyDocument, parameters, async () => {
        const { ValidatePolicyCommand } = await sdk();
        const findings: ValidatePolicyFinding[] = [];
        let nextToken: string | undefined;
        do {
          const token = nextToken;
          const page = await send("ValidatePolicy", (client, abortSignal) =>
            client.send(new ValidatePolicyCommand({ ...parameters, policyDocument, ...(token ? { nextToken: token } : {}) }), { abortSignal }),
          );
          for (const finding of page.findings ?? []) {
            findings.push({
              findingType: String(finding.findingType ?? "WARNING"),
              issueCode: finding.issueCode ?? "UNKNOWN",
              findingDetails: finding.findingDetails ?? "",
              ...(finding.learnMoreLink ? { learnMoreLink: finding.learnMoreLink } : {}),
              locations: (finding.locations ?? []).map((location) => ({ path: (location.path ?? []).flatMap(pathElement) })),
            });
          }
          nextToken = page.nextToken;
        } while (nextToken);
        return findings;
      });
    },

    checkNoNewAccess({ newPolicyDocument, existingPolicyDocument }) {
      const parameters = { policyType: "RESOURCE_POLICY" as const, existingPolicyDocument };
      return cached("CheckNoNewAccess", newPolicyDocument, parameters, async () => {
        const { CheckNoNewAccessCommand } = await sdk();
        const response = await send("CheckNoNewAccess", (client, abortSignal) =>
          client.send(new CheckNoNewAccessCommand({ ...parameters, newPolicyDocument }), { abortSignal }),
        );
        return checkResult(response);
      });
    },

    checkAccessNotGranted({ policyDocument, access }) {
      const parameters = { policyType: "RESOURCE_POLICY" as const, access };
      return cached("CheckAccessNotGranted", policyDocument, parameters, async () => {
        const { CheckAccessNotGrantedCommand } = await sdk();
        const response = await send("CheckAccessNotGranted", (client, abortSignal) =>
          client.send(new CheckAccessNotGrantedCommand({ ...parameters, policyDocument }), { abortSignal }),
        );
        return checkResult(response);
      });
    },

    checkNoPublicAccess({ policyDocument, resourceType }) {
      const parameters = { resourceType };
      return cached("CheckNoPublicAccess", policyDocument, parameters, async () => {
        const { CheckNoPublicAccessCommand } = await sdk();
        const response = await send("CheckNoPublicAccess", (client, abortSignal) =>
          client.send(new CheckNoPublicAccessCommand({ ...parameters, policyDocument }), { abortSignal }),
        );
        return checkResult(response);
      });
    },
  };
}

interface SdkPathElement {
  index?: number;
  key?: string;
  value?: string;
  substring?: { start?: number; length?: number };
}

function pathElement(element: SdkPathElement): PathElement[] {
  if (element.index !== undefined) return [{ index: element.index }];
  if (element.key !== undefined) return [{ key: element.key }];
  if (element.value !== undefined) return [{ value: element.value }];
  if (element.substring) return [{ substring: { start: element.substring.start ?? 0, length: element.substring.length ?? 0 } }];
  // A union member AWS adds later: keep the path up to here rather than guess.
  return [];
}

function checkResult(response: { result?: string | undefined; message?: string | undefined; reasons?: CheckReason[] | undefined }): CheckResult {
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
