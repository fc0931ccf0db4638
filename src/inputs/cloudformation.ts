/**
 * CloudFormation templates (JSON, or YAML, whose short forms such as `!Ref` the YAML parser reads as the long
 * forms) read into one virtual manifest per AWS::S3::MultiRegionAccessPoint. Resource properties as AWS documents them:
 *   https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-s3-multiregionaccesspoint.html
 *     (Name, PublicAccessBlockConfiguration, Regions [{Bucket, BucketAccountId}]; Fn::GetAtt Alias)
 *   https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-s3-multiregionaccesspointpolicy.html
 *     (MrapName, Policy; Ref returns the MRAP's name)
 *   https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-s3-accesspoint.html
 *     (Bucket, BucketAccountId, Name, Policy, PublicAccessBlockConfiguration, VpcConfiguration)
 *   https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-s3-bucketpolicy.html (Bucket, PolicyDocument)
 *   https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-s3-bucket.html (BucketName; Ref returns the name)
 * Intrinsics in long form (Ref, Fn::GetAtt, Fn::Sub, Fn::Join) are resolved where the template determines the value
 * (a literal, a Parameter's Default, a bucket's literal BucketName, an MRAP's name, an MRAP's alias as a placeholder);
 * everything else (pseudo parameters, other functions, parameters without Default) is listed as unresolved.
 */
import type { JsonValue } from "../document/index.js";
import { joinPointer, MAX_DEPTH } from "../document/index.js";
import { isObject, type JsonObject } from "../iam/json-fields.js";
import { aliasPlaceholder, MrapIndex, OriginMap, virtualManifest, type InputReading, type Placeholder, type UnknownReference, type Unmapped, type Unresolved, type VirtualManifest } from "./virtual-manifest.js";

/** Nodes one template's resolution may visit (a bound for hostile templates; a real one is far below it). */
export const MAX_RESOLVE_NODES = 500_000;

export function isCloudFormationTemplate(value: JsonValue | undefined): boolean {
  if (!isObject(value)) return false;
  if (Object.prototype.hasOwnProperty.call(value, "AWSTemplateFormatVersion")) return true;
  const resources = value["Resources"];
  if (!isObject(resources)) return false;
  for (const key in resources) {
    const type = own(resources[key], "Type");
    if (typeof type === "string" && type.startsWith("AWS::")) return true;
  }
  return false;
}

interface Resource {
  id: string;
  type: string;
  pointer: string;
  properties: JsonObject;
}

type Resolved = { ok: true; value: JsonValue } | { ok: false };

class Resolver {
  budget = MAX_RESOLVE_NODES;
  unresolved: Unresolved[] = [];
  placeholders: Placeholder[] = [];

  constructor(
    private readonly parameters: JsonObject,
    private readonly resources: Map<string, Resource>,
    private readonly aliases: Map<string, string>,
    /** Every resource id of the template, of any type. */
    private readonly allIds: ReadonlySet<string> = new Set(),
    /** Whether references to nothing are reported (not in a template with a Transform). */
    private readonly checked = false,
  ) {}

  private fail(pointer: string, at: string, reason: string, expression: JsonValue): Resolved {
    let text: string;
    try {
      text = JSON.stringify(expression);
    } catch {
      text = "(unprintable)";
    }
    this.unresolved.push({ pointer, at, reason, expression: text.length > 200 ? text.slice(0, 200) + "…" : text });
    return { ok: false };
  }

  /**
   * The bucket a bucket policy or access point names, when the template decides it. Only a probe for which MRAP
   * the resource belongs to: what cannot be resolved is reported once, as the resource's detachment, not on the MRAP.
   */
  bucketName(value: JsonValue | undefined, pointer: string): string | undefined {
    const before = this.unresolved.length;
    const got = this.resolve(value ?? null, pointer, "", false);
    this.unresolved.length = before;
    return got.ok && typeof got.value === "string" ? got.value : undefined;
  }

