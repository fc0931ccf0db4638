// GetMultiRegionAccessPointRoutes and SubmitMultiRegionAccessPointRoutes, which moto 5.2.1 does not serve,
// emulated as a fault-proxy interceptor (aws-facts.md §5.5). Usage:
//
//   const routes = emulateMrapRoutes(proxy);
//   const arn = routes.seed({ accountId, alias, routes: [{ Bucket: "orders-use1", Region: "us-east-1" }, …] });
//   … send the real commands to proxy.url …
//   routes.routes(arn); routes.calls;
//
// Faults queued on the proxy apply to these operations as to forwarded ones (throttle, error, stale, …).
import { GetMultiRegionAccessPointCommand } from "@aws-sdk/client-s3-control";
import type { S3ControlClient } from "@aws-sdk/client-s3-control";
import { escapeXml, s3ControlErrorXml } from "./fault-proxy.js";
import type { FaultProxy, InterceptedRequest, ProxyResponse } from "./fault-proxy.js";

export interface MrapRoute {
  Bucket: string;
  Region: string;
  TrafficDialPercentage: number;
}

/** A Route as sent in RouteUpdates: each field is optional on the wire. */
export interface RouteUpdate {
  Bucket?: string;
  Region?: string;
  TrafficDialPercentage?: number;
}

export type RoutesOperation = "GetMultiRegionAccessPointRoutes" | "SubmitMultiRegionAccessPointRoutes";

export interface RoutesCall {
  operation: RoutesOperation;
  /** The {mrap+} label, URL-decoded. */
  mrap: string;
  /** The {mrap+} label as it appeared in the path. */
  rawMrap: string;
  accountId: string | undefined;
  /** Submit only: the RouteUpdates parsed from the body. */
  updates?: RouteUpdate[];
  status: number;
  /** The error code answered, if any. */
  error?: string;
}

export interface SeedMrap {
  accountId: string;
  alias: string;
  /** TrafficDialPercentage defaults to 100 (active). */
  routes: { Bucket: string; Region: string; TrafficDialPercentage?: number }[];
  partition?: string;
}

export interface MrapRoutesEmulator {
  /** Every Get/Submit routes request that reached the emulator (not those answered by a fault). */
  readonly calls: RoutesCall[];
  /** Define (or replace) an MRAP's routes; returns its ARN. */
  seed(mrap: SeedMrap): string;
  /**
   * Seed from moto's GetMultiRegionAccessPoint: alias and buckets come from moto, Regions from `regions`
   * (bucket → Region), because moto reports every bucket in us-east-1. Returns the ARN.
   */
  seedFromMoto(
    control: S3ControlClient,
    options: { accountId: string; name: string; regions: Record<string, string>; dials?: Record<string, number>; partition?: string },
  ): Promise<string>;
  /** A copy of the MRAP's current routes, or undefined for an unknown ARN. */
  routes(arn: string): MrapRoute[] | undefined;
  /** Forget every MRAP and the call log. */
  clear(): void;
  /** Stop intercepting (the routes operations then go on to the target again). */
  detach(): void;
}

export function mrapArn(accountId: string, alias: string, partition = "aws"): string {
  return `arn:${partition}:s3::${accountId}:accesspoint/${alias}`;
}

const NAMESPACE = "http://awss3control.amazonaws.com/doc/2018-08-20/";
const ROUTES_PATH = /^\/v20180820\/mrap\/instances\/(.+)\/routes$/;

class RoutesError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const unescapeXml = (s: string): string =>
  s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, entity: string) => {
    const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
    const lower = entity.toLowerCase();
    if (lower.startsWith("#x")) return String.fromCodePoint(parseInt(lower.slice(2), 16));
    if (lower.startsWith("#")) return String.fromCodePoint(parseInt(lower.slice(1), 10));
    return named[lower] ?? "";
  });

function element(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  return match?.[1] === undefined ? undefined : unescapeXml(match[1]);
}

function parseRouteUpdates(xml: string): RouteUpdate[] {
  const list = /<RouteUpdates>([\s\S]*)<\/RouteUpdates>|<RouteUpdates\s*\/>/.exec(xml);
  if (!list) throw new RoutesError(400, "MalformedXML", "The request body has no RouteUpdates.");
  return [...(list[1] ?? "").matchAll(/<Route>([\s\S]*?)<\/Route>/g)].map(([, route = ""]) => {
    const update: RouteUpdate = {};
    const bucket = element(route, "Bucket");
    const region = element(route, "Region");
    const dial = element(route, "TrafficDialPercentage");
    if (bucket !== undefined) update.Bucket = bucket;
    if (region !== undefined) update.Region = region;
    if (dial !== undefined) update.TrafficDialPercentage = /^-?\d+$/.test(dial.trim()) ? Number(dial) : Number.NaN;
    return update;
  });
}

