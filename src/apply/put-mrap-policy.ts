/**
 * PutMultiRegionAccessPointPolicy, guarded. The put is asynchronous, goes to us-west-2, and a policy can never
 * be deleted once applied: so it is linted with the live configuration, compared with the live policy, sent
 * once with a ClientToken derived from the change, and read back until the Established policy is the one sent.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_PutMultiRegionAccessPointPolicy.html,
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/RemovingMultiRegionAccessPointAccess.html
 */
import type { PutMultiRegionAccessPointPolicyCommandInput } from "@aws-sdk/client-s3-control";
import { ServiceError, type LiveMrap, type LiveMrapPolicy } from "../engine/services.js";
import type { ReferencePolicy } from "../engine/types.js";
import { clientToken, policyHash, prettyPolicy, samePolicy } from "./policy-text.js";
import { readMrapPolicy } from "./read-mrap-policy.js";
import { answerOf, provesRejection, result, sendOnce, type GuardedSteps } from "./guarded-call.js";
import type { Session } from "./session.js";
import { errorDetails, requiredString, type GuardResult, type LiveSnapshot, type Plan } from "./types.js";
import { NEW_ACCESS_RULE, validateFor } from "./lint-before-send.js";
import { policyValue } from "./policy-splice.js";
import { waitForOperation, waitUntil, type Clock } from "./wait.js";

const OPERATION = "PutMultiRegionAccessPointPolicy";

export function mrapSnapshot(mrap: LiveMrap | undefined, policy: LiveMrapPolicy | undefined): LiveSnapshot {
  return {
    exists: mrap !== undefined,
    ...(mrap?.status ? { status: mrap.status } : {}),
    ...(mrap?.alias ? { alias: mrap.alias } : {}),
    ...(policy?.established ? { policy: policy.established } : {}),
    ...(policy?.proposed ? { proposed: policy.proposed } : {}),
  };
}

/** The manifest the lint sees: the live MRAP's configuration with the policy about to be sent. */
export function manifestFor(accountId: string, name: string, policy: string, mrap: LiveMrap | undefined, bucketPolicies: Record<string, string | object> = {}): Record<string, unknown> {
  return {
    AccountId: accountId,
    MultiRegionAccessPoint: {
      Name: name,
      // No Alias: the rules take the live one (with --live), and checking AWS's own alias for format would only
      // block on something the caller cannot change.
      ...(mrap?.publicAccessBlock ? { PublicAccessBlock: mrap.publicAccessBlock } : {}),
      // Regions come from the live report during the lint (AWS infers a bucket's Region from the bucket:
      // https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_Region.html).
      Regions: (mrap?.regions ?? []).map((region) => ({
        Bucket: region.bucket,
        ...(region.bucketAccountId ? { BucketAccountId: region.bucketAccountId } : {}),
        ...(bucketPolicies[region.bucket] !== undefined ? { BucketPolicy: policyValue(bucketPolicies[region.bucket]) } : {}),
      })),
      Policy: policyValue(policy),
    },
  };
}

function referenceFrom(value: string | object | undefined): ReferencePolicy | undefined {
  if (value === undefined) return undefined;
  return { file: "the reference policy", kind: "mrap-policy", text: typeof value === "string" ? value : JSON.stringify(value) };
}