  /**
   * The value with intrinsics resolved. Inside policies (`text`), an unresolved part stays as `${…}` text, which the
   * policy rules treat like a policy variable; elsewhere an unresolved value is left out.
   */
  resolve(value: JsonValue, pointer: string, at: string, text: boolean, depth = 0): Resolved {
    if (--this.budget < 0) return this.fail(pointer, at, "the template is too large to resolve", "…");
    if (depth > MAX_DEPTH) return this.fail(pointer, at, "nested too deeply", "…");
    if (Array.isArray(value)) {
      const out: JsonValue[] = [];
      for (let i = 0; i < value.length; i++) {
        const item = this.resolve(value[i]!, joinPointer(pointer, i), joinPointer(at, i), text, depth + 1);
        if (item.ok) out.push(item.value);
      }
      return { ok: true, value: out };
    }
    if (!isObject(value)) return { ok: true, value };
    const keys = Object.keys(value);
    if (keys.length === 1 && (keys[0] === "Ref" || keys[0]!.startsWith("Fn::"))) {
      const result = this.intrinsic(keys[0]!, value[keys[0]!]!, pointer, at, depth);
      if (result.ok || !text) return result;
      const arg = value[keys[0]!]!;
      // An Fn::Sub keeps its own text, whose unresolved ${…} read like policy variables.
      if (keys[0] === "Fn::Sub" && typeof arg === "string") return { ok: true, value: arg };
      return { ok: true, value: "${" + describe(keys[0]!, arg) + "}" };
    }
    const out: JsonObject = {};
    for (const key of keys) {
      const item = this.resolve(value[key]!, joinPointer(pointer, key), joinPointer(at, key), text, depth + 1);
      if (item.ok) out[key] = item.value;
    }
    return { ok: true, value: out };
  }

