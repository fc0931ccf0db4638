/**
 * Lints what a guarded call is about to send, as a manifest built from the SDK input (and the live state),
 * so the same rules, config and suppressions apply as for `mrap-guard lint`.
 */
import { lintText } from "../engine/linter.js";
import type { NetworkRun } from "../engine/types.js";
import type { ResolvedConfig } from "../engine/config.js";
import { findingsOf, type Finding, type NetworkServices, type ReferencePolicy, type RuleModule } from "../engine/types.js";
import { spliceJson } from "./policy-splice.js";
import type { Session } from "./session.js";
import type { GuardedOperation } from "./types.js";

export const NEW_ACCESS_RULE = "access-analyzer/no-new-access";

export interface ValidateRequest {
  /** A manifest value: policies as RawPolicy (see policy-splice.ts), as objects, or as text that is not one JSON object. */
  manifest: Record<string, unknown>;
  /** Shown as the file of every finding, e.g. `PutMultiRegionAccessPointPolicy.mrap.json`. */
  fileName: string;
  cwd: string;
  config: ResolvedConfig;
  rules: readonly RuleModule[];
  services?: NetworkServices;
  live?: boolean;
  referencePolicy?: ReferencePolicy;
  /** Findings of these rules do not block (still reported). */
  allowed?: readonly string[];
}

export interface Validation {
  findings: Finding[];
  blocking: Finding[];
}

export async function validate(request: ValidateRequest): Promise<Validation> {
  const network: NetworkRun | undefined = request.services
    ? { services: request.services, ...(request.live ? { live: true } : {}), ...(request.referencePolicy ? { referencePolicy: request.referencePolicy } : {}) }
    : undefined;
  const { text } = spliceJson(request.manifest, 2);
  const results = await lintText(text, request.fileName, { cwd: request.cwd, config: request.config, rules: request.rules, ...(network ? { network } : {}) });
  const findings = findingsOf(results);
  const allowed = new Set(request.allowed ?? []);
  return { findings, blocking: findings.filter((finding) => finding.severity === "error" && !allowed.has(finding.ruleId)) };
}

/**
 * What a guarded call sends, linted with the session's config, services and live state; with
 * `allowNewAccess`, CheckNoNewAccess findings are reported but do not block.
 */
export function validateFor(session: Session, operation: GuardedOperation, manifest: Record<string, unknown>, referencePolicy?: ReferencePolicy): Promise<Validation> {
  return validate({
    manifest,
    fileName: `${operation}.mrap.json`,
    cwd: session.cwd,
    config: session.config,
    rules: session.engine.rules,
    services: session.services,
    live: true,
    ...(referencePolicy ? { referencePolicy } : {}),
    allowed: session.options.allowNewAccess ? [NEW_ACCESS_RULE] : [],
  });
}