export function putMrapPolicySteps(input: PutMultiRegionAccessPointPolicyCommandInput): GuardedSteps {
  const accountId = requiredString(OPERATION, input?.AccountId, "/AccountId");
  const name = requiredString(OPERATION, input?.Details?.Name, "/Details/Name");
  const policy = requiredString(OPERATION, input?.Details?.Policy, "/Details/Policy");
  const token = input.ClientToken ?? clientToken(accountId, name, OPERATION, policyHash(policy) ?? "");

  const readLive = async (session: Session) => {
    const mrap = await session.live.getMultiRegionAccessPoint({ accountId, name });
    const live = mrap ? await readMrapPolicy(session, accountId, name) : undefined;
    return { mrap, live };
  };

  return {
    operation: OPERATION,
    accountId,
    name,

    async plan(session) {
      let read: Awaited<ReturnType<typeof readLive>>;
      try {
        read = await readLive(session);
      } catch (error) {
        // An unknown live policy is not "no policy yet": nothing is compared, linted or sent.
        if (!(error instanceof ServiceError) || error.operation !== "GetMultiRegionAccessPointPolicy") throw error;
        return unreadablePlan(accountId, name, policy, token, error);
      }
      const { mrap, live } = read;
      session.remember.mrap.set(name, mrap);
      session.remember.policy.set(name, live);
      const options = session.options;
      const reference = referenceFrom(options.referencePolicy);
      const validation = await validateFor(session, OPERATION, manifestFor(accountId, name, policy, mrap, options.bucketPolicies), reference);
      const refusals: string[] = [];
      const notes: string[] = [];
      if (!mrap) refusals.push(`The Multi-Region Access Point ${name} does not exist in account ${accountId}: create it first.`);
      else if (mrap.status !== "READY") refusals.push(`The Multi-Region Access Point is ${mrap.status ?? "in an unknown state"}; AWS changes policies only on a READY one.`);
      if (validation.blocking.length > 0) refusals.push(`${validation.blocking.length} blocking finding(s).`);
      if (mrap && !live?.established && !reference) notes.push("The Multi-Region Access Point has no policy yet, so there is no live policy to compare new access against.");
      if (options.skipAccessAnalyzer) notes.push("Access Analyzer checks were skipped.");
      if (options.allowNewAccess && validation.findings.some((f) => f.ruleId === NEW_ACCESS_RULE)) notes.push("New access is allowed (--allow-new-access).");
      const unchanged = samePolicy(live?.established, policy) && (live?.proposed === undefined || samePolicy(live.proposed, policy));
      return {
        operation: OPERATION,
        accountId,
        name,
        ...(mrap?.alias ? { arn: `arn:aws:s3::${accountId}:accesspoint/${mrap.alias}` } : {}),
        live: mrapSnapshot(mrap, live),
        ...(live?.established ? { before: prettyPolicy(live.established) } : {}),
        after: prettyPolicy(policy),
        changes: !unchanged,
        findings: validation.findings,
        blocking: validation.blocking,
        refusals,
        notes,
        clientToken: token,
        hashes: { ...(live?.established ? { before: policyHash(live.established) } : {}), after: policyHash(policy) },
        accessAnalyzer: options.skipAccessAnalyzer ? "skipped" : live?.established || reference ? "checked" : "validate-policy-only",
      };
    },

    async reread(session) {
      const { mrap, live } = await readLive(session);
      return mrapSnapshot(mrap, live);
    },

    async execute(session, plan, time) {
      const before = { beforeHash: policyHash(plan.live.policy), afterHash: policyHash(policy), clientToken: token };
      const readPolicy = () => readMrapPolicy(session, accountId, name);
      const landed = async () => {
        const now = await readPolicy();
        return samePolicy(now?.established, policy) || samePolicy(now?.proposed, policy);
      };
      let sent: Awaited<ReturnType<typeof sendOnce<string>>>;
      try {
        sent = await sendOnce(
          session,
          () => session.control.putMultiRegionAccessPointPolicy({ AccountId: accountId, ClientToken: token, Details: { Name: name, Policy: policy } }),
          landed,
        );
      } catch (error) {
        if (!(error instanceof ServiceError)) throw error;
        return afterPutError(session, plan, policy, error, before, readPolicy, time);
      }
      const requestTokenArn = "sent" in sent && sent.sent !== "" ? sent.sent : undefined;
      const extra = { ...before, ...(requestTokenArn ? { requestTokenArn } : {}) };
      if (requestTokenArn) {
        let outcome: Awaited<ReturnType<typeof waitForOperation>> | undefined;
        try {
          outcome = await waitForOperation(session.control, accountId, requestTokenArn, time, session.warn);
        } catch (error) {
          // The operation's status could not be read: past the deadline, that is a timeout; before it, the
          // policy read-back decides.
          if (!(error instanceof ServiceError)) throw error;
          if (time.left() <= 0) outcome = { done: "timeout", status: undefined };
          else session.warn(`${error.operation} failed (${answerOf(error)}); verifying by reading the policy back.`);
        }
        if (outcome?.done === "failed") return afterFailedOperation(session, plan, policy, outcome, extra, readPolicy, time);
        if (outcome?.done === "timeout") {
          return result(plan, "applied-not-verified", `The ${OPERATION} operation was still ${outcome.status ?? "pending"} when the ${time.seconds}-second timeout ran out; follow it up with DescribeMultiRegionAccessPointOperation ${requestTokenArn}.`, extra);
        }
        if (outcome?.done === "unknown-token") session.warn(`DescribeMultiRegionAccessPointOperation does not know ${requestTokenArn}; verifying by reading the policy back.`);
      } else if ("sent" in sent) {
        session.warn(`${OPERATION} was answered without a RequestTokenARN; verifying by reading the policy back.`);
      }
      return verify(session, plan, policy, time, readPolicy, extra, "landed" in sent ? `${unanswered(sent.answer)}, but the live state shows the policy landed. ` : "");
    },
  };
}