  private intrinsic(name: string, arg: JsonValue, pointer: string, at: string, depth: number): Resolved {
    const inner = joinPointer(pointer, name);
    if (name === "Ref") return typeof arg === "string" ? this.ref(arg, pointer, at, { [name]: arg }) : this.fail(pointer, at, "Ref takes a name", { Ref: arg });
    if (name === "Fn::GetAtt") {
      const parts = typeof arg === "string" ? splitOnce(arg, ".") : Array.isArray(arg) && arg.length === 2 && typeof arg[0] === "string" && typeof arg[1] === "string" ? [arg[0], arg[1]] : undefined;
      if (!parts) return this.fail(pointer, at, "Fn::GetAtt takes [resource, attribute]", { [name]: arg });
      const alias = this.getAttAlias(parts[0]!, parts[1]!);
      return alias !== undefined ? { ok: true, value: alias } : this.fail(pointer, at, `the template does not determine ${parts[0]}.${parts[1]}`, { [name]: arg });
    }
    if (name === "Fn::Join") {
      if (!Array.isArray(arg) || arg.length !== 2 || typeof arg[0] !== "string" || !Array.isArray(arg[1])) return this.fail(pointer, at, "Fn::Join takes [delimiter, [values]]", { [name]: arg });
      const parts: string[] = [];
      const list = arg[1];
      for (let i = 0; i < list.length; i++) {
        const part = this.resolve(list[i]!, joinPointer(inner, 1, i), at, false, depth + 1);
        if (!part.ok) return { ok: false };
        if (typeof part.value !== "string") return this.fail(joinPointer(inner, 1, i), at, "Fn::Join joins strings", list[i]!);
        parts.push(part.value);
      }
      return { ok: true, value: parts.join(arg[0]) };
    }
    if (name === "Fn::Sub") {
      const template = typeof arg === "string" ? arg : Array.isArray(arg) && typeof arg[0] === "string" ? arg[0] : undefined;
      if (template === undefined) return this.fail(pointer, at, "Fn::Sub takes a string or [string, {variables}]", { [name]: arg });
      const variables = Array.isArray(arg) && isObject(arg[1]) ? arg[1] : {};
      let failed = false;
      const out = template.replace(/\$\{([^}]*)\}/g, (whole, variable: string) => {
        if (variable.startsWith("!")) return "${" + variable.slice(1) + "}";
        if (Object.prototype.hasOwnProperty.call(variables, variable)) {
          const given = this.resolve(variables[variable]!, joinPointer(inner, 1, variable), at, false, depth + 1);
          if (given.ok && typeof given.value === "string") return given.value;
          failed = true;
          return whole;
        }
        const dot = splitOnce(variable, ".");
        const got = dot ? this.getAttAlias(dot[0]!, dot[1]!) : this.refValue(variable);
        if (got !== undefined) return got;
        failed = true;
        this.fail(pointer, at, `the template does not determine \${${variable}}`, { [name]: arg });
        return whole;
      });
      return failed ? { ok: false } : { ok: true, value: out };
    }
    return this.fail(pointer, at, `${name} is not resolved offline`, { [name]: arg });
  }

  private ref(name: string, pointer: string, at: string, expression: JsonValue): Resolved {
    const value = this.refValue(name);
    if (value !== undefined) return { ok: true, value };
    if (name.startsWith("AWS::")) return this.fail(pointer, at, `the pseudo parameter ${name} is known only at deployment`, expression);
    if (this.resources.has(name) || this.allIds.has(name)) return this.fail(pointer, at, `the template does not determine what Ref ${name} returns`, expression);
    if (Object.prototype.hasOwnProperty.call(this.parameters, name)) return this.fail(pointer, at, `the parameter ${name} has no literal Default`, expression);
    const failed = this.fail(pointer, at, `${name} names no parameter or resource of the template`, expression);
    // Reported as template/unknown-reference, unless a Transform may define it (then it is only unresolved).
    if (this.checked) this.unresolved[this.unresolved.length - 1]!.broken = true;
    return failed;
  }

  /** What `Ref name` is, when the template says: a Parameter's literal Default, a bucket's or MRAP's literal name. */
  private refValue(name: string): string | undefined {
    const parameter = own(this.parameters, name);
    if (parameter !== undefined) {
      const given = own(parameter, "Default");
      return typeof given === "string" ? given : typeof given === "number" ? String(given) : undefined;
    }
    const resource = this.resources.get(name);
    if (!resource) return undefined;
    const key = resource.type === "AWS::S3::Bucket" ? "BucketName" : resource.type === "AWS::S3::MultiRegionAccessPoint" || resource.type === "AWS::S3::AccessPoint" ? "Name" : undefined;
    const literal = key ? resource.properties[key] : undefined;
    // One level only: a name that is itself a Ref is not followed, so Ref cycles cannot loop.
    return typeof literal === "string" ? literal : undefined;
  }

  private getAttAlias(id: string, attribute: string): string | undefined {
    if (attribute !== "Alias") return undefined;
    const alias = this.aliases.get(id);
    if (alias !== undefined && !this.placeholders.some((p) => p.value === alias)) this.placeholders.push({ value: alias, meaning: "mrap-alias", expression: `Fn::GetAtt ${id}.Alias` });
    return alias;
  }
}

function own(value: JsonValue | undefined, key: string): JsonValue | undefined {
  return isObject(value) && Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined;
}

function splitOnce(text: string, separator: string): [string, string] | undefined {
  const at = text.indexOf(separator);
  return at > 0 && at < text.length - 1 ? [text.slice(0, at), text.slice(at + 1)] : undefined;
}

function describe(name: string, arg: JsonValue): string {
  if (name === "Ref" && typeof arg === "string") return arg;
  if (name === "Fn::GetAtt" && Array.isArray(arg)) return arg.map(String).join(".");
  if (name === "Fn::GetAtt" && typeof arg === "string") return arg;
  return name;
}

const PAB_KEYS = ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"];

