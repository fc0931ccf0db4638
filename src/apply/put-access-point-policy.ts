/**
 * PutAccessPointPolicy, guarded. Unlike the MRAP put, it is synchronous, goes to the access point's own Region
 * and has no ClientToken; it replaces the whole policy, so the new one is linted with Access Analyzer against
 * the live one, sent once, read back and checked for public access.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_PutAccessPointPolicy.html
 */
import type { PutAccessPointPolicyCommandInput } from "@aws-sdk/client-s3-control";
import type { LiveAccessPoint } from "../aws/control.js";
import { ServiceError } from "../engine/services.js";
import type { ReferencePolicy } from "../engine/types.js";
import { policyHash, prettyPolicy, samePolicy } from "./policy-text.js";
import { provesRejection, result, sendOnce, type GuardedSteps } from "./guarded-call.js";
import type { Session } from "./session.js";
import { errorDetails, GuardInputError, requiredString, type GuardResult, type LiveSnapshot, type Plan } from "./types.js";
import { NEW_ACCESS_RULE, validateFor } from "./lint-before-send.js";
import { policyValue } from "./policy-splice.js";
import { waitUntil } from "./wait.js";

const OPERATION = "PutAccessPointPolicy";

function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

export function accessPointArn(accountId: string, name: string, region: string): string {
  return `arn:${partitionOf(region)}:s3:${region}:${accountId}:accesspoint/${name}`;
}

function snapshot(accessPoint: LiveAccessPoint | undefined, policy: string | undefined): LiveSnapshot {
  return {
    exists: accessPoint !== undefined,
    ...(accessPoint?.alias ? { alias: accessPoint.alias } : {}),
    ...(policy !== undefined ? { policy } : {}),
    ...(accessPoint?.bucket ? { state: `bucket ${accessPoint.bucket}` } : {}),
  };
}

/** The manifest the lint sees: the access point with the policy about to be sent. */
export function accessPointManifest(accountId: string, name: string, region: string, policy: string, accessPoint: LiveAccessPoint | undefined): Record<string, unknown> {
  return {
    AccountId: accountId,
    AccessPoints: [{ Name: name, Region: region, ...(accessPoint?.bucket ? { Bucket: accessPoint.bucket } : {}), Policy: policyValue(policy) }],
  };
}

function blockingText(plan: { blocking: readonly { ruleId: string }[] }): string {
  const rules = [...new Set(plan.blocking.map((finding) => finding.ruleId))];
  return `${plan.blocking.length} blocking finding(s) (${rules.join(", ")}).`;
}

/**
 * The guarded steps for one PutAccessPointPolicy. The SDK input has no Region (the client's Region picks the
 * endpoint), so it is given here: the access point's Region.
 */
