/**
 * The order every guarded call follows: plan (live state + lint + decision) → confirm → re-read the live
 * state and stop if it moved → put → wait → verify → audit. Each operation supplies its own steps.
 */
import { ServiceError } from "../engine/services.js";
import { appendAudit, auditRecord, intentRecord, openIntents, recoveredRecord, type IntentRecord } from "./audit.js";
import { acquireLock, type Lock } from "./lock.js";
import { readMrapPolicy } from "./read-mrap-policy.js";
import { clock, type Clock } from "./wait.js";
import { stepSession, withSession, type Engine, type Session } from "./session.js";
import { errorDetails, type GuardOptions, type GuardResult, type GuardStatus, type GuardedOperation, type LiveSnapshot, type Plan } from "./types.js";
import { policyHash, samePolicy } from "./policy-text.js";

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
export function planGuarded(steps: GuardedSteps, options: GuardOptions, engine: Engine): Promise<Plan> {
  return withSession(options, engine, (session) => planStep(steps, session));
}

/** The plan of one step, in a session shared with other steps. */
export function planStep(steps: GuardedSteps, shared: Session): Promise<Plan> {
  return steps.plan(stepSession(shared));
}

export function runGuarded(steps: GuardedSteps, options: GuardOptions, engine: Engine): Promise<GuardResult> {
  return withSession(options, engine, (session) => runStep(steps, session));
}

/** One guarded step, in a session shared with other steps, with the step's own options (its confirmation). */
export async function runStep(steps: GuardedSteps, shared: Session, stepOptions: GuardOptions = shared.options): Promise<GuardResult> {
  const session = stepSession(shared, stepOptions);
  const options = session.options;
  const engine = session.engine;
  const tool = `mrap-guard ${engine.toolVersion}`;
  const accessAnalyzer = options.skipAccessAnalyzer ? "skipped" : "checked";
  // Only the caller the library's `caller` option names: never derived from the credentials (an access key id).
  const caller = options.caller;
  let outcome: GuardResult | undefined;
  let intent: IntentRecord | undefined;
  let lock: Lock | undefined;
  try {
    if (options.auditLog) {
      const taken = await acquireLock(options.auditLog, steps.accountId, steps.name, steps.operation, session.warn);
      if ("refused" in taken) {
        outcome = result(steps, "refused", `Not applied: ${taken.refused} Nothing was sent.`);
        return outcome;
      }
      lock = taken.held;
      await recoverIntents(steps, session, options.auditLog, tool);
    }
    const announce = async (plan: Plan): Promise<void> => {
      if (!options.auditLog) return;
      intent = intentRecord({
        tool,
        ...(caller ? { caller } : {}),
        operation: plan.operation,
        accountId: plan.accountId,
        name: plan.name,
        ...(plan.hashes?.before ? { beforeHash: plan.hashes.before } : {}),
        ...(plan.hashes?.after ? { afterHash: plan.hashes.after } : {}),
        ...(plan.hashes === undefined && plan.after !== undefined ? { after: plan.after } : {}),
        ...(plan.clientToken ? { clientToken: plan.clientToken } : {}),
        accessAnalyzer: plan.accessAnalyzer ?? accessAnalyzer,
        ...(options.allowNewAccess ? { allowNewAccess: true } : {}),
      });
      // Written before anything is sent: a failure here stops the call with nothing sent.
      await appendAudit(options.auditLog, intent);
    };
    outcome = await run(steps, session, announce);
    return outcome;
  } catch (error) {
    if (error instanceof ServiceError) {
      outcome = intent
        ? result(steps, "applied-not-verified", `${error.operation} failed after the change was sent: ${error.message}; check the live state.`, { error: errorDetails(error) })
        : result(steps, "failed", `${error.operation} failed: ${error.message}; nothing was sent.`, { error: errorDetails(error) });
    }
    throw error;
  } finally {
    try {
      if (options.auditLog && outcome) {
        await appendAudit(
          options.auditLog,
          auditRecord(outcome, {
            tool,
            ...(caller ? { caller } : {}),
            ...(intent ? { intent: intent.id } : {}),
            accessAnalyzer,
            ...(options.allowNewAccess ? { allowNewAccess: true } : {}),
          }),
        );
      }
    } finally {
      await lock?.release();
    }
  }
}

/**
 * Completes the audit log for an apply on this MRAP that was killed after its intent line: what the live
 * state shows of the change it announced is appended as its result, before this call plans anything.
 */
async function recoverIntents(steps: GuardedSteps, session: Session, auditLog: string, tool: string): Promise<void> {
  for (const intent of await openIntents(auditLog, steps.accountId, steps.name)) {
    let live: "landed" | "not-landed" | "unknown";
    let detail: string;
    try {
      ({ live, detail } = await judgeIntent(session, intent));
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      live = "unknown";
      detail = `the live state could not be read (${error.code}: ${error.message})`;
    }
    const status: GuardStatus = live === "landed" ? "applied-not-verified" : live === "not-landed" ? "failed" : "applied-not-verified";
    const what = live === "landed" ? "its change landed" : live === "not-landed" ? "its change did not land" : "whether its change landed is not known";
    const message = `Recovered: the apply started ${intent.time} (pid ${intent.pid} on ${intent.host}) ended without a result; ${what}: ${detail}.`;
    session.warn(`${intent.operation} ${intent.name}: ${message}`);
    await appendAudit(auditLog, recoveredRecord(intent, tool, live, status, message));
  }
}