/** The MRAPs a template defines, each as a virtual manifest; undefined when the value is not a template. */
export function readCloudFormation(value: JsonValue | undefined): InputReading | undefined {
  if (!isCloudFormationTemplate(value) || !isObject(value)) return undefined;
  const template = value;
  const unknownReferences = referencesToNothing(template);
  const parameters = isObject(template["Parameters"]) ? template["Parameters"] : {};
  const resourcesValue = isObject(template["Resources"]) ? template["Resources"] : {};
  const resources = new Map<string, Resource>();
  const allIds = new Set(Object.keys(resourcesValue));
  for (const id in resourcesValue) {
    const entry = resourcesValue[id];
    const type = own(entry, "Type");
    if (typeof type !== "string" || !type.startsWith("AWS::S3::")) continue;
    const properties = own(entry, "Properties");
    resources.set(id, { id, type, pointer: joinPointer("/Resources", id), properties: isObject(properties) ? properties : {} });
  }
  const mraps = [...resources.values()].filter((r) => r.type === "AWS::S3::MultiRegionAccessPoint");
  const aliases = new Map(mraps.map((r, i) => [r.id, aliasPlaceholder(i)] as const));
  const reading: InputReading = { format: "cloudformation", manifests: [], detached: [], unknownReferences };
  const claimed = new Set<string>();
  const built: { manifest: VirtualManifest; resolver: Resolver; name: string | undefined; buckets: Map<string, number>; origins: OriginMap; value: JsonObject }[] = [];

  for (const mrap of mraps) {
    const resolver = new Resolver(parameters, resources, aliases, allIds, template["Transform"] === undefined);
    const origins = new OriginMap(mrap.pointer);
    const unmapped: Unmapped[] = [];
    const props = mrap.properties;
    const at = "/MultiRegionAccessPoint";
    const out: JsonObject = {};
    origins.map("", mrap.pointer);
    origins.map(at, mrap.pointer);
    const p = joinPointer(mrap.pointer, "Properties");
    let name: string | undefined;
    if (props["Name"] !== undefined) {
      const got = resolver.resolve(props["Name"], joinPointer(p, "Name"), `${at}/Name`, false);
      if (got.ok && typeof got.value === "string") {
        out["Name"] = name = got.value;
        origins.map(`${at}/Name`, joinPointer(p, "Name"));
      }
    } else {
      resolver.unresolved.push({ pointer: p, at: `${at}/Name`, reason: "without Name, CloudFormation generates the MRAP's name at deployment", expression: "" });
    }
    out["Alias"] = aliases.get(mrap.id)!;
    resolver.placeholders.push({ value: aliases.get(mrap.id)!, meaning: "mrap-alias", expression: `Fn::GetAtt ${mrap.id}.Alias` });
    origins.map(`${at}/Alias`, mrap.pointer);
    const pab = props["PublicAccessBlockConfiguration"];
    if (pab !== undefined) {
      const got = resolver.resolve(pab, joinPointer(p, "PublicAccessBlockConfiguration"), `${at}/PublicAccessBlock`, false);
      if (got.ok && isObject(got.value)) {
        const block: JsonObject = {};
        for (const key of PAB_KEYS) if (got.value[key] !== undefined) block[key] = got.value[key];
        out["PublicAccessBlock"] = block;
        origins.map(`${at}/PublicAccessBlock`, joinPointer(p, "PublicAccessBlockConfiguration"), true);
      }
    }
    const buckets = new Map<string, number>();
    const regions: JsonValue[] = [];
    const listed = props["Regions"];
    if (Array.isArray(listed)) {
      for (let i = 0; i < listed.length; i++) {
        const rp = joinPointer(p, "Regions", i);
        const ra = `${at}/Regions/${regions.length}`;
        const entry = listed[i]!;
        const region: JsonObject = {};
        origins.map(ra, rp);
        for (const key of ["Bucket", "BucketAccountId"]) {
          const given = own(entry, key);
          if (given === undefined) continue;
          const got = resolver.resolve(given, joinPointer(rp, key), `${ra}/${key}`, false);
          if (got.ok && typeof got.value === "string") {
            region[key] = got.value;
            origins.map(`${ra}/${key}`, joinPointer(rp, key));
          }
        }
        if (typeof region["Bucket"] === "string") buckets.set(region["Bucket"], regions.length);
        // The property has no Region: AWS reads it from the bucket (in the stack's Region, or wherever it was made).
        resolver.unresolved.push({ pointer: rp, at: `${ra}/Region`, reason: "a template does not give a bucket's Region: it is the Region the bucket is in", expression: "" });
        regions.push(region);
      }
      origins.map(`${at}/Regions`, joinPointer(p, "Regions"));
    } else if (listed !== undefined) {
      resolver.resolve(listed, joinPointer(p, "Regions"), `${at}/Regions`, false);
    }
    out["Regions"] = regions;
    const value: JsonObject = { MultiRegionAccessPoint: out };
    resolver.unresolved.push({ pointer: mrap.pointer, at: "/AccountId", reason: "the MRAP's owner is the stack's account, AWS::AccountId, so the checks that compare accounts (bucket delegation, the accounts in policy ARNs) were not made", expression: '{"Ref":"AWS::AccountId"}' });
    const manifest = virtualManifest("cloudformation", mrap.id, value, origins, resolver.unresolved, resolver.placeholders, unmapped);
    built.push({ manifest, resolver, name, buckets, origins, value });
    reading.manifests.push(manifest);
  }

  const byId = new Map(built.map((b) => [b.manifest.source, b] as const));
  const lookup = new MrapIndex(built);
  // Which bucket a bucket policy or access point names does not depend on the MRAP: one resolver probes it.
  const probe = new Resolver(parameters, resources, aliases, allIds);

  // MRAP policies: by MrapName (a literal, or Ref/Fn::GetAtt of the MRAP resolved to its name).
  for (const resource of resources.values()) {
    const p = joinPointer(resource.pointer, "Properties");
    if (resource.type === "AWS::S3::MultiRegionAccessPointPolicy") {
      const named = resource.properties["MrapName"];
      const refId = isObject(named) && typeof named["Ref"] === "string" ? named["Ref"] : undefined;
      const target = refId !== undefined ? byId.get(refId) : typeof named === "string" ? lookup.named(named) : undefined;
      if (!target) {
        reading.detached.push({ pointer: joinPointer(p, "MrapName"), at: "", reason: "this policy's MrapName names no MRAP the template defines with a known name", expression: safeText(named) });
        continue;
      }
      claimed.add(resource.id);
      const policy = resource.properties["Policy"];
      if (policy === undefined) continue;
      const got = target.resolver.resolve(policy, joinPointer(p, "Policy"), "/MultiRegionAccessPoint/Policy", true);
      if (got.ok) {
        (target.value["MultiRegionAccessPoint"] as JsonObject)["Policy"] = got.value;
        target.origins.map("/MultiRegionAccessPoint/Policy", joinPointer(p, "Policy"), true);
      }
    }
  }
  // The owner: the stack's account, unless the MRAP policy names the MRAP by an ARN with an account in it.
  for (const target of built) ownerFromPolicy(target.manifest, target.value, aliases.get(target.manifest.source)!, target.origins);

  // Bucket policies: by the bucket's name, onto the Regions entry of every MRAP that has the bucket.
  for (const resource of resources.values()) {
    if (resource.type !== "AWS::S3::BucketPolicy") continue;
    const p = joinPointer(resource.pointer, "Properties");
    let attached = false;
    const bucket = probe.bucketName(resource.properties["Bucket"], joinPointer(p, "Bucket"));
    for (const target of lookup.withBucket(bucket)) {
      const index = target.buckets.get(bucket!)!;
      attached = true;
      const policy = resource.properties["PolicyDocument"];
      if (policy === undefined) continue;
      const at = `/MultiRegionAccessPoint/Regions/${index}/BucketPolicy`;
      const doc = target.resolver.resolve(policy, joinPointer(p, "PolicyDocument"), at, true);
      if (doc.ok) {
        const regions = (target.value["MultiRegionAccessPoint"] as JsonObject)["Regions"] as JsonObject[];
        regions[index]!["BucketPolicy"] = doc.value;
        target.origins.map(at, joinPointer(p, "PolicyDocument"), true);
      }
    }
    if (!attached) reading.detached.push({ pointer: joinPointer(p, "Bucket"), at: "", reason: "this bucket policy's bucket is in no MRAP of the template (or its name is not known)", expression: safeText(resource.properties["Bucket"]) });
  }
  // Access points: onto the MRAPs that have their bucket.
  for (const resource of resources.values()) {
    if (resource.type !== "AWS::S3::AccessPoint") continue;
    const p = joinPointer(resource.pointer, "Properties");
    let attached = false;
    const bucket = probe.bucketName(resource.properties["Bucket"], joinPointer(p, "Bucket"));
    for (const target of lookup.withBucket(bucket)) {
      attached = true;
      const points = (target.value["AccessPoints"] ??= []) as JsonObject[];
      const at = `/AccessPoints/${points.length}`;
      const point: JsonObject = { Bucket: bucket! };
      target.origins.map(at, resource.pointer);
      target.origins.map(`${at}/Bucket`, joinPointer(p, "Bucket"));
      const named = resource.properties["Name"];
      if (named !== undefined) {
        const name = target.resolver.resolve(named, joinPointer(p, "Name"), `${at}/Name`, false);
        if (name.ok && typeof name.value === "string") {
          point["Name"] = name.value;
          target.origins.map(`${at}/Name`, joinPointer(p, "Name"));
        }
      } else {
        target.resolver.unresolved.push({ pointer: p, at: `${at}/Name`, reason: "without Name, CloudFormation generates the access point's name", expression: "" });
      }
      const account = resource.properties["BucketAccountId"];
      if (account !== undefined) target.manifest.unmapped.push({ pointer: joinPointer(p, "BucketAccountId"), reason: "the manifest's access points have no bucket account" });
      const policy = resource.properties["Policy"];
      if (policy !== undefined) {
        const doc = target.resolver.resolve(policy, joinPointer(p, "Policy"), `${at}/Policy`, true);
        if (doc.ok) {
          point["Policy"] = doc.value;
          target.origins.map(`${at}/Policy`, joinPointer(p, "Policy"), true);
        }
      }
      for (const key of ["PublicAccessBlockConfiguration", "VpcConfiguration"]) {
        if (resource.properties[key] !== undefined) target.manifest.unmapped.push({ pointer: joinPointer(p, key), reason: `the manifest's access points have no ${key}` });
      }
      points.push(point);
    }
    if (!attached) reading.detached.push({ pointer: joinPointer(p, "Bucket"), at: "", reason: "this access point's bucket is in no MRAP of the template (or its name is not known)", expression: safeText(resource.properties["Bucket"]) });
  }
  return reading;
}

