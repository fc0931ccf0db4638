/**
 * CreateMultiRegionAccessPoint, guarded. The name, the buckets and Block Public Access cannot be changed
 * after creation, so they are linted with the live buckets first; an MRAP that already exists is either the
 * same (no change) or a refusal.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/multi-region-access-point-buckets.html,
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/multi-region-access-point-block-public-access.html
 */
import type { CreateMultiRegionAccessPointCommandInput } from "@aws-sdk/client-s3-control";
import { ServiceError, type LiveMrap } from "../engine/services.js";
import { clientToken } from "./policy-text.js";
import { answerOf, provesRejection, result, sendOnce, type GuardedSteps } from "./guarded-call.js";
import type { Session } from "./session.js";
import { errorDetails, GuardInputError, requiredString, type GuardResult, type LiveSnapshot } from "./types.js";
import { validateFor } from "./lint-before-send.js";
import { waitForOperation, waitUntil } from "./wait.js";

const OPERATION = "CreateMultiRegionAccessPoint";
const NOT_READY: Readonly<Record<string, string>> = {
  CREATING: "it is still being created; wait until it is READY",
  PARTIALLY_CREATED: "creation did not finish in every Region (AWS lets you retry the creation or delete it)",
  DELETING: "it is being deleted",
  PARTIALLY_DELETED: "deletion did not finish; retry the delete",
};
const BLOCK_KEYS = ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"] as const;

interface Desired {
  buckets: { bucket: string; bucketAccountId?: string }[];
  /**
   * All four settings, with AWS's default (true) for any left out
   * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/multi-region-access-point-block-public-access.html).
   */
  block: Record<(typeof BLOCK_KEYS)[number], boolean>;
}

function describeConfig(config: Desired): string {
  const buckets = config.buckets.map((b) => (b.bucketAccountId ? `${b.bucket} (${b.bucketAccountId})` : b.bucket)).sort();
  const block = BLOCK_KEYS.map((key) => `${key}=${config.block[key]}`);
  return `buckets ${buckets.join(", ")}; ${block.join(", ")}`;
}

function liveConfig(mrap: LiveMrap, accountId: string): Desired {
  const pab = mrap.publicAccessBlock ?? {};
  return {
    // A bucket of the MRAP's own account may be reported with or without its account id.
    buckets: mrap.regions.map((r) => ({ bucket: r.bucket, ...(r.bucketAccountId && r.bucketAccountId !== accountId ? { bucketAccountId: r.bucketAccountId } : {}) })),
    block: Object.fromEntries(BLOCK_KEYS.map((key) => [key, pab[key] ?? true])) as Desired["block"],
  };
}

function snapshot(mrap: LiveMrap | undefined, accountId: string): LiveSnapshot {
  return {
    exists: mrap !== undefined,
    ...(mrap?.status ? { status: mrap.status } : {}),
    ...(mrap?.alias ? { alias: mrap.alias } : {}),
    ...(mrap ? { state: describeConfig(liveConfig(mrap, accountId)) } : {}),
  };
}

