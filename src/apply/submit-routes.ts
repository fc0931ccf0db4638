/**
 * SubmitMultiRegionAccessPointRoutes, guarded: a failover. Routes not named keep their dial, at least one
 * must stay active, and a change can take up to 2 minutes to show; so the merged result is checked before
 * sending, the live routes are compared right before the submit, and the routes are read back until they match.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_SubmitMultiRegionAccessPointRoutes.html
 */
import type { SubmitMultiRegionAccessPointRoutesCommandInput } from "@aws-sdk/client-s3-control";
import type { Route } from "../aws/control.js";
import { ServiceError, type LiveMrap } from "../engine/services.js";
import { s3Resource } from "../mrap/s3-arn.js";
import { result, sendOnce, type GuardedSteps } from "./guarded-call.js";
import type { Session } from "./session.js";
import { errorDetails, GuardInputError, requiredString, type GuardResult, type LiveSnapshot, type Plan } from "./types.js";
import { validate } from "./lint-before-send.js";
import { waitUntil } from "./wait.js";

const OPERATION = "SubmitMultiRegionAccessPointRoutes";
const PARTITIONS: readonly string[] = ["aws", "aws-cn", "aws-us-gov"];

export interface RouteUpdate {
  bucket?: string;
  region?: string;
  dial: number;
}

/** A route as the guard compares it: the bucket, its Region, and its dial (undefined when AWS gave none). */
export interface RouteState {
  bucket: string;
  region?: string;
  dial?: number;
}

export interface ParsedMrapArn {
  partition: string;
  accountId: string;
  alias: string;
}

export function parseMrapArn(arn: string): ParsedMrapArn | undefined {
  const resource = s3Resource(arn);
  if (resource?.kind !== "mrap" || resource.object !== undefined) return undefined;
  const { partition, account } = resource.arn;
  if (!PARTITIONS.includes(partition) || !/^\d{12}$/.test(account) || !/^[^/\s]+$/.test(resource.name)) return undefined;
  return { partition, accountId: account, alias: resource.name };
}

/** One line per route, sorted by bucket: the snapshot text that tells a concurrent route change. */
export function canonicalRoutes(routes: readonly RouteState[]): string {
  return [...routes]
    .sort((a, b) => (a.bucket < b.bucket ? -1 : a.bucket > b.bucket ? 1 : 0))
    .map((route) => `${route.bucket} ${route.region ?? "?"} ${route.dial ?? "?"}`)
    .join("\n");
}

function describeRoutes(routes: readonly RouteState[]): string {
  return routes.map((route) => `${route.bucket}${route.region ? ` (${route.region})` : ""} ${route.dial === undefined ? "unknown" : route.dial === 0 ? "passive" : route.dial === 100 ? "active" : `${route.dial}%`}`).join(", ");
}

function routesText(routes: readonly RouteState[]): string {
  const sorted = [...routes].sort((a, b) => (a.bucket < b.bucket ? -1 : a.bucket > b.bucket ? 1 : 0));
  return JSON.stringify(
    sorted.map((route) => ({ Bucket: route.bucket, ...(route.region ? { Region: route.region } : {}), TrafficDialPercentage: route.dial ?? null })),
    null,
    2,
  );
}

/** Whether an update addresses a route: by bucket when it names one (and then its Region must agree), else by Region. */
export function updateCovers(update: RouteUpdate, route: RouteState): boolean {
  if (update.bucket !== undefined) return update.bucket === route.bucket && (update.region === undefined || update.region === route.region);
  return update.region !== undefined && update.region === route.region;
}

/**
 * The routes after AWS applies the updates: routes no update names keep their dial
 * (SubmitMultiRegionAccessPointRoutes).
 */
export function mergeRoutes(current: readonly RouteState[], updates: readonly RouteUpdate[]): RouteState[] {
  return current.map((route) => {
    let dial = route.dial;
    for (const update of updates) if (updateCovers(update, route)) dial = update.dial;
    return { ...route, ...(dial !== undefined ? { dial } : {}) };
  });
}

/** Whether the live routes show every desired dial. */
export function routesMatch(live: readonly RouteState[], desired: readonly RouteState[]): boolean {
  return desired.every((want) => live.some((route) => route.bucket === want.bucket && route.dial === want.dial));
}

