/**
 * Network rule tests: the real Access Analyzer SDK client, through src/aws's service (no cache, one attempt),
 * against our Access Analyzer test server on 127.0.0.1.
 */
import { after, before } from "node:test";
import { createAccessAnalyzerService } from "../../src/aws/access-analyzer.js";
import { NoCache } from "../../src/aws/cache.js";
import { AwsClients } from "../../src/aws/clients.js";
import { createLimiter } from "../../src/aws/limiter.js";
import type { NetworkServices } from "../../src/engine/types.js";
import { startAccessAnalyzerServer, type AccessAnalyzerServer, type ValidatePolicyFinding } from "../support/access-analyzer-server.js";
import { TEST_CREDENTIALS } from "../support/clients.js";

export interface AnalyzerHarness {
  server(): AccessAnalyzerServer;
  services(): NetworkServices;
}

/** Starts the server for the test file and gives the services rule tests pass to the linter. */
export function useAccessAnalyzer(): AnalyzerHarness {
  let server: AccessAnalyzerServer | undefined;
  let clients: AwsClients | undefined;
  before(async () => {
    server = await startAccessAnalyzerServer();
    clients = new AwsClients({ credentials: TEST_CREDENTIALS, region: "us-east-1", env: { AWS_ENDPOINT_URL_ACCESSANALYZER: server.url } });
  });
  after(async () => {
    clients?.destroy();
    await server?.close();
  });
  return {
    server: () => server!,
    services: () => ({
      accessAnalyzer: createAccessAnalyzerService({ clients: clients!, cache: new NoCache(), limit: createLimiter(4), retry: { maxAttempts: 1 }, toolVersion: "test" }),
    }),
  };
}

type Path = ValidatePolicyFinding["locations"][number]["path"];
/** A scripted finding: its first location's path, and the paths of any further locations (`alsoAt`). */
type Finding = Omit<ValidatePolicyFinding, "locations" | "learnMoreLink" | "findingType"> & { findingType: string; path: Path; alsoAt?: Path[]; learnMoreLink?: string };

/** A ValidatePolicy answer with exactly these findings (instead of the server's own analysis). */
export function answerValidatePolicy(harness: AnalyzerHarness, findings: Finding[]): () => void {
  return () => {
    harness.server().reset();
    harness.server().script((request) => {
      if (request.operation !== "ValidatePolicy") return undefined;
      return {
        status: 200,
        body: {
          findings: findings.map(({ path, alsoAt = [], ...finding }) => ({
            learnMoreLink: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html",
            ...finding,
            locations: [path, ...alsoAt].map((p) => ({ path: p, span: { start: { line: 1, column: 0, offset: 0 }, end: { line: 1, column: 1, offset: 1 } } })),
          })),
        },
      };
    });
  };
}

/** The server's own analysis (no script). */
export function defaultAnalysis(harness: AnalyzerHarness): () => void {
  return () => harness.server().reset();
}

/** A Check* answer with this result value (e.g. one AWS might add later), instead of the server's analysis. */
export function answerCheck(harness: AnalyzerHarness, operation: "CheckNoNewAccess" | "CheckNoPublicAccess" | "CheckAccessNotGranted", result: string): () => void {
  return () => {
    harness.server().reset();
    harness.server().script((request) => (request.operation === operation ? { status: 200, body: { result, message: "The check returned a new result.", reasons: [] } } : undefined));
  };
}