export function putAccessPointPolicySteps(input: PutAccessPointPolicyCommandInput, region: string): GuardedSteps {
  const accountId = requiredString(OPERATION, input?.AccountId, "/AccountId");
  const name = requiredString(OPERATION, input?.Name, "/Name");
  const policy = requiredString(OPERATION, input?.Policy, "/Policy");
  if (typeof region !== "string" || region.trim() === "") {
    throw new GuardInputError(OPERATION, "region", "is required: the access point's Region is not part of the SDK input; pass it as the `region` option");
  }
  const arn = accessPointArn(accountId, name, region);

  const readLive = async (session: Session) => {
    const accessPoint = await session.control.getAccessPoint(accountId, name, region);
    const current = accessPoint ? await session.control.getAccessPointPolicy(accountId, name, region) : undefined;
    return { accessPoint, current };
  };
  const readPolicy = (session: Session) => session.control.getAccessPointPolicy(accountId, name, region);

  return {
    operation: OPERATION,
    accountId,
    name,

    async plan(session) {
      const { accessPoint, current } = await readLive(session);
      const options = session.options;
      const reference: ReferencePolicy | undefined =
        options.referencePolicy !== undefined
          ? { file: "(the referencePolicy option)", kind: "access-point-policy", text: typeof options.referencePolicy === "string" ? options.referencePolicy : JSON.stringify(options.referencePolicy) }
          : current !== undefined
            ? { file: `(the live policy of ${arn})`, kind: "access-point-policy", text: current }
            : undefined;
      const validation = await validateFor(session, OPERATION, accessPointManifest(accountId, name, region, policy, accessPoint), reference);
      const refusals: string[] = [];
      const notes: string[] = [];
      if (!accessPoint) refusals.push(`The access point ${name} does not exist in account ${accountId} in ${region}: create the access point first.`);
      if (validation.blocking.length > 0) refusals.push(blockingText(validation));
      if (accessPoint && current === undefined && !reference) notes.push("The access point has no policy yet, so there is no live policy to compare new access against.");
      if (options.skipAccessAnalyzer) notes.push("Access Analyzer checks were skipped.");
      if (options.allowNewAccess && validation.findings.some((f) => f.ruleId === NEW_ACCESS_RULE)) notes.push("New access is allowed (--allow-new-access).");
      return {
        operation: OPERATION,
        accountId,
        name,
        arn,
        live: snapshot(accessPoint, current),
        ...(current !== undefined ? { before: prettyPolicy(current) } : {}),
        after: prettyPolicy(policy),
        changes: !samePolicy(current, policy),
        findings: validation.findings,
        blocking: validation.blocking,
        refusals,
        notes,
        hashes: { ...(current !== undefined ? { before: policyHash(current) } : {}), after: policyHash(policy) },
      };
    },

    async reread(session) {
      const { accessPoint, current } = await readLive(session);
      return snapshot(accessPoint, current);
    },

    async execute(session, plan, time) {
      const extra: Partial<GuardResult> = { beforeHash: policyHash(plan.live.policy), afterHash: policyHash(policy) };
      try {
        await sendOnce(
          session,
          () => session.control.putAccessPointPolicy({ AccountId: accountId, Name: name, Policy: policy }, region),
          async () => samePolicy(await readPolicy(session), policy),
        );
      } catch (error) {
        if (!(error instanceof ServiceError)) throw error;
        const decided = await notSent(session, plan, error, extra);
        if (decided) return decided;
        // The live policy is the one sent: it landed whatever the answer said, so it is verified below.
      }
      // The put is synchronous, but a read right after it may still be served the old policy.
      const readBack = time.fresh();
      const settled = await waitUntil(() => readPolicy(session), (now) => samePolicy(now, policy), readBack);
      if (!settled.ok) {
        const what = settled.value === undefined ? "the access point has no policy" : samePolicy(settled.value, plan.live.policy) ? "it still shows the old policy" : "it shows a policy other than the one sent";
        return result(plan, "applied-not-verified", `The policy was sent, but when read back ${what} after the ${time.seconds}-second timeout; check again later.`, extra);
      }
      const isPublic = await session.control.accessPointPolicyIsPublic(accountId, name, region);
      if (isPublic === true) {
        return result(plan, "applied-not-verified", `The policy was applied, but AWS reports the access point policy of ${arn} as public (GetAccessPointPolicyStatus); review it now.`, extra);
      }
      if (isPublic !== false) {
        // No status (none yet, or no IsPublic in it) is not a status that says "not public".
        return result(plan, "applied-not-verified", `The policy read back is the one sent, but AWS did not report whether the access point policy of ${arn} is public (GetAccessPointPolicyStatus); check it again later.`, extra);
      }
      return result(plan, "applied-and-verified", "Applied and verified: the access point policy read back is the one sent and AWS does not report it as public.", extra);
    },
  };

  /** After a put that failed: the result the live policy shows, or `undefined` when the one sent is live. */
  async function notSent(session: Session, plan: Plan, error: ServiceError, extra: Partial<GuardResult>): Promise<GuardResult | undefined> {
    const details = { ...extra, error: errorDetails(error) };
    const request = error.requestId ? ` (request id ${error.requestId})` : "";
    const what = `${provesRejection(error) ? "AWS rejected the policy" : `${OPERATION} got no answer that tells whether it landed`}: ${error.message.split("\n")[0]?.trim() ?? ""}${request}`;
    let now: string | undefined;
    try {
      now = await readPolicy(session);
    } catch {
      if (provesRejection(error)) return result(plan, "failed", `Not applied: ${what}; the live policy could not be read back.`, details);
      return result(plan, "applied-not-verified", `${what}, and the live policy could not be read back: it may or may not have been applied; check the live state.`, details);
    }
    if (samePolicy(now, policy)) return undefined;
    if (samePolicy(now, plan.live.policy)) return result(plan, "failed", `Not applied: ${what}; the live policy is still the old one.`, details);
    return result(plan, provesRejection(error) ? "failed" : "applied-not-verified", `${provesRejection(error) ? "Not applied: " : ""}${what}; the live policy is neither the old one nor the one sent: someone else changed it.`, details);
  }
}