function readUpdates(input: SubmitMultiRegionAccessPointRoutesCommandInput): RouteUpdate[] {
  const list: unknown = input?.RouteUpdates;
  if (!Array.isArray(list) || list.length === 0) throw new GuardInputError(OPERATION, "/RouteUpdates", "is required and must list at least one route");
  return list.map((entry: unknown, index) => {
    const pointer = `/RouteUpdates/${index}`;
    if (entry === null || typeof entry !== "object") throw new GuardInputError(OPERATION, pointer, "must be an object");
    const route = entry as { Bucket?: unknown; Region?: unknown; TrafficDialPercentage?: unknown };
    if (typeof route.TrafficDialPercentage !== "number" || !Number.isFinite(route.TrafficDialPercentage)) {
      throw new GuardInputError(OPERATION, `${pointer}/TrafficDialPercentage`, "is required and must be a number (0 passive, 100 active)");
    }
    for (const key of ["Bucket", "Region"] as const) {
      if (route[key] !== undefined && typeof route[key] !== "string") throw new GuardInputError(OPERATION, `${pointer}/${key}`, "must be a string");
    }
    return {
      ...(typeof route.Bucket === "string" ? { bucket: route.Bucket } : {}),
      ...(typeof route.Region === "string" ? { region: route.Region } : {}),
      dial: route.TrafficDialPercentage,
    };
  });
}

/** The routes AWS reports, with each bucket's Region from the MRAP's report where the routes give none. */
function routeStates(routes: readonly Route[], mrap: LiveMrap, regions: ReadonlyMap<string, string>): RouteState[] {
  const listed: RouteState[] = routes
    .filter((route) => route.bucket !== undefined || route.region !== undefined)
    .map((route) => {
      const bucket = route.bucket ?? mrap.regions.find((entry) => regions.get(entry.bucket) === route.region)?.bucket ?? `(${route.region})`;
      const region = route.region ?? regions.get(bucket);
      return { bucket, ...(region ? { region } : {}), ...(route.trafficDialPercentage !== undefined ? { dial: route.trafficDialPercentage } : {}) };
    });
  // A bucket of the MRAP that the routes do not list is still one of its Regions, with an unknown dial.
  for (const entry of mrap.regions) {
    if (listed.some((route) => route.bucket === entry.bucket)) continue;
    const region = regions.get(entry.bucket);
    listed.push({ bucket: entry.bucket, ...(region ? { region } : {}) });
  }
  return listed;
}

function stateOf(route: Route): RouteState {
  return { bucket: route.bucket ?? "", ...(route.region ? { region: route.region } : {}), ...(route.trafficDialPercentage !== undefined ? { dial: route.trafficDialPercentage } : {}) };
}

function snapshot(mrap: LiveMrap | undefined, routes: readonly Route[] | undefined): LiveSnapshot {
  return {
    exists: mrap !== undefined,
    ...(mrap?.status ? { status: mrap.status } : {}),
    ...(mrap?.alias ? { alias: mrap.alias } : {}),
    ...(routes ? { state: canonicalRoutes(routes.map(stateOf)) } : {}),
  };
}