/**
 * After a put that got no answer proving anything (or a rejection): the live policy decides. The one sent is
 * live: it landed, verify it. The old one: nothing changed. Another one: someone else changed it.
 */
async function afterPutError(
  session: Session,
  plan: Plan,
  policy: string,
  error: ServiceError,
  extra: Partial<GuardResult>,
  readPolicy: () => Promise<LiveMrapPolicy | undefined>,
  time: Clock,
): Promise<GuardResult> {
  const rejection = provesRejection(error);
  const answer = rejection ? `AWS did not accept the policy (${answerOf(error)})` : unanswered(error);
  const details = { ...extra, error: errorDetails(error) };
  let now: LiveMrapPolicy | undefined;
  try {
    now = await readPolicy();
  } catch (readError) {
    if (!(readError instanceof ServiceError)) throw readError;
    const read = `the live policy could not be read back (${answerOf(readError)})`;
    return rejection ? result(plan, "failed", `${answer}; ${read}.`, details) : result(plan, "applied-not-verified", `${answer}, and ${read}: the policy may or may not have been applied; check the live state.`, details);
  }
  if (samePolicy(now?.established, policy) || samePolicy(now?.proposed, policy)) {
    return verify(session, plan, policy, time, readPolicy, details, `${answer}, but the live state shows the policy landed. `);
  }
  if (samePolicy(now?.established, plan.live.policy)) {
    const still = plan.live.policy === undefined ? "the MRAP still has no policy" : "the live policy is still the old one";
    return result(plan, "failed", rejection ? `${answer}; ${still}.` : `${answer}; ${still}, so nothing changed (sending again with the same ClientToken is safe).`, details);
  }
  const other = `the live policy is neither the old one nor the one sent (${policyHash(now?.established) ?? "none"}): someone else changed it`;
  return rejection ? result(plan, "failed", `${answer}; ${other}.`, details) : result(plan, "applied-not-verified", `${answer}, and ${other}; check the live state.`, details);
}

/** DescribeMultiRegionAccessPointOperation said FAILED: the live policy says what the result is. */
async function afterFailedOperation(
  session: Session,
  plan: Plan,
  policy: string,
  outcome: Extract<Awaited<ReturnType<typeof waitForOperation>>, { done: "failed" }>,
  extra: Partial<GuardResult>,
  readPolicy: () => Promise<LiveMrapPolicy | undefined>,
  time: Clock,
): Promise<GuardResult> {
  const reported = `AWS reported the ${OPERATION} operation ${outcome.status} (${outcome.error.code}: ${outcome.error.message})`;
  const details = { ...extra, error: outcome.error };
  let now: LiveMrapPolicy | undefined;
  try {
    now = await readPolicy();
  } catch (readError) {
    if (!(readError instanceof ServiceError)) throw readError;
    return result(plan, "applied-not-verified", `${reported}, and the live policy could not be read back (${answerOf(readError)}); check the live state.`, details);
  }
  if (samePolicy(now?.established, policy)) {
    // The live state outranks the operation's record: the policy in effect is the one sent.
    return verify(session, plan, policy, time, readPolicy, details, `${reported}, yet the Established policy is the one sent, so it is applied. `);
  }
  if (samePolicy(now?.proposed, policy)) {
    return result(plan, "applied-not-verified", `${reported}, yet the policy sent is the Proposed one: AWS may still apply it; check again later.`, details);
  }
  return result(plan, "failed", `${reported}; ${whereIs(now, plan.live.policy, policy)}.`, details);
}