/**
 * An MRAP's ARN holds its owner's account (arn:aws:s3::ACCOUNT:accesspoint/ALIAS), so an MRAP policy whose
 * Resources name this MRAP (`${Mrap.Alias}`) with one account says who owns it: that account is the manifest's
 * AccountId, located on the first such Resource. With none, or with several, the owner stays unresolved.
 */
function ownerFromPolicy(manifest: VirtualManifest, value: JsonObject, alias: string, origins: OriginMap): void {
  const policy = own(own(value, "MultiRegionAccessPoint"), "Policy");
  const statements = own(policy, "Statement");
  const accounts = new Map<string, string>();
  (Array.isArray(statements) ? statements : [statements]).forEach((statement, i) => {
    for (const key of ["Resource", "NotResource"]) {
      const given = own(statement, key);
      const list = Array.isArray(given) ? given : [given];
      list.forEach((resource, j) => {
        if (typeof resource !== "string") return;
        const match = /^arn:[^:]+:s3::(\d{12}):accesspoint\/([^/]+)(\/|$)/.exec(resource);
        if (!match || match[2] !== alias || accounts.has(match[1]!)) return;
        const at = Array.isArray(statements) ? `/Statement/${i}` : "/Statement";
        accounts.set(match[1]!, `/MultiRegionAccessPoint/Policy${at}/${key}${Array.isArray(given) ? `/${j}` : ""}`);
      });
    }
  });
  if (accounts.size !== 1) return;
  const [[account, pointer]] = [...accounts] as [[string, string]];
  value["AccountId"] = account;
  origins.map("/AccountId", origins.origin(pointer));
  const unresolved = manifest.unresolved.findIndex((u) => u.at === "/AccountId");
  if (unresolved >= 0) manifest.unresolved.splice(unresolved, 1);
}

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html */
const PSEUDO_PARAMETERS = ["AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue", "AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix"];
const READ_TYPES = new Set(["AWS::S3::Bucket", "AWS::S3::BucketPolicy", "AWS::S3::MultiRegionAccessPoint", "AWS::S3::MultiRegionAccessPointPolicy", "AWS::S3::AccessPoint"]);

