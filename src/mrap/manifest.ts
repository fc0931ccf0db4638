import type { JsonValue } from "../document/index.js";
import { arrayField, field, isObject, stringField, type JsonObject } from "../iam/json-fields.js";
import { RecentCache } from "../iam/recent-cache.js";

/** Typed, defensive views of a manifest: fields with the wrong type read as absent (valid-schema reports them). */

export interface RegionEntry {
  index: number;
  pointer: string;
  bucket: string | undefined;
  region: string | undefined;
  bucketAccountId: string | undefined;
  hasPolicy: boolean;
}

export interface RouteEntry {
  index: number;
  pointer: string;
  bucket: string | undefined;
  region: string | undefined;
  dial: number | undefined;
}

export interface AccessPointEntry {
  index: number;
  pointer: string;
  name: string | undefined;
  region: string | undefined;
  bucket: string | undefined;
  accountId: string | undefined;
}

export const MRAP = "/MultiRegionAccessPoint";

export function mrapOf(manifest: JsonValue | undefined): JsonObject | undefined {
  const mrap = field(manifest, "MultiRegionAccessPoint");
  return isObject(mrap) ? mrap : undefined;
}

export function ownerAccount(manifest: JsonValue | undefined): string | undefined {
  return stringField(manifest, "AccountId");
}

/**
 * Many rules read the same manifest's Regions and Routes: each view is built once per manifest value and shared,
 * so callers must not change it.
 */
export function memoised<T>(read: (manifest: JsonValue | undefined) => T): (manifest: JsonValue | undefined) => T {
  const views = new RecentCache<JsonObject, T>();
  return (manifest) => (isObject(manifest) ? views.get(manifest, read) : read(manifest));
}

export const regionsOf: (manifest: JsonValue | undefined) => readonly RegionEntry[] | undefined = memoised(readRegions);

function readRegions(manifest: JsonValue | undefined): RegionEntry[] | undefined {
  const regions = arrayField(mrapOf(manifest), "Regions");
  return regions?.map((entry, index) => ({
    index,
    pointer: `${MRAP}/Regions/${index}`,
    bucket: stringField(entry, "Bucket"),
    region: stringField(entry, "Region"),
    bucketAccountId: stringField(entry, "BucketAccountId"),
    hasPolicy: field(entry, "BucketPolicy") !== undefined,
  }));
}

export const routesOf: (manifest: JsonValue | undefined) => readonly RouteEntry[] | undefined = memoised(readRoutes);

function readRoutes(manifest: JsonValue | undefined): RouteEntry[] | undefined {
  const routes = arrayField(mrapOf(manifest), "Routes");
  return routes?.map((entry, index) => {
    const dial = field(entry, "TrafficDialPercentage");
    return {
      index,
      pointer: `${MRAP}/Routes/${index}`,
      bucket: stringField(entry, "Bucket"),
      region: stringField(entry, "Region"),
      dial: typeof dial === "number" ? dial : undefined,
    };
  });
}

export const accessPointsOf: (manifest: JsonValue | undefined) => readonly AccessPointEntry[] = memoised(readAccessPoints);

function readAccessPoints(manifest: JsonValue | undefined): AccessPointEntry[] {
  const list = arrayField(manifest, "AccessPoints") ?? [];
  return list.map((entry, index) => ({
    index,
    pointer: `/AccessPoints/${index}`,
    name: stringField(entry, "Name"),
    region: stringField(entry, "Region"),
    bucket: stringField(entry, "Bucket"),
    accountId: stringField(entry, "AccountId"),
  }));
}
