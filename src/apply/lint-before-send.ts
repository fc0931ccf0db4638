/**
 * Lints what a guarded call is about to send, as a manifest built from the SDK input (and the live state),
 * so the same rules, config and suppressions apply as for `mrap-guard lint`.
 */
import { lintText, type NetworkRun } from "../engine/linter.js";
import type { ResolvedConfig } from "../engine/config.js";
import { findingsOf, type Finding, type NetworkServices, type ReferencePolicy, type RuleModule } from "../engine/types.js";
import type { Session } from "./session.js";
import type { GuardedOperation } from "./types.js";

export const NEW_ACCESS_RULE = "access-analyzer/no-new-access";

export interface ValidateRequest {
  /** A manifest value (policies inline as objects, or JSON text when they do not parse). */
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

/** A policy's own JSON text, spliced into the manifest as written. */
export class RawPolicy {
  constructor(readonly text: string) {}
}

/**
 * A policy string that is a JSON object is linted as written, spliced into the manifest, so its findings land on
 * its members and what the linter reads is the text that is sent: re-serialising it would drop a repeated key
 * (JSON.parse keeps the last), which core/duplicate-key must see. Any other string stays text.
 */
export function policyValue(policy: unknown): unknown {
  if (typeof policy !== "string") return policy;
  try {
    const parsed: unknown = JSON.parse(policy);
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? new RawPolicy(policy) : policy;
  } catch {
    return policy;
  }
}

/** The manifest as JSON text, with every RawPolicy's text in place. */
export function manifestText(manifest: Record<string, unknown>): string {
  const raw: string[] = [];
  const marker = `mrap-guard-raw-${Math.random().toString(36).slice(2)}-`;
  const text = JSON.stringify(manifest, (_key, value: unknown) => (value instanceof RawPolicy ? `${marker}${raw.push(value.text) - 1}` : value), 2);
  return text.replace(new RegExp(`"${marker}(\\d+)"`, "g"), (_match, index: string) => raw[Number(index)]!);
}

export async function validate(request: ValidateRequest): Promise<Validation> {
  const network: NetworkRun | undefined = request.services
    ? { services: request.services, ...(request.live ? { live: true } : {}), ...(request.referencePolicy ? { referencePolicy: request.referencePolicy } : {}) }
    : undefined;
  const text = manifestText(request.manifest);
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