/**
 * The Refs, Fn::GetAtts and Fn::Sub variables in the resources mrap-guard reads that name no parameter, resource
 * or pseudo parameter of the template: CloudFormation refuses such a template. A template with a Transform is
 * not checked: a macro (AWS::Serverless, for one) adds resources and parameters that the template does not list.
 */
function referencesToNothing(template: JsonObject): UnknownReference[] {
  if (template["Transform"] !== undefined) return [];
  const parameters = isObject(template["Parameters"]) ? Object.keys(template["Parameters"]) : [];
  const resources = isObject(template["Resources"]) ? template["Resources"] : {};
  const ids = Object.keys(resources);
  const named = new Set([...parameters, ...ids, ...PSEUDO_PARAMETERS]);
  const resourceIds = new Set(ids);
  const everything = [...parameters, ...ids, ...PSEUDO_PARAMETERS];
  const out: UnknownReference[] = [];
  let budget = MAX_RESOLVE_NODES;
  const check = (name: string, pointer: string, resourceOnly: boolean) => {
    if ((resourceOnly ? resourceIds : named).has(name)) return;
    out.push({ pointer, name, known: resourceOnly ? ids : everything });
  };
  const walk = (value: JsonValue, pointer: string, depth: number): void => {
    if (--budget < 0 || depth > MAX_DEPTH || value === null || typeof value !== "object") return;
    if (Array.isArray(value)) return value.forEach((item, i) => walk(item, joinPointer(pointer, i), depth + 1));
    const keys = Object.keys(value);
    const only = keys.length === 1 ? keys[0]! : undefined;
    const arg = only !== undefined ? value[only]! : undefined;
    if (only === "Ref" && typeof arg === "string") return check(arg, pointer, false);
    if (only === "Fn::GetAtt") {
      const id = typeof arg === "string" ? arg.split(".")[0] : Array.isArray(arg) && typeof arg[0] === "string" ? arg[0] : undefined;
      if (id !== undefined) check(id, pointer, true);
    }
    if (only === "Fn::Sub") {
      const text = typeof arg === "string" ? arg : Array.isArray(arg) && typeof arg[0] === "string" ? arg[0] : undefined;
      const variables = Array.isArray(arg) && isObject(arg[1]) ? arg[1] : {};
      for (const [, variable] of (text ?? "").matchAll(/\$\{([^}]*)\}/g)) {
        if (variable!.startsWith("!") || Object.prototype.hasOwnProperty.call(variables, variable!)) continue;
        const dot = variable!.indexOf(".");
        check(dot > 0 && !variable!.startsWith("AWS::") ? variable!.slice(0, dot) : variable!, pointer, dot > 0 && !variable!.startsWith("AWS::"));
      }
    }
    for (const key of keys) walk(value[key]!, joinPointer(pointer, key), depth + 1);
  };
  for (const id of ids) {
    const type = own(resources[id], "Type");
    if (typeof type === "string" && READ_TYPES.has(type)) walk(own(resources[id], "Properties") ?? null, joinPointer("/Resources", id, "Properties"), 0);
  }
  return out;
}

function safeText(value: JsonValue | undefined): string {
  if (value === undefined) return "";
  try {
    const text = JSON.stringify(value);
    return text.length > 200 ? text.slice(0, 200) + "…" : text;
  } catch {
    return "(unprintable)";
  }
}
