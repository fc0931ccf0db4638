/**
 * The order every guarded call follows: plan (live state + lint + decision) → confirm → re-read the live
 * state and stop if it moved → put → wait → verify → audit. Each operation supplies its own steps.
 */
import { ServiceError } from "../engine/services.js";
import { appendAudit, auditRecord } from "./audit.js";
import { clock, type Clock } from "./wait.js";
import { openSession, type Engine, type Session } from "./session.js";
import { errorDetails, type GuardOptions, type GuardResult, type GuardedOperation, type LiveSnapshot, type Plan } from "./types.js";
import { samePolicy } from "./policy-text.js";

export interface GuardedSteps {
  operation: GuardedOperation;
  accountId: string;
  name: string;
  plan(session: Session): Promise<Plan>;
  /** A fresh read of what the plan's `live` describes. */
  reread(session: Session, plan: Plan): Promise<LiveSnapshot>;
  execute(session: Session, plan: Plan, time: Clock): Promise<GuardResult>;
}

export function sameSnapshot(a: LiveSnapshot, b: LiveSnapshot): boolean {
  return (
    a.exists === b.exists &&
    a.status === b.status &&
    a.alias === b.alias &&
    samePolicy(a.policy, b.policy) &&
    samePolicy(a.proposed, b.proposed) &&
    a.state === b.state
  );
}

export function describeChange(a: LiveSnapshot, b: LiveSnapshot): string {
  const parts: string[] = [];
  if (a.exists !== b.exists) parts.push(b.exists ? "it now exists" : "it no longer exists");
  if (a.status !== b.status) parts.push(`its status went from ${a.status ?? "none"} to ${b.status ?? "none"}`);
  if (a.alias !== b.alias) parts.push("its alias changed");
  if (!samePolicy(a.policy, b.policy)) parts.push("its policy changed");
  else if (!samePolicy(a.proposed, b.proposed)) parts.push("a policy change was proposed");
  if (a.state !== b.state) parts.push("its configuration changed");
  return parts.join(", ");
}

export function result(plan: Pick<Plan, "operation" | "accountId" | "name">, status: GuardResult["status"], message: string, extra: Partial<GuardResult> = {}): GuardResult {
  return { status, operation: plan.operation, accountId: plan.accountId, name: plan.name, message, findings: [], ...extra };
}

/** Builds the plan only (what `mrap-guard plan` and `--dry-run` show); sends nothing. */
export async function planGuarded(steps: GuardedSteps, options: GuardOptions, engine: Engine): Promise<Plan> {
  const session = await openSession(options, engine);
  try {
    return await steps.plan(session);
  } finally {
    session.close();
  }
}

export async function runGuarded(steps: GuardedSteps, options: GuardOptions, engine: Engine): Promise<GuardResult> {
  const session = await openSession(options, engine);
  let outcome: GuardResult | undefined;
  try {
    outcome = await run(steps, session);
    return outcome;
  } catch (error) {
    if (error instanceof ServiceError) {
      outcome = result(steps, "failed", `${error.operation} failed: ${error.message}; nothing was sent.`, { error: errorDetails(error) });
    }
    throw error;
  } finally {
    session.close();
    if (options.auditLog && outcome) {
      const caller = options.caller ?? (await callerOf(options));
      await appendAudit(
        options.auditLog,
        auditRecord(outcome, {
          tool: `mrap-guard ${engine.toolVersion}`,
          ...(caller ? { caller } : {}),
          accessAnalyzer: options.skipAccessAnalyzer ? "skipped" : "checked",
          ...(options.allowNewAccess ? { allowNewAccess: true } : {}),
        }),
      );
    }
  }
}