/** An answer that does not tell whether the put landed, for a message. */
function unanswered(error: ServiceError): string {
  return `The answer to ${OPERATION} did not tell whether AWS took it (${answerOf(error)}: ${error.message.split("\n")[0]?.trim() ?? ""})`;
}

/** The plan of a put whose live policy could not be read: refused, nothing linted or sent. */
function unreadablePlan(accountId: string, name: string, policy: string, token: string, error: ServiceError): Plan {
  return {
    operation: OPERATION,
    accountId,
    name,
    live: { exists: true },
    after: prettyPolicy(policy),
    changes: true,
    findings: [],
    blocking: [],
    refusals: [`The live policy of ${name} could not be read (${answerOf(error)}: ${error.message.split("\n")[0]?.trim() ?? ""}), so it is unknown, not "no policy yet": nothing was sent. Try again.`],
    notes: [],
    clientToken: token,
    hashes: { after: policyHash(policy) },
    accessAnalyzer: "not-run",
  };
}

/** Which policy is live after a put that did not succeed: the old one, the one sent, or another. */
function whereIs(now: LiveMrapPolicy | undefined, old: string | undefined, sent: string | undefined): string {
  if (samePolicy(now?.established, old)) return old === undefined ? "the MRAP still has no policy" : "the live policy is still the old one";
  if (sent !== undefined && samePolicy(now?.established, sent)) return "yet the Established policy is now the one sent: check the operation's details";
  return "the live policy is neither the old one nor the one sent: someone else changed it";
}

async function verify(
  session: Session,
  plan: Plan,
  policy: string,
  time: Clock,
  readPolicy: () => Promise<LiveMrapPolicy | undefined>,
  extra: Partial<GuardResult>,
  why = "",
): Promise<GuardResult> {
  const readBack = time.fresh();
  const follow = extra.requestTokenArn ? ` (request token ${extra.requestTokenArn})` : "";
  let settled: { ok: boolean; value: LiveMrapPolicy | undefined };
  let isPublic: boolean | undefined;
  let after: LiveMrapPolicy | undefined;
  try {
    // Proposed is listed until every Region has the update; then it is the Established one
    // (https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_MultiRegionAccessPointPolicyDocument.html).
    settled = await waitUntil(readPolicy, (now) => samePolicy(now?.established, policy) && (now?.proposed === undefined || samePolicy(now.proposed, policy)), readBack);
    if (!settled.ok) {
      const where = samePolicy(settled.value?.proposed, policy) ? "it is still only the Proposed policy" : "the Established policy is not the one sent";
      return result(plan, "applied-not-verified", `${why}The policy was sent, but ${where} after the ${time.seconds}-second timeout${follow}; check again later.`, extra);
    }
    isPublic = await session.control.policyIsPublic(plan.accountId, plan.name);
    // Another apply (from another machine, which no lock sees) may have put its policy after ours landed.
    after = await readPolicy();
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    return result(plan, "applied-not-verified", `${why}The policy was sent, but ${error.operation} then failed (${answerOf(error)}: ${error.message}), so it is not verified${follow}; check the live state.`, {
      ...extra,
      error: errorDetails(error),
    });
  }
  if (!samePolicy(after?.established, policy)) {
    return result(
      plan,
      "applied-not-verified",
      `${why}The policy sent landed, but then the live policy changed to another one (${policyHash(after?.established) ?? "none"}): another apply replaced it, so the live policy is not the one sent.`,
      extra,
    );
  }
  if (isPublic === true) {
    return result(plan, "applied-not-verified", `${why}The policy was applied, but AWS reports the Established policy as public (GetMultiRegionAccessPointPolicyStatus); review it now.`, extra);
  }
  if (isPublic !== false) {
    return result(plan, "applied-not-verified", `${why}The policy was applied, but GetMultiRegionAccessPointPolicyStatus gave no IsPublic for the Established policy, so it is not verified as not public; check it again.`, extra);
  }
  return result(plan, "applied-and-verified", `${why}Applied and verified: the Established policy is the one sent and AWS does not report it as public.`, extra);
}