function applyUpdates(current: MrapRoute[], updates: RouteUpdate[]): MrapRoute[] {
  if (updates.length === 0) throw new RoutesError(400, "InvalidRequest", "RouteUpdates must name at least one route.");
  if (current.length < 2) {
    throw new RoutesError(405, "MethodNotAllowed", "You must select two Regions before you can initiate failover.");
  }
  const next = current.map((route) => ({ ...route }));
  for (const update of updates) {
    const dial = update.TrafficDialPercentage;
    if (dial === undefined || !Number.isInteger(dial) || dial < 0 || dial > 100) {
      throw new RoutesError(400, "InvalidRequest", "TrafficDialPercentage must be an integer from 0 to 100.");
    }
    if (update.Bucket === undefined && update.Region === undefined) {
      throw new RoutesError(400, "InvalidRequest", "Either the Bucket or the Region value must be provided.");
    }
    const route = next.find((r) => (update.Region === undefined || r.Region === update.Region) && (update.Bucket === undefined || r.Bucket === update.Bucket));
    if (!route) {
      const what = [update.Bucket, update.Region].filter((v) => v !== undefined).join(" in ");
      throw new RoutesError(400, "InvalidRequest", `The Multi-Region Access Point has no route for ${what}.`);
    }
    route.TrafficDialPercentage = dial;
  }
  if (next.every((route) => route.TrafficDialPercentage === 0)) {
    throw new RoutesError(400, "InvalidRequest", "At least one Region must be active.");
  }
  return next;
}

function routesXml(arn: string, routes: MrapRoute[]): string {
  const items = routes
    .map((r) => `<Route><Bucket>${escapeXml(r.Bucket)}</Bucket><Region>${escapeXml(r.Region)}</Region><TrafficDialPercentage>${r.TrafficDialPercentage}</TrafficDialPercentage></Route>`)
    .join("");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<GetMultiRegionAccessPointRoutesResult xmlns="${NAMESPACE}"><Mrap>${escapeXml(arn)}</Mrap><Routes>${items}</Routes></GetMultiRegionAccessPointRoutesResult>`;
}

export function emulateMrapRoutes(proxy: FaultProxy): MrapRoutesEmulator {
  const state = new Map<string, MrapRoute[]>();
  const calls: RoutesCall[] = [];
  let counter = 0;

  const handle = (req: InterceptedRequest): ProxyResponse | undefined => {
    const operation = req.operation;
    if (operation !== "GetMultiRegionAccessPointRoutes" && operation !== "SubmitMultiRegionAccessPointRoutes") return undefined;
    const rawMrap = ROUTES_PATH.exec(new URL(req.path, "http://localhost").pathname)?.[1] ?? "";
    const accountHeader = req.headers["x-amz-account-id"];
    const call: RoutesCall = { operation, mrap: rawMrap, rawMrap, accountId: Array.isArray(accountHeader) ? accountHeader[0] : accountHeader, status: 200 };
    calls.push(call);
    const requestId = `mrap-routes-${++counter}`;
    const headers = { "content-type": "application/xml", "x-amz-request-id": requestId };
    try {
      try {
        call.mrap = decodeURIComponent(rawMrap);
      } catch {
        throw new RoutesError(400, "InvalidRequest", "The Multi-Region Access Point ARN is not valid.");
      }
      const updates = operation === "SubmitMultiRegionAccessPointRoutes" ? parseRouteUpdates(req.body.toString("utf8")) : undefined;
      if (updates) call.updates = updates;
      const current = state.get(call.mrap);
      // The failover-errors page documents only "HTTP 400 Bad Request" for an invalid, empty or random ARN,
      // not the error code; InvalidRequest is this emulation's choice.
      if (!current) throw new RoutesError(400, "InvalidRequest", `${call.mrap} is not a valid Multi-Region Access Point ARN.`);
      if (!updates) return { status: 200, headers, body: routesXml(call.mrap, current) };
      state.set(call.mrap, applyUpdates(current, updates));
      return { status: 200, headers, body: "" };
    } catch (error) {
      if (!(error instanceof RoutesError)) throw error;
      call.status = error.status;
      call.error = error.code;
      return { status: error.status, headers, body: s3ControlErrorXml(error.code, error.message, requestId) };
    }
  };

  const detach = proxy.intercept(handle);

  const seed = (mrap: SeedMrap): string => {
    const arn = mrapArn(mrap.accountId, mrap.alias, mrap.partition);
    state.set(
      arn,
      mrap.routes.map((r) => ({ Bucket: r.Bucket, Region: r.Region, TrafficDialPercentage: r.TrafficDialPercentage ?? 100 })),
    );
    return arn;
  };

  return {
    calls,
    seed,
    async seedFromMoto(control, options) {
      const live = await control.send(new GetMultiRegionAccessPointCommand({ AccountId: options.accountId, Name: options.name }));
      const alias = live.AccessPoint?.Alias;
      if (alias === undefined) throw new Error(`moto returned no alias for ${options.name}`);
      const routes = (live.AccessPoint?.Regions ?? []).map((region) => {
        const bucket = region.Bucket ?? "";
        const Region = options.regions[bucket];
        if (Region === undefined) throw new Error(`no Region given for bucket ${bucket} of ${options.name}`);
        const dial = options.dials?.[bucket];
        return dial === undefined ? { Bucket: bucket, Region } : { Bucket: bucket, Region, TrafficDialPercentage: dial };
      });
      const seeded: SeedMrap = { accountId: options.accountId, alias, routes };
      if (options.partition !== undefined) seeded.partition = options.partition;
      return seed(seeded);
    },
    routes: (arn) => state.get(arn)?.map((route) => ({ ...route })),
    clear() {
      state.clear();
      calls.length = 0;
    },
    detach,
  };
}