async function judgeIntent(session: Session, intent: IntentRecord): Promise<{ live: "landed" | "not-landed" | "unknown"; detail: string }> {
  if (intent.operation === "PutMultiRegionAccessPointPolicy") {
    const now = await readMrapPolicy(session, intent.accountId, intent.name);
    if (now === undefined) return { live: "unknown", detail: "the Multi-Region Access Point no longer exists" };
    const established = policyHash(now.established);
    if (intent.afterHash !== undefined && established === intent.afterHash) return { live: "landed", detail: "the Established policy is the one it sent" };
    if (intent.afterHash !== undefined && policyHash(now.proposed) === intent.afterHash) return { live: "landed", detail: "the policy it sent is the Proposed one, not yet Established everywhere" };
    if (established === intent.beforeHash) return { live: "not-landed", detail: intent.beforeHash ? "the Established policy is still the one before it" : "there is still no policy" };
    return { live: "unknown", detail: `the Established policy is neither the one before it nor the one it sent (${established ?? "none"})` };
  }
  if (intent.operation === "CreateMultiRegionAccessPoint") {
    const mrap = await session.live.getMultiRegionAccessPoint({ accountId: intent.accountId, name: intent.name });
    return mrap ? { live: "landed", detail: `the Multi-Region Access Point exists (${mrap.status ?? "status unknown"})` } : { live: "not-landed", detail: "the Multi-Region Access Point does not exist" };
  }
  return { live: "unknown", detail: "mrap-guard does not read this operation's state back; check it" };
}

async function run(steps: GuardedSteps, session: Session, announce: (plan: Plan) => Promise<void>): Promise<GuardResult> {
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
  const seconds = Math.max(0, Math.round((session.deadline - Date.now()) / 1000));
  const time = clock(session.options.timeoutSeconds ?? seconds, session.options.pollIntervalMs, session.options.signal, session.deadline);
  await announce(plan);
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

const NOT_AN_AWS_CODE = new Set(["Unknown", "UnknownError", "Error", "SyntaxError", "TypeError", "Forbidden", "NotFound", "BadRequest", "TimeoutError", "AbortError", "Aborted", "NetworkError"]);

/**
 * Whether an error proves that AWS refused the request: a proper AWS error document (a code of AWS's own) with
 * a 4xx status. Anything else (a malformed 2xx, an HTML error page of a proxy or load balancer, a lost or
 * timed-out answer, a 5xx) says nothing about whether the change landed, so only the live state can tell.
 */
export function provesRejection(error: ServiceError): boolean {
  const status = error.httpStatus;
  return status !== undefined && status >= 400 && status < 500 && !error.retryable && /^[A-Za-z][A-Za-z0-9.]*$/.test(error.code) && !NOT_AN_AWS_CODE.has(error.code);
}

/** An answer, for a message: its code, and its HTTP status when that says more. */
export function answerOf(error: ServiceError): string {
  const status = error.httpStatus !== undefined && NOT_AN_AWS_CODE.has(error.code) ? `, HTTP ${error.httpStatus}` : "";
  return `${error.code}${status}${error.requestId ? `, request id ${error.requestId}` : ""}`;
}

/**
 * Sends a put once, and again only after `landed` says the earlier attempt did not reach AWS: a lost
 * response must not turn into a second put (and the ClientToken makes a resend one request for AWS). A
 * ServiceError thrown is the put's own: AWS rejected it, or no answer proved anything and it had not landed
 * at the last read (the caller reads the live state once more to decide); a failed `landed` read is an
 * UnconfirmedSend, which runGuarded reports.
 */
export async function sendOnce<T>(
  session: Session,
  send: () => Promise<T>,
  landed: () => Promise<boolean>,
): Promise<{ sent: T } | { landed: true; answer: ServiceError }> {
  const maxAttempts = session.options.maxAttempts ?? 4;
  for (let attempt = 1; ; attempt++) {
    try {
      return { sent: await send() };
    } catch (error) {
      if (!(error instanceof ServiceError) || provesRejection(error)) throw error;
      let didLand: boolean;
      try {
        didLand = await landed();
      } catch (readError) {
        if (readError instanceof ServiceError) throw new UnconfirmedSend(error.operation, readError);
        throw readError;
      }
      if (didLand) return { landed: true, answer: error };
      if (attempt >= maxAttempts || session.deadline - Date.now() <= 0) throw error;
      session.warn(`${error.operation} attempt ${attempt} failed (${error.code}); the change has not landed, sending it again.`);
      const wait = Math.min(20_000, 200 * 2 ** (attempt - 1)) * Math.random();
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(wait, session.deadline - Date.now()))));
    }
  }
}
