import type { JsonValue } from "../document/index.js";
import type { DocumentKind } from "./types.js";

export type KindGuess = { kind: DocumentKind } | { kind: undefined; reason: string; policyLike: boolean };

const MANIFEST_NAME = /\.mrap\.(json|ya?ml)$/i;

/**
 * Kind from content first (a manifest's top-level keys, a policy's Resource ARNs), then the file name: a
 * `*.mrap.yaml` that holds a policy is a policy, and one that holds anything else is a broken manifest.
 */
export function inferKind(path: string, value: JsonValue | undefined): KindGuess {
  const named = MANIFEST_NAME.test(path);
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return named ? { kind: "manifest" } : { kind: undefined, reason: "the top level is not an object", policyLike: false };
  }
  if ("MultiRegionAccessPoint" in value || "AccessPoints" in value) return { kind: "manifest" };
  if (!("Statement" in value)) {
    return named ? { kind: "manifest" } : { kind: undefined, reason: "it has neither a manifest's keys nor a policy's Statement", policyLike: "Version" in value };
  }
  const kinds = new Set<DocumentKind>();
  for (const arn of resourceArns(value["Statement"])) {
    const kind = kindOfArn(arn);
    if (kind) kinds.add(kind);
  }
  if (kinds.size === 1) return { kind: [...kinds][0]! };
  if (kinds.size === 0) return { kind: undefined, reason: "no Resource ARN names an MRAP, an access point or a bucket", policyLike: true };
  return { kind: undefined, reason: `its Resource ARNs name different kinds (${[...kinds].sort().join(", ")})`, policyLike: true };
}

export function kindOfArn(arn: string): DocumentKind | undefined {
  const match = /^arn:[^:]+:s3:([^:]*):([^:]*):(.*)$/.exec(arn);
  if (!match) return undefined;
  const [, region, account, resource] = match;
  if (resource!.startsWith("accesspoint/")) return region === "" ? "mrap-policy" : "access-point-policy";
  if (region === "" && account === "") return "bucket-policy";
  return undefined;
}

function* resourceArns(statement: JsonValue | undefined): Generator<string> {
  const statements = Array.isArray(statement) ? statement : [statement];
  for (const s of statements) {
    if (s === null || typeof s !== "object" || Array.isArray(s)) continue;
    for (const key of ["Resource", "NotResource"]) {
      const resource = s[key];
      const list = Array.isArray(resource) ? resource : [resource];
      for (const item of list) if (typeof item === "string") yield item;
    }
  }
}
