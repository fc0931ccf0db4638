/**
 * Terraform plan JSON (`terraform show -json plan.out`), read into one virtual manifest per
 * aws_s3control_multi_region_access_point. The format: https://developer.hashicorp.com/terraform/internals/json-format
 * (resource_changes[].change.after / after_unknown; planned_values.root_module.resources[] and child_modules).
 * Attributes as the AWS provider documents them (nested blocks are lists in the JSON):
 *   https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3control_multi_region_access_point
 *     (account_id; details[].name, details[].public_access_block[], details[].region[].bucket/bucket_account_id/region; alias)
 *   https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3control_multi_region_access_point_policy
 *     (details[].name, details[].policy)
 *   https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_policy (bucket, policy)
 *   https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_access_point
 *     (bucket, name, account_id, policy, public_access_block_configuration)
 *   https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3control_access_point_policy
 *     (access_point_arn, policy)
 * A value unknown until apply (after_unknown true) is listed as unresolved and left out of the manifest.
 */
import type { JsonValue } from "../document/index.js";
import { joinPointer, MAX_DEPTH } from "../document/index.js";
import { isObject, type JsonObject } from "../iam/json-fields.js";
import { MrapIndex, OriginMap, virtualManifest, type InputReading, type Unresolved, type VirtualManifest } from "./virtual-manifest.js";

/** Resources read from one plan (a bound for hostile input). */
export const MAX_PLAN_RESOURCES = 100_000;

const TYPES = new Set([
  "aws_s3control_multi_region_access_point",
  "aws_s3control_multi_region_access_point_policy",
  "aws_s3_bucket_policy",
  "aws_s3control_access_point_policy",
  "aws_s3_access_point",
]);

export function isTerraformPlan(value: JsonValue | undefined): boolean {
  return isObject(value) && typeof value["format_version"] === "string" && (Array.isArray(value["resource_changes"]) || isObject(value["planned_values"]) || isObject(value["values"]));
}

interface PlanResource {
  address: string;
  type: string;
  /** The resource's attribute object, and where it sits. */
  values: JsonObject;
  pointer: string;
  unknown: JsonValue | undefined;
  unknownPointer: string;
}

function own(value: JsonValue | undefined, key: string): JsonValue | undefined {
  return isObject(value) && Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined;
}

function collect(plan: JsonObject): PlanResource[] {
  const out: PlanResource[] = [];
  const seen = new Set<string>();
  const changes = plan["resource_changes"];
  if (Array.isArray(changes)) {
    for (let i = 0; i < changes.length && out.length < MAX_PLAN_RESOURCES; i++) {
      const change = changes[i];
      const type = own(change, "type");
      const address = own(change, "address");
      if (typeof type !== "string" || !TYPES.has(type) || typeof address !== "string" || own(change, "mode") === "data") continue;
      const body = own(change, "change");
      const after = own(body, "after");
      seen.add(address);
      // A resource being deleted has no after: nothing of it remains to check.
      if (!isObject(after)) continue;
      const base = `/resource_changes/${i}/change`;
      out.push({ address, type, values: after, pointer: `${base}/after`, unknown: own(body, "after_unknown"), unknownPointer: `${base}/after_unknown` });
    }
  }
  // Resources with no change entry (a state, or planned_values alone), through child modules, depth-bounded.
  const walk = (module: JsonValue | undefined, pointer: string, depth: number): void => {
    if (!isObject(module) || depth > MAX_DEPTH) return;
    const resources = module["resources"];
    if (Array.isArray(resources)) {
      for (let i = 0; i < resources.length && out.length < MAX_PLAN_RESOURCES; i++) {
        const r = resources[i];
        const type = own(r, "type");
        const address = own(r, "address");
        const values = own(r, "values");
        if (typeof type !== "string" || !TYPES.has(type) || typeof address !== "string" || seen.has(address) || !isObject(values) || own(r, "mode") === "data") continue;
        seen.add(address);
        out.push({ address, type, values, pointer: `${pointer}/resources/${i}/values`, unknown: undefined, unknownPointer: "" });
      }
    }
    const children = module["child_modules"];
    if (Array.isArray(children)) for (let i = 0; i < children.length; i++) walk(children[i], `${pointer}/child_modules/${i}`, depth + 1);
  };
  walk(own(plan["planned_values"], "root_module"), "/planned_values/root_module", 0);
  walk(own(plan["values"], "root_module"), "/values/root_module", 0);
  return out;
}

/** A path into a resource's values: its value, its source pointer, and whether after_unknown marks it unknown. */
class Reader {
  constructor(readonly resource: PlanResource) {}

  get(path: (string | number)[]): { value: JsonValue | undefined; pointer: string; unknown: boolean } {
    let value: JsonValue | undefined = this.resource.values;
    let unknown: JsonValue | undefined = this.resource.unknown;
    for (const segment of path) {
      if (unknown === true) break;
      value = typeof segment === "number" ? (Array.isArray(value) ? value[segment] : undefined) : own(value, segment);
      unknown = typeof segment === "number" ? (Array.isArray(unknown) ? unknown[segment] : undefined) : own(unknown, segment);
    }
    return { value: unknown === true ? undefined : value, pointer: joinPointer(this.resource.pointer, ...path), unknown: unknown === true };
  }

