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
import { result, sendOnce, type GuardedSteps } from "./run.js";
import type { Session } from "./session.js";
import { errorDetails, requiredString, type GuardResult, type LiveSnapshot, type Plan } from "./types.js";
import { NEW_ACCESS_RULE, policyValue, validateFor } from "./validate.js";
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
    const live = mrap ? await session.live.getMultiRegionAccessPointPolicy({ accountId, name }) : undefined;
    return { mrap, live };
  };

  return {
    operation: OPERATION,
    accountId,
    name,

    async plan(session) {
      const { mrap, live } = await readLive(session);
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
      };
    },

    async reread(session) {
      const { mrap, live } = await readLive(session);
      return mrapSnapshot(mrap, live);
    },

    async execute(session, plan, time) {
      const before = { beforeHash: policyHash(plan.live.policy), afterHash: policyHash(policy), clientToken: token };
      const readPolicy = () => session.live.getMultiRegionAccessPointPolicy({ accountId, name });
      const landed = async () => {
        const now = await readPolicy();
        return samePolicy(now?.established, policy) || samePolicy(now?.proposed, policy);
      };
      let sent: { sent: string } | { landed: true };
      try {
        sent = await sendOnce(
          session,
          () => session.control.putMultiRegionAccessPointPolicy({ AccountId: accountId, ClientToken: token, Details: { Name: name, Policy: policy } }),
          landed,
        );
      } catch (error) {
        if (!(error instanceof ServiceError)) throw error;
        return rejected(session, plan, error, before, readPolicy);
      }
      const requestTokenArn = "sent" in sent ? sent.sent : undefined;
      const extra = { ...before, ...(requestTokenArn ? { requestTokenArn } : {}) };
      if (requestTokenArn) {
        const outcome = await waitForOperation(session.control, accountId, requestTokenArn, time, session.warn);
        if (outcome.done === "failed") {
          const still = whereIs(await readPolicy(), plan.live.policy, policy);
          return result(plan, "failed", `AWS reported the ${OPERATION} operation ${outcome.status} (${outcome.error.code}: ${outcome.error.message}); ${still}.`, { ...extra, error: outcome.error });
        }
        if (outcome.done === "timeout") {
          return result(plan, "applied-not-verified", `The ${OPERATION} operation was still ${outcome.status ?? "pending"} when the ${time.seconds}-second timeout ran out; follow it up with DescribeMultiRegionAccessPointOperation ${requestTokenArn}.`, extra);
        }
        if (outcome.done === "unknown-token") session.warn(`DescribeMultiRegionAccessPointOperation does not know ${requestTokenArn}; verifying by reading the policy back.`);
      }
      return verify(session, plan, policy, time, readPolicy, extra);
    },
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
): Promise<GuardResult> {
  const readBack = time.fresh();
  // Proposed is listed until every Region has the update; then it is the Established one
  // (https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_MultiRegionAccessPointPolicyDocument.html).
  const settled = await waitUntil(readPolicy, (now) => samePolicy(now?.established, policy) && (now?.proposed === undefined || samePolicy(now.proposed, policy)), readBack);
  if (!settled.ok) {
    const where = samePolicy(settled.value?.proposed, policy) ? "it is still only the Proposed policy" : "the Established policy is not the one sent";
    return result(plan, "applied-not-verified", `The policy was sent, but ${where} after the ${time.seconds}-second timeout; check again later.`, extra);
  }
  const isPublic = await session.control.policyIsPublic(plan.accountId, plan.name);
  if (isPublic === true) {
    return result(plan, "applied-not-verified", "The policy was applied, but AWS reports the Established policy as public (GetMultiRegionAccessPointPolicyStatus); review it now.", extra);
  }
  if (isPublic !== false) {
    return result(plan, "applied-not-verified", "The policy was applied, but GetMultiRegionAccessPointPolicyStatus gave no IsPublic for the Established policy, so it is not verified as not public; check it again.", extra);
  }
  return result(plan, "applied-and-verified", "Applied and verified: the Established policy is the one sent and AWS does not report it as public.", extra);
}

async function rejected(
  _session: Session,
  plan: Plan,
  error: ServiceError,
  extra: Partial<GuardResult>,
  readPolicy: () => Promise<LiveMrapPolicy | undefined>,
): Promise<GuardResult> {
  let still: string;
  try {
    still = whereIs(await readPolicy(), plan.live.policy, undefined);
  } catch {
    still = "the live policy could not be read back";
  }
  return result(plan, "failed", `AWS did not accept the policy (${error.code}${error.requestId ? `, request id ${error.requestId}` : ""}); ${still}.`, {
    ...extra,
    error: errorDetails(error),
  });
}
