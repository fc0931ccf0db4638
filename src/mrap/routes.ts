import type { JsonValue } from "../document/index.js";
import { arrayField, field, isObject } from "../iam/json-fields.js";
import { memoised, mrapOf, routesOf, type RegionEntry, type RouteEntry } from "./manifest.js";

export interface RouteObject extends RouteEntry {
  /** The route has a `Bucket` key, whatever its type. */
  namesBucket: boolean;
  /** The route has a `Region` key, whatever its type. */
  namesRegion: boolean;
}

/** The routes that are objects (other entries are left to valid-schema), or undefined when Routes is not a list. */
export const routeObjectsOf: (manifest: JsonValue | undefined) => readonly RouteObject[] | undefined = memoised(readRouteObjects);

function readRouteObjects(manifest: JsonValue | undefined): RouteObject[] | undefined {
  const raw = arrayField(mrapOf(manifest), "Routes");
  const routes = routesOf(manifest);
  if (raw === undefined || routes === undefined) return undefined;
  return routes
    .filter((route) => isObject(raw[route.index]))
    .map((route) => ({
      ...route,
      namesBucket: field(raw[route.index], "Bucket") !== undefined,
      namesRegion: field(raw[route.index], "Region") !== undefined,
    }));
}

/** Whether a route addresses a Regions entry: by its bucket name, or else by the Region the manifest declares for it. */
export function routeCovers(route: RouteEntry, entry: RegionEntry): boolean {
  if (route.bucket !== undefined) return route.bucket === entry.bucket;
  return route.region !== undefined && route.region === entry.region;
}

/** A Regions entry for messages: `orders-use1 in us-east-1`, or the bucket alone when no Region is declared. */
export function describeEntry(entry: RegionEntry): string {
  const bucket = entry.bucket ?? `Regions[${entry.index}]`;
  return entry.region === undefined ? bucket : `${bucket} in ${entry.region}`;
}