  /** A string attribute; an unknown one is recorded as unresolved at `at`. */
  string(path: (string | number)[], at: string, unresolved: Unresolved[]): string | undefined {
    const got = this.get(path);
    if (got.unknown) unresolved.push({ pointer: joinPointer(this.resource.unknownPointer, ...path), at, reason: `${this.resource.address}: ${path.join(".")} is known only after apply`, expression: "after_unknown" });
    return typeof got.value === "string" ? got.value : undefined;
  }
}

/** A policy: a JSON string (kept as the manifest's JSON-string form), or unknown until apply. */
function policyOf(reader: Reader, path: (string | number)[], at: string, unresolved: Unresolved[], origins: OriginMap): string | undefined {
  const text = reader.string(path, at, unresolved);
  if (text === undefined || text.trim() === "") return undefined;
  origins.map(at, joinPointer(reader.resource.pointer, ...path));
  return text;
}

const PAB: [string, string][] = [
  ["block_public_acls", "BlockPublicAcls"],
  ["ignore_public_acls", "IgnorePublicAcls"],
  ["block_public_policy", "BlockPublicPolicy"],
  ["restrict_public_buckets", "RestrictPublicBuckets"],
];

export function readTerraformPlan(value: JsonValue | undefined): InputReading | undefined {
  if (!isTerraformPlan(value) || !isObject(value)) return undefined;
  const resources = collect(value);
  const reading: InputReading = { format: "terraform-plan", manifests: [], detached: [] };
  const built: { manifest: VirtualManifest; name: string | undefined; buckets: Map<string, number>; origins: OriginMap; value: JsonObject }[] = [];

  for (const resource of resources) {
    if (resource.type !== "aws_s3control_multi_region_access_point") continue;
    const reader = new Reader(resource);
    const origins = new OriginMap(resource.pointer);
    const unresolved: Unresolved[] = [];
    const at = "/MultiRegionAccessPoint";
    const out: JsonObject = {};
    const manifestValue: JsonObject = {};
    origins.map("", resource.pointer);
    const account = reader.string(["account_id"], "/AccountId", unresolved);
    if (account !== undefined) {
      manifestValue["AccountId"] = account;
      origins.map("/AccountId", joinPointer(resource.pointer, "account_id"));
    }
    origins.map(at, joinPointer(resource.pointer, "details", 0));
    const name = reader.string(["details", 0, "name"], `${at}/Name`, unresolved);
    if (name !== undefined) {
      out["Name"] = name;
      origins.map(`${at}/Name`, joinPointer(resource.pointer, "details", 0, "name"));
    }
    const alias = reader.get(["alias"]);
    if (typeof alias.value === "string" && alias.value !== "") {
      out["Alias"] = alias.value;
      origins.map(`${at}/Alias`, alias.pointer);
    }
    const pab = reader.get(["details", 0, "public_access_block", 0]);
    if (isObject(pab.value)) {
      const block: JsonObject = {};
      for (const [from, to] of PAB) {
        const got = reader.get(["details", 0, "public_access_block", 0, from]);
        if (typeof got.value === "boolean") {
          block[to] = got.value;
          origins.map(`${at}/PublicAccessBlock/${to}`, got.pointer);
        } else if (got.unknown) unresolved.push({ pointer: got.pointer, at: `${at}/PublicAccessBlock/${to}`, reason: `${resource.address}: public_access_block.${from} is known only after apply`, expression: "after_unknown" });
      }
      out["PublicAccessBlock"] = block;
      origins.map(`${at}/PublicAccessBlock`, pab.pointer);
    } else if (pab.unknown) {
      unresolved.push({ pointer: pab.pointer, at: `${at}/PublicAccessBlock`, reason: `${resource.address}: public_access_block is known only after apply`, expression: "after_unknown" });
    }
    const regions: JsonValue[] = [];
    const buckets = new Map<string, number>();
    const listed = reader.get(["details", 0, "region"]);
    if (listed.unknown) unresolved.push({ pointer: listed.pointer, at: `${at}/Regions`, reason: `${resource.address}: details.region is known only after apply`, expression: "after_unknown" });
    if (Array.isArray(listed.value)) {
      origins.map(`${at}/Regions`, listed.pointer);
      for (let i = 0; i < listed.value.length; i++) {
        const ra = `${at}/Regions/${i}`;
        const entry: JsonObject = {};
        origins.map(ra, joinPointer(listed.pointer, i));
        for (const [from, to] of [["bucket", "Bucket"], ["bucket_account_id", "BucketAccountId"], ["region", "Region"]] as const) {
          const text = reader.string(["details", 0, "region", i, from], `${ra}/${to}`, unresolved);
          // The provider sets region (and an omitted bucket_account_id) to "" before the bucket is read.
          if (text !== undefined && text !== "") {
            entry[to] = text;
            origins.map(`${ra}/${to}`, joinPointer(listed.pointer, i, from));
          }
        }
        if (typeof entry["Bucket"] === "string") buckets.set(entry["Bucket"], i);
        regions.push(entry);
      }
    }
    out["Regions"] = regions;
    manifestValue["MultiRegionAccessPoint"] = out;
    const manifest = virtualManifest("terraform-plan", resource.address, manifestValue, origins, unresolved, [], []);
    built.push({ manifest, name, buckets, origins, value: manifestValue });
    reading.manifests.push(manifest);
  }

  const mraps = new MrapIndex(built);

  for (const resource of resources) {
    const reader = new Reader(resource);
    if (resource.type === "aws_s3control_multi_region_access_point_policy") {
      const scratch: Unresolved[] = [];
      const name = reader.string(["details", 0, "name"], "", scratch);
      const target = mraps.named(name);
      if (!target) {
        reading.detached.push(scratch[0] ?? { pointer: joinPointer(resource.pointer, "details", 0, "name"), at: "", reason: `${resource.address}: names no MRAP of the plan`, expression: String(name) });
        continue;
      }
      const policy = policyOf(reader, ["details", 0, "policy"], "/MultiRegionAccessPoint/Policy", target.manifest.unresolved, target.origins);
      if (policy !== undefined) (target.value["MultiRegionAccessPoint"] as JsonObject)["Policy"] = policy;
    } else if (resource.type === "aws_s3_bucket_policy") {
      const scratch: Unresolved[] = [];
      const bucket = reader.string(["bucket"], "", scratch);
      let attached = false;
      for (const target of mraps.withBucket(bucket)) {
        const index = target.buckets.get(bucket!)!;
        attached = true;
        const at = `/MultiRegionAccessPoint/Regions/${index}/BucketPolicy`;
        const policy = policyOf(reader, ["policy"], at, target.manifest.unresolved, target.origins);
        if (policy !== undefined) ((target.value["MultiRegionAccessPoint"] as JsonObject)["Regions"] as JsonObject[])[index]!["BucketPolicy"] = policy;
      }
      if (!attached) reading.detached.push(scratch[0] ?? { pointer: joinPointer(resource.pointer, "bucket"), at: "", reason: `${resource.address}: its bucket is in no MRAP of the plan`, expression: String(bucket) });
    }
  }

  // Access points (and standalone access point policies, tied by the access point's ARN).
  const points = new Map<string, { target: (typeof built)[number]; index: number }[]>();
  for (const resource of resources) {
    if (resource.type !== "aws_s3_access_point") continue;
    const reader = new Reader(resource);
    const scratch: Unresolved[] = [];
    const bucket = reader.string(["bucket"], "", scratch);
    let attached = false;
    for (const target of mraps.withBucket(bucket)) {
      attached = true;
      const list = (target.value["AccessPoints"] ??= []) as JsonObject[];
      const at = `/AccessPoints/${list.length}`;
      const point: JsonObject = { Bucket: bucket! };
      target.origins.map(at, resource.pointer);
      target.origins.map(`${at}/Bucket`, joinPointer(resource.pointer, "bucket"));
      for (const [from, to] of [["name", "Name"], ["account_id", "AccountId"], ["region", "Region"]] as const) {
        const text = reader.string([from], `${at}/${to}`, target.manifest.unresolved);
        if (text !== undefined && text !== "") {
          point[to] = text;
          target.origins.map(`${at}/${to}`, joinPointer(resource.pointer, from));
        }
      }
      const policy = policyOf(reader, ["policy"], `${at}/Policy`, [], target.origins);
      if (policy !== undefined) point["Policy"] = policy;
      for (const key of ["public_access_block_configuration", "vpc_configuration"]) {
        const got = reader.get([key]);
        if (Array.isArray(got.value) && got.value.length > 0) target.manifest.unmapped.push({ pointer: got.pointer, reason: `the manifest's access points have no ${key}` });
      }
      const arn = reader.get(["arn"]);
      if (typeof arn.value === "string") points.set(arn.value, [...(points.get(arn.value) ?? []), { target, index: list.length }]);
      list.push(point);
    }
    if (!attached) reading.detached.push(scratch[0] ?? { pointer: joinPointer(resource.pointer, "bucket"), at: "", reason: `${resource.address}: its bucket is in no MRAP of the plan`, expression: String(bucket) });
  }
  for (const resource of resources) {
    if (resource.type !== "aws_s3control_access_point_policy") continue;
    const reader = new Reader(resource);
    const scratch: Unresolved[] = [];
    const arn = reader.string(["access_point_arn"], "", scratch);
    const found = arn !== undefined ? points.get(arn) : undefined;
    if (!found) {
      reading.detached.push(scratch[0] ?? { pointer: joinPointer(resource.pointer, "access_point_arn"), at: "", reason: `${resource.address}: names no access point of the plan whose ARN is known`, expression: String(arn) });
      continue;
    }
    for (const { target, index } of found) {
      const at = `/AccessPoints/${index}/Policy`;
      const policy = policyOf(reader, ["policy"], at, target.manifest.unresolved, target.origins);
      if (policy !== undefined) ((target.value["AccessPoints"] as JsonObject[])[index]!)["Policy"] = policy;
    }
  }
  return reading;
}