/** The guarded steps for one SubmitMultiRegionAccessPointRoutes (`Mrap` is the ARN with the alias). */
export function submitRoutesSteps(input: SubmitMultiRegionAccessPointRoutesCommandInput): GuardedSteps {
  const accountId = requiredString(OPERATION, input?.AccountId, "/AccountId");
  const arn = input.Mrap;
  if (typeof arn !== "string" || arn === "") throw new GuardInputError(OPERATION, "/Mrap", "is required: the Multi-Region Access Point ARN, arn:aws:s3::ACCOUNT:accesspoint/ALIAS");
  // AWS answers an invalid ARN with a bare HTTP 400, so it is said here, before anything is read:
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/mrap-failover-errors.html
  const parsed = parseMrapArn(arn);
  if (!parsed) throw new GuardInputError(OPERATION, "/Mrap", `"${arn}" is not a Multi-Region Access Point ARN: use arn:aws:s3::ACCOUNT:accesspoint/ALIAS (no Region, the alias not the name)`);
  if (parsed.accountId !== accountId) throw new GuardInputError(OPERATION, "/Mrap", `names account ${parsed.accountId}, but AccountId is ${accountId}`);
  const { alias } = parsed;
  const updates = readUpdates(input);
  /** The routes each plan expects to read back once the update is applied (only those with a known dial). */
  const expected = new WeakMap<Plan, RouteState[]>();

  const readLive = async (session: Session) => {
    const mrap = await session.control.findByAlias(accountId, alias);
    const routes = mrap?.status === "READY" ? await session.control.getRoutes(accountId, arn) : undefined;
    return { mrap, routes };
  };

  return {
    operation: OPERATION,
    accountId,
    name: alias,

    async plan(session) {
      const { mrap, routes } = await readLive(session);
      const base = { operation: OPERATION, accountId, name: mrap?.name || alias, arn, live: snapshot(mrap, routes) } as const;
      if (!mrap) {
        const hint = alias.endsWith(".mrap") ? "" : " The ARN takes the alias (it ends in .mrap), not the name.";
        const refusal = `No Multi-Region Access Point has the alias ${alias} in account ${accountId} (ListMultiRegionAccessPoints).${hint}`;
        return { ...base, changes: true, findings: [], blocking: [], refusals: [refusal], notes: [] };
      }
      if (!routes) {
        const refusal = `The Multi-Region Access Point ${mrap.name} is ${mrap.status ?? "in an unknown state"}; change routes only on a READY one.`;
        return { ...base, changes: true, findings: [], blocking: [], refusals: [refusal], notes: [] };
      }
      // Each bucket's Region as the MRAP's own report (ListMultiRegionAccessPoints) or the routes name it;
      // HeadBucket only for a bucket neither names, and a failed read leaves that Region unknown, never the plan.
      const regions = new Map<string, string>();
      for (const entry of mrap.regions) if (entry.region) regions.set(entry.bucket, entry.region);
      for (const route of routes) if (route.bucket && route.region && !regions.has(route.bucket)) regions.set(route.bucket, route.region);
      const notes: string[] = [];
      await Promise.all(
        mrap.regions
          .filter((entry) => !regions.has(entry.bucket))
          .map(async (entry) => {
            try {
              const location = await session.live.getBucketRegion({ bucket: entry.bucket, ...(entry.bucketAccountId ? { expectedOwner: entry.bucketAccountId } : {}) });
              if ("region" in location) regions.set(entry.bucket, location.region);
              else notes.push(`The Region of bucket ${entry.bucket} is unknown (${location.missing}).`);
            } catch (error) {
              notes.push(`The Region of bucket ${entry.bucket} is unknown (${error instanceof Error ? error.message : String(error)}).`);
            }
          }),
      );
      const current = routeStates(routes, mrap, regions);
      const after = mergeRoutes(current, updates);
      const validation = await validate({
        manifest: {
          AccountId: accountId,
          MultiRegionAccessPoint: {
            Name: mrap.name,
            ...(mrap.publicAccessBlock ? { PublicAccessBlock: mrap.publicAccessBlock } : {}),
            Regions: mrap.regions.map((entry) => ({
              Bucket: entry.bucket,
              ...(regions.has(entry.bucket) ? { Region: regions.get(entry.bucket) } : {}),
              ...(entry.bucketAccountId ? { BucketAccountId: entry.bucketAccountId } : {}),
            })),
            Routes: updates.map((update) => ({
              ...(update.bucket !== undefined ? { Bucket: update.bucket } : {}),
              ...(update.region !== undefined ? { Region: update.region } : {}),
              TrafficDialPercentage: update.dial,
            })),
          },
        },
        fileName: `${OPERATION}.mrap.json`,
        cwd: session.cwd,
        config: session.config,
        rules: session.engine.rules,
      });
      // mrap/route-active can only warn that unnamed Regions keep their live dial; the merged routes above
      // settle it (refused below when none stays active), so that warning is not repeated.
      const findings = validation.findings.filter((f) => !(f.ruleId === "mrap/route-active" && f.messageId === "allListedPassive"));
      const refusals: string[] = [];
      if (mrap.regions.length < 2) {
        refusals.push('The Multi-Region Access Point has only one Region; AWS rejects route changes on it with HTTP 405 ("You must select two Regions before you can initiate failover").');
      }
      if (validation.blocking.length > 0) {
        const rules = [...new Set(validation.blocking.map((finding) => finding.ruleId))];
        refusals.push(`${validation.blocking.length} blocking finding(s) (${rules.join(", ")}).`);
      }
      // Not left to mrap/route-target (a rule the config can turn off): an update that addresses no route would
      // change nothing here, and the plan would call it "no change" while AWS answers it otherwise.
      updates.forEach((update, index) => {
        if (current.some((route) => updateCovers(update, route))) return;
        const names = [update.bucket !== undefined ? `bucket ${update.bucket}` : undefined, update.region !== undefined ? `Region ${update.region}` : undefined].filter(Boolean).join(" in ");
        refusals.push(`RouteUpdates/${index} names ${names || "no bucket or Region"}, which is not a route of this Multi-Region Access Point as far as mrap-guard can tell (${describeRoutes(current)}).`);
      });
      if (after.length > 0 && after.every((route) => route.dial === 0)) {
        refusals.push(`After this update every route would be passive (${describeRoutes(after)}); AWS requires at least one active Region and answers InvalidRequest. Keep one route at 100.`);
      }
      const unchanged = current.every((route, index) => route.dial === after[index]!.dial);
      const plan: Plan = {
        ...base,
        before: routesText(current),
        after: routesText(after),
        changes: !unchanged,
        findings,
        blocking: validation.blocking,
        refusals,
        notes,
      };
      expected.set(plan, after.filter((route) => route.dial !== undefined));
      return plan;
    },

    async reread(session) {
      const { mrap, routes } = await readLive(session);
      return snapshot(mrap, routes);
    },

    async execute(session, plan, time) {
      const desired = expected.get(plan);
      if (!desired) throw new Error(`${OPERATION}: execute() was given a plan these steps did not make`);
      const readRoutes = async (): Promise<RouteState[]> => (await session.control.getRoutes(accountId, arn)).map(stateOf);
      try {
        await sendOnce(session, () => session.control.submitRoutes({ AccountId: accountId, Mrap: arn, RouteUpdates: input.RouteUpdates }), async () => routesMatch(await readRoutes(), desired));
      } catch (error) {
        if (!(error instanceof ServiceError)) throw error;
        return notSent(plan, error, readRoutes);
      }
      const readBack = time.fresh();
      const settled = await waitUntil(readRoutes, (now) => routesMatch(now, desired), readBack);
      if (!settled.ok) {
        return result(
          plan,
          "applied-not-verified",
          `The route update was accepted, but after the ${time.seconds}-second timeout GetMultiRegionAccessPointRoutes still shows ${describeRoutes(settled.value)} instead of ${describeRoutes(desired)}; AWS documents that route changes can take up to 2 minutes. Check again later.`,
        );
      }
      return result(plan, "applied-and-verified", `Applied and verified: the routes read back are ${describeRoutes(settled.value)}.`);
    },
  };
}

async function notSent(plan: Plan, error: ServiceError, readRoutes: () => Promise<RouteState[]>): Promise<GuardResult> {
  const details = { error: errorDetails(error) };
  let still: string;
  try {
    const now = await readRoutes();
    still = canonicalRoutes(now) === plan.live.state ? "the routes are still the old ones" : `the routes are now ${describeRoutes(now)}`;
  } catch {
    still = "the routes could not be read back";
  }
  const request = error.requestId ? ` (request id ${error.requestId})` : "";
  const message =
    error.httpStatus === 409
      ? `another route update for this Multi-Region Access Point was in progress (HTTP 409): ${error.message}${request}; ${still}. Wait for it to finish, then plan again.`
      : error.httpStatus === 405
        ? `AWS allows failover only on a Multi-Region Access Point with at least two Regions (HTTP 405): ${error.message}${request}; ${still}.`
        : `${error.retryable ? `${OPERATION} kept failing` : "AWS rejected the route update"}: ${error.message}${request}; ${still}.`;
  return result(plan, "failed", `Not applied: ${message}`, details);
}