async function run(steps: GuardedSteps, session: Session): Promise<GuardResult> {
  const plan = await steps.plan(session);
  const base = {
    plan,
    findings: plan.findings,
    ...(plan.clientToken ? { clientToken: plan.clientToken } : {}),
    ...(plan.hashes?.before ? { beforeHash: plan.hashes.before } : {}),
    ...(plan.hashes?.after ? { afterHash: plan.hashes.after } : {}),
  };
  if (plan.refusals.length > 0) return result(plan, "refused", `Not applied: ${plan.refusals.join(" ")}`, base);
  if (!plan.changes) return result(plan, "no-change", "The live state already matches; nothing was sent.", base);
  const confirmed = await session.options.confirm?.(plan);
  if (confirmed === false) return result(plan, "refused", "Not applied: the change was not confirmed.", base);
  const now = await steps.reread(session, plan);
  if (!sameSnapshot(plan.live, now)) {
    return result(plan, "refused", `Not applied: the live state changed since the plan (${describeChange(plan.live, now)}). Plan again.`, base);
  }
  const time = clock(session.options.timeoutSeconds ?? 600, session.options.pollIntervalMs, session.options.signal);
  let outcome: GuardResult;
  try {
    outcome = await steps.execute(session, plan, time);
  } catch (error) {
    if (error instanceof UnconfirmedSend) {
      const read = error.read;
      const request = read.requestId ? `, request id ${read.requestId}` : "";
      return result(plan, "applied-not-verified", `The change may have been applied: the answer to ${error.operation} was lost, and ${read.operation}, which would tell, failed (${read.code}${request}); check the live state.`, {
        ...base,
        error: errorDetails(read),
      });
    }
    // Each execute() answers its put's own errors; a ServiceError that gets out of it comes from a read after
    // the put was accepted (the operation's status, the read-back, the policy status): sent, so never "nothing
    // was sent", and not verified.
    if (!(error instanceof ServiceError)) throw error;
    const request = error.requestId ? `, request id ${error.requestId}` : "";
    return result(plan, "applied-not-verified", `The change was sent, but ${error.operation} then failed (${error.code}: ${error.message}${request}), so it is not verified; check the live state.`, {
      ...base,
      error: errorDetails(error),
    });
  }
  return { ...base, ...outcome, plan, findings: plan.findings };
}

async function callerOf(options: GuardOptions): Promise<string | undefined> {
  try {
    const credentials = options.clients?.s3Control ? await options.clients.s3Control.config.credentials() : typeof options.credentials === "function" ? await options.credentials() : options.credentials;
    const parts = [credentials?.accessKeyId ? `access key ${credentials.accessKeyId}` : undefined, options.profile ? `profile ${options.profile}` : undefined].filter(Boolean);
    return parts.length > 0 ? parts.join(", ") : undefined;
  } catch {
    return undefined;
  }
}

/** A put whose answer was lost, and whose landing could not be read either: it may or may not have been applied. */
export class UnconfirmedSend extends Error {
  override readonly name = "UnconfirmedSend";
  constructor(
    readonly operation: string,
    readonly read: ServiceError,
  ) {
    super(`${operation}: the answer was lost and ${read.operation} failed: ${read.message}`);
  }
}

/**
 * Sends a put once, and again only after `landed` says the earlier attempt did not reach AWS: a lost
 * response must not turn into a second put. A ServiceError thrown is the put's own (AWS rejected it, or it
 * kept failing without landing); a failed `landed` read is an UnconfirmedSend, which runGuarded reports.
 */
export async function sendOnce<T>(
  session: Session,
  send: () => Promise<T>,
  landed: () => Promise<boolean>,
): Promise<{ sent: T } | { landed: true }> {
  const maxAttempts = session.options.maxAttempts ?? 4;
  for (let attempt = 1; ; attempt++) {
    try {
      return { sent: await send() };
    } catch (error) {
      if (!(error instanceof ServiceError) || !error.retryable) throw error;
      let didLand: boolean;
      try {
        didLand = await landed();
      } catch (readError) {
        if (readError instanceof ServiceError) throw new UnconfirmedSend(error.operation, readError);
        throw readError;
      }
      if (didLand) return { landed: true };
      if (attempt >= maxAttempts) throw error;
      session.warn(`${error.operation} attempt ${attempt} failed (${error.code}); the change has not landed, sending it again.`);
      await new Promise((resolve) => setTimeout(resolve, Math.min(20_000, 200 * 2 ** (attempt - 1)) * Math.random()));
    }
  }
}