export function createMrapSteps(input: CreateMultiRegionAccessPointCommandInput): GuardedSteps {
  const accountId = requiredString(OPERATION, input?.AccountId, "/AccountId");
  const name = requiredString(OPERATION, input?.Details?.Name, "/Details/Name");
  const regions = input.Details?.Regions;
  if (!Array.isArray(regions) || regions.length === 0) throw new GuardInputError(OPERATION, "/Details/Regions", "is required and must list at least one bucket");
  const desired: Desired = {
    buckets: regions.map((region, index) => {
      const bucket = requiredString(OPERATION, region?.Bucket, `/Details/Regions/${index}/Bucket`);
      const owner = region.BucketAccountId;
      return { bucket, ...(owner && owner !== accountId ? { bucketAccountId: owner } : {}) };
    }),
    block: Object.fromEntries(BLOCK_KEYS.map((key) => [key, input.Details?.PublicAccessBlock?.[key] ?? true])) as Desired["block"],
  };
  const wanted = describeConfig(desired);
  const token = input.ClientToken ?? clientToken(accountId, name, OPERATION, wanted);
  const read = (session: Session) => session.live.getMultiRegionAccessPoint({ accountId, name });

  return {
    operation: OPERATION,
    accountId,
    name,

    async plan(session) {
      const mrap = await read(session);
      session.remember.mrap.set(name, mrap);
      const validation = await validateFor(session, OPERATION, {
        AccountId: accountId,
        MultiRegionAccessPoint: {
          Name: name,
          ...(input.Details?.PublicAccessBlock ? { PublicAccessBlock: input.Details.PublicAccessBlock } : {}),
          Regions: regions.map((region) => ({ Bucket: region.Bucket, ...(region.BucketAccountId ? { BucketAccountId: region.BucketAccountId } : {}) })),
        },
      });
      const refusals: string[] = [];
      const current = mrap ? describeConfig(liveConfig(mrap, accountId)) : undefined;
      if (mrap && current !== wanted) {
        refusals.push(
          `The Multi-Region Access Point ${name} already exists with ${current}. AWS cannot change its buckets or Block Public Access in place: delete it and create it again (it gets a new alias).`,
        );
      }
      else if (mrap && mrap.status !== "READY") {
        // Not "no change": what exists is not yet (or no longer) what was asked for (the Status values:
        // https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_MultiRegionAccessPointReport.html).
        refusals.push(
          `The Multi-Region Access Point ${name} already exists with the requested configuration, but it is ${mrap.status ?? "in an unknown state"}, not READY: ${NOT_READY[mrap.status ?? ""] ?? "wait until it is READY, or delete it and create it again"}.`,
        );
      }
      if (validation.blocking.length > 0) refusals.push(`${validation.blocking.length} blocking finding(s).`);
      return {
        operation: OPERATION,
        accountId,
        name,
        ...(mrap?.alias ? { arn: `arn:aws:s3::${accountId}:accesspoint/${mrap.alias}` } : {}),
        live: snapshot(mrap, accountId),
        ...(current ? { before: current } : {}),
        after: wanted,
        changes: mrap === undefined,
        findings: validation.findings,
        blocking: validation.blocking,
        refusals,
        notes: mrap && current === wanted && mrap.status === "READY" ? [`The Multi-Region Access Point ${name} already exists as requested.`] : [],
        clientToken: token,
      };
    },

    async reread(session) {
      return snapshot(await read(session), accountId);
    },

    async execute(session, plan, time) {
      const details = { Name: name, Regions: regions, ...(input.Details?.PublicAccessBlock ? { PublicAccessBlock: input.Details.PublicAccessBlock } : {}) };
      let sent: { sent: string } | { landed: true; answer?: ServiceError };
      let why = "";
      let error: GuardResult["error"] | undefined;
      try {
        sent = await sendOnce(
          session,
          () => session.control.createMultiRegionAccessPoint({ AccountId: accountId, ClientToken: token, Details: details }),
          async () => (await read(session)) !== undefined,
        );
        if ("landed" in sent && sent.answer) why = `The answer to ${OPERATION} did not tell whether AWS took it (${answerOf(sent.answer)}: ${sent.answer.message.split("\n")[0]?.trim() ?? ""}), but the live state shows the Multi-Region Access Point exists. `;
      } catch (failure) {
        if (!(failure instanceof ServiceError)) throw failure;
        // No answer that proves anything (or a rejection): what exists now decides.
        const rejection = provesRejection(failure);
        const answer = rejection ? `AWS did not accept the request (${answerOf(failure)})` : `The answer to ${OPERATION} did not tell whether AWS took it (${answerOf(failure)}: ${failure.message.split("\n")[0]?.trim() ?? ""})`;
        const failed = { clientToken: token, error: errorDetails(failure) };
        let now: LiveMrap | undefined;
        try {
          now = await read(session);
        } catch (readError) {
          if (!(readError instanceof ServiceError)) throw readError;
          const readBack = `GetMultiRegionAccessPoint failed too (${answerOf(readError)})`;
          return rejection ? result(plan, "failed", `${answer}; ${readBack}, so whether it exists is not known.`, failed) : result(plan, "applied-not-verified", `${answer}, and ${readBack}: it may or may not have been created; check the live state.`, failed);
        }
        if (!now) return result(plan, "failed", `${answer}; the Multi-Region Access Point does not exist, so nothing was created.`, failed);
        const state = describeConfig(liveConfig(now, accountId));
        if (state !== wanted) return result(plan, rejection ? "failed" : "applied-not-verified", `${answer}; a Multi-Region Access Point ${name} now exists with ${state}, not ${wanted}: someone else created it; check it.`, failed);
        why = `${answer}, but the live state shows the Multi-Region Access Point exists as asked. `;
        error = failed.error;
        sent = { landed: true };
      }
      const requestTokenArn = "sent" in sent && sent.sent !== "" ? sent.sent : undefined;
      const extra = { clientToken: token, ...(requestTokenArn ? { requestTokenArn } : {}), ...(error ? { error } : {}) };
      const follow = requestTokenArn ? ` (request token ${requestTokenArn})` : "";
      if (requestTokenArn) {
        let outcome: Awaited<ReturnType<typeof waitForOperation>> | undefined;
        try {
          outcome = await waitForOperation(session.control, accountId, requestTokenArn, time, session.warn);
        } catch (failure) {
          if (!(failure instanceof ServiceError)) throw failure;
          if (time.left() <= 0) outcome = { done: "timeout", status: undefined };
          else session.warn(`${failure.operation} failed (${answerOf(failure)}); verifying by reading the Multi-Region Access Point back.`);
        }
        if (outcome?.done === "failed") {
          const reported = `AWS reported the ${OPERATION} operation ${outcome.status} (${outcome.error.code}: ${outcome.error.message})`;
          let now: LiveMrap | undefined;
          try {
            now = await read(session);
          } catch (failure) {
            if (!(failure instanceof ServiceError)) throw failure;
            return result(plan, "applied-not-verified", `${reported}, and GetMultiRegionAccessPoint failed (${answerOf(failure)}); check the live state.`, { ...extra, error: outcome.error });
          }
          if (now?.status === "READY" && describeConfig(liveConfig(now, accountId)) === wanted) {
            why = `${reported}, yet the Multi-Region Access Point is READY as asked, so it is created. `;
            error = outcome.error;
          } else {
            const state = now ? `it exists with status ${now.status ?? "unknown"} (a PARTIALLY_CREATED one can be deleted or created again)` : "it does not exist";
            return result(plan, now ? "applied-not-verified" : "failed", `${reported}; ${state}.`, { ...extra, error: outcome.error });
          }
        } else if (outcome?.done === "timeout") {
          return result(plan, "applied-not-verified", `The ${OPERATION} operation was still ${outcome.status ?? "pending"} when the timeout ran out; follow it up with DescribeMultiRegionAccessPointOperation ${requestTokenArn}.`, extra);
        }
      }
      const done = { ...extra, ...(error ? { error } : {}) };
      let ready: { ok: boolean; value: LiveMrap | undefined };
      try {
        ready = await waitUntil(() => read(session), (mrap) => mrap?.status === "READY", time.fresh());
      } catch (failure) {
        if (!(failure instanceof ServiceError)) throw failure;
        return result(plan, "applied-not-verified", `${why}The request was sent, but ${failure.operation} then failed (${answerOf(failure)}: ${failure.message}), so it is not verified${follow}; check the live state.`, { ...done, error: errorDetails(failure) });
      }
      if (!ready.ok || !ready.value) {
        return result(plan, "applied-not-verified", `${why}The Multi-Region Access Point is ${ready.value?.status ?? "not visible yet"}, not READY, after the timeout${follow}; check it again later.`, done);
      }
      const live = describeConfig(liveConfig(ready.value, accountId));
      if (live !== wanted) {
        return result(plan, "applied-not-verified", `${why}The Multi-Region Access Point is READY but reports ${live}, not ${wanted}.`, done);
      }
      return result(plan, "applied-and-verified", `${why}Created and verified: READY with alias ${ready.value.alias ?? "(none reported)"}, ${live}.`, done);
    },
  };
}
