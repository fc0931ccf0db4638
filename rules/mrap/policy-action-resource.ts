import { defineRule, type DocumentKind, type RuleContext } from "../../src/engine/rule-kit.js";
import { s3Resource } from "../../src/mrap/s3-arn.js";
import { delegationOf } from "../../src/mrap/delegating-statements.js";
import { actionResourceTypes, expandAction } from "../../src/iam/service-reference.js";
import { mrapFacts } from "../../src/mrap/manifest-facts.js";
import { actionLevels, isS3Service, splitAction, type ActionLevel } from "../../src/mrap/s3-actions.js";
import { ACCESS_POINT_BARE, ACCESS_POINT_OBJECT, BUCKET_BARE, BUCKET_OBJECT, canMatch, canMatchBucket, mrapScope } from "../../src/mrap/resource-patterns.js";
import { policyModel, type Located, type StatementModel } from "../../src/iam/policy-model.js";
import { hasPolicyVariable, hasWildcard } from "../../src/iam/wildcard.js";

const OBJECT = "/object/";
const ACCESS_POINT = "accesspoint/";
const ACCOUNT_ID = /^\d{12}$/;

type PolicyKind = "mrap-policy" | "bucket-policy" | "access-point-policy";
type Scope = { bare: boolean; object: boolean };

/** How one kind of policy names what its actions act on. */
interface KindModel {
  /** What the bare ARN names, for messages. */
  thing: string;
  bareForm: string;
  objectForm: string;
  scope(resource: string): Scope;
  /** The object form to suggest for a bare resource, and the bare form for an object resource. */
  objectOf(bare: string): string;
  bareOf(object: string): string;
}

/** `…/accesspoint/NAME` from an object resource: the text before `/object/`, else before the first `/` after the name. */
function accessPointBareOf(resource: string): string {
  const object = resource.indexOf(OBJECT);
  if (object >= 0) return resource.slice(0, object);
  const start = resource.indexOf(ACCESS_POINT);
  const slash = start < 0 ? -1 : resource.indexOf("/", start + ACCESS_POINT.length);
  return slash < 0 ? resource : resource.slice(0, slash);
}

/** `arn:P:s3:::BUCKET` from an object resource `arn:P:s3:::BUCKET/KEY`. */
function bucketBareOf(resource: string): string {
  const start = resource.indexOf(":::");
  const slash = start < 0 ? -1 : resource.indexOf("/", start + 3);
  return slash < 0 ? resource : resource.slice(0, slash);
}

const KINDS: Readonly<Record<PolicyKind, KindModel>> = {
  "mrap-policy": {
    thing: "the MRAP",
    bareForm: "…/accesspoint/ALIAS",
    objectForm: "…/accesspoint/ALIAS/object/KEY",
    scope: mrapScope,
    objectOf: (bare) => `${bare}/object/*`,
    bareOf: accessPointBareOf,
  },
  "access-point-policy": {
    thing: "the access point",
    bareForm: "arn:aws:s3:REGION:ACCOUNT:accesspoint/NAME",
    objectForm: "arn:aws:s3:REGION:ACCOUNT:accesspoint/NAME/object/KEY",
    scope: (resource) => ({ bare: canMatch(resource, ACCESS_POINT_BARE), object: canMatch(resource, ACCESS_POINT_OBJECT) }),
    objectOf: (bare) => `${bare}/object/*`,
    bareOf: accessPointBareOf,
  },
  "bucket-policy": {
    thing: "the bucket",
    bareForm: "arn:aws:s3:::BUCKET",
    objectForm: "arn:aws:s3:::BUCKET/KEY",
    scope: (resource) => ({ bare: canMatch(resource, BUCKET_BARE), object: canMatch(resource, BUCKET_OBJECT) }),
    objectOf: (bare) => `${bare}/*`,
    bareOf: bucketBareOf,
  },
};

/**
 * The Service Authorization Reference's resource types, by the level they stand for in each kind of policy
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html#amazons3-resources-for-iam-policies).
 */
const TYPE_LEVELS: Readonly<Record<"bucket-policy" | "access-point-policy", Readonly<Record<string, ActionLevel>>>> = {
  "bucket-policy": { bucket: "bucket", object: "object" },
  "access-point-policy": { accesspoint: "bucket", accesspointobject: "object" },
};

/** Levels by kind and action element: policies repeat the same few actions. */
const levelsByAction = new Map<string, ReadonlySet<ActionLevel>>();

/** The levels an action element names: `*` both, S3 actions their own, anything else none. */
function levelsOf(kind: PolicyKind, action: string): ReadonlySet<ActionLevel> {
  const key = `${kind}\u0000${action}`;
  let levels = levelsByAction.get(key);
  if (!levels) {
    if (levelsByAction.size > 10_000) levelsByAction.clear();
    levelsByAction.set(key, (levels = findLevels(kind, action)));
  }
  return levels;
}

function findLevels(kind: PolicyKind, action: string): Set<ActionLevel> {
  if (action === "*") return new Set(["object", "bucket"]);
  const parts = splitAction(action);
  if (!parts || !isS3Service(parts.service)) return new Set();
  // Through an MRAP only the data-plane actions have a resource; the others are mrap/policy-action-supported's.
  if (kind === "mrap-policy") return actionLevels(parts.name);
  const types = TYPE_LEVELS[kind];
  const levels = new Set<ActionLevel>();
  for (const canonical of expandAction(`s3:${parts.name}`)) {
    for (const type of actionResourceTypes("s3", canonical.slice(3)) ?? []) {
      const level = types[type];
      if (level) levels.add(level);
    }
  }
  return levels;
}

interface LevelledAction extends Located<string> {
  levels: ReadonlySet<ActionLevel>;
}

type MessageId = "grantsNothingObjectActions" | "grantsNothingBucketActions" | "objectActionNeedsObjectResource" | "bucketActionNeedsMrapResource" | "otherBucket" | "mixedBuckets";
type Context = RuleContext<MessageId, Record<string, never>>;

export default defineRule<MessageId>({
  id: "mrap/policy-action-resource",
  meta: {
    type: "problem",
    docs: {
      description: "Require policy statements to pair object actions with object ARNs and bucket-level actions with the bare ARN, and bucket policies to name only their own bucket",
      recommended: true,
    },
    severity: "error",
    appliesTo: ["mrap-policy", "bucket-policy", "access-point-policy"],
    messages: {
      grantsNothingObjectActions:
        'This statement {{verb}} nothing: its actions ({{actions}}) act on objects, but its resources ({{resources}}) name only {{thing}} itself, and object requests match object ARNs of the form "{{objectForm}}". Add the object form, for example "{{suggestion}}".',
      grantsNothingBucketActions:
        'This statement {{verb}} nothing: its actions ({{actions}}) act on {{thing}} itself, not on objects, but its resources ({{resources}}) name only objects, and those actions match the bare ARN "{{bareForm}}"; add "{{suggestion}}".',
      objectActionNeedsObjectResource:
        'Action "{{action}}" acts on objects, but none of this statement\'s resources is an object ARN ("{{objectForm}}"), so the statement {{verb}} nothing for it. Add "{{suggestion}}" to Resource, or move the action to a statement that has one.',
      bucketActionNeedsMrapResource:
        'Action "{{action}}" acts on {{thing}} itself, not on objects, but none of this statement\'s resources is the bare ARN ("{{bareForm}}"), so the statement {{verb}} nothing for it. Add "{{suggestion}}" to Resource, or move the action to a statement that has it.',
      otherBucket:
        'Resource "{{resource}}" names bucket "{{name}}", but this is the policy of bucket "{{bucket}}": a bucket policy can name only its own bucket and its objects, and S3 rejects it ("Policy has invalid resource"). Use "{{expected}}" (or "{{expected}}/KEY"), or move the statement to the policy of bucket "{{name}}".',
      mixedBuckets:
        'Resource "{{resource}}" names bucket "{{name}}", but the other resources of this policy name bucket "{{bucket}}": a bucket policy can name only the bucket it is attached to, and S3 rejects one that names another ("Policy has invalid resource"). Name only the bucket this policy belongs to.',
    },
  },
  check(context) {
    const kind = policyKind(context.kind);
    if (!kind) return;
    const model = KINDS[kind];
    const statements = policyModel(context.value).statements;
    const foreign = kind === "bucket-policy" ? foreignResources(context, statements) : new Set<Located<string>>();
    for (const statement of statements) {
      // NotAction and NotResource invert the match, so "these actions need those resources" does not apply.
      if (!statement.action || !statement.resource) continue;
      // Only S3 actions with a resource type of this kind have a level; the others are other rules' to report.
      const actions: LevelledAction[] = [];
      for (const { value, pointer } of statement.action) {
        const levels = levelsOf(kind, value);
        if (levels.size > 0) actions.push({ value, pointer, levels });
      }
      if (actions.length === 0) continue;
      // Resources of another kind are the ARN rules' to report; those of another bucket are reported above.
      const resources: Located<string>[] = [];
      let bare: Located<string> | undefined;
      let object: Located<string> | undefined;
      for (const resource of statement.resource) {
        if (foreign.has(resource)) continue;
        const scope = model.scope(resource.value);
        if (!scope.bare && !scope.object) continue;
        resources.push(resource);
        if (scope.bare) bare ??= resource;
        if (scope.object) object ??= resource;
      }
      if (resources.length === 0) continue;
      const unserved = actions.filter((a) => !((a.levels.has("object") && object) || (a.levels.has("bucket") && bare)));
      if (unserved.length === 0) continue;
      const forms = { thing: model.thing, bareForm: model.bareForm, objectForm: model.objectForm };
      const verb = statement.effect === "Deny" ? "denies" : "grants";
      const objectSuggestion = bare ? model.objectOf(bare.value) : "";
      const bareSuggestion = object ? model.bareOf(object.value) : "";
      if (unserved.length === actions.length) {
        const data = { ...forms, verb, actions: actions.map((a) => a.value).join(", "), resources: resources.map((r) => r.value).join(", ") };
        // Every resource is of one kind and every action needs the other.
        if (!object) context.report({ messageId: "grantsNothingObjectActions", pointer: statement.pointer, data: { ...data, suggestion: objectSuggestion } });
        else context.report({ messageId: "grantsNothingBucketActions", pointer: statement.pointer, data: { ...data, suggestion: bareSuggestion } });
        continue;
      }
      for (const action of unserved) {
        if (!object) context.report({ messageId: "objectActionNeedsObjectResource", pointer: action.pointer, data: { ...forms, action: action.value, verb, suggestion: objectSuggestion } });
        else context.report({ messageId: "bucketActionNeedsMrapResource", pointer: action.pointer, data: { ...forms, action: action.value, verb, suggestion: bareSuggestion } });
      }
    }
  },
});

function policyKind(kind: DocumentKind): PolicyKind | undefined {
  return kind === "mrap-policy" || kind === "bucket-policy" || kind === "access-point-policy" ? kind : undefined;
}

/** The bucket this policy belongs to, when it is the BucketPolicy of a manifest's Regions entry. */
function ownBucket(context: Context): string | undefined {
  const role = context.target.role;
  if (role?.type !== "bucket") return undefined;
  return mrapFacts(context.manifest)?.regions[role.index]?.bucket;
}

interface BucketResource {
  resource: Located<string>;
  name: string;
  partition: string;
}

/**
 * Reports the bucket ARNs of a bucket policy that name another bucket, and returns them (they match nothing
 * this policy can grant). With the bucket known (a manifest's Regions entry), any bucket ARN that cannot match
 * it; without, the bucket names that differ from the one most resources name. Delegation statements are
 * mrap/delegation-scope's when it can judge them: always with the bucket known, and for an account id as the
 * bucket name.
 */
function foreignResources(context: Context, statements: readonly StatementModel[]): Set<Located<string>> {
  const bucket = ownBucket(context);
  const named: BucketResource[] = [];
  for (const statement of statements) {
    const delegation = delegationOf(statement) !== undefined;
    if (delegation && bucket !== undefined) continue;
    for (const resource of statement.resource ?? []) {
      const parsed = s3Resource(resource.value);
      if (parsed?.kind !== "bucket" || parsed.name === "") continue;
      if (delegation && ACCOUNT_ID.test(parsed.name)) continue;
      named.push({ resource, name: parsed.name, partition: parsed.arn.partition || "aws" });
    }
  }
  const foreign = new Set<Located<string>>();
  if (bucket !== undefined) {
    for (const { resource, name, partition } of named) {
      if (canMatchBucket(resource.value, bucket)) continue;
      foreign.add(resource);
      context.report({ messageId: "otherBucket", pointer: resource.pointer, data: { resource: resource.value, name, bucket, expected: `arn:${partition}:s3:::${bucket}` } });
    }
    return foreign;
  }
  // Without the bucket, only literal names can be compared.
  const literal = named.filter((n) => !hasWildcard(n.name) && !hasPolicyVariable(n.name));
  const counts = new Map<string, number>();
  for (const { name } of literal) counts.set(name, (counts.get(name) ?? 0) + 1);
  if (counts.size < 2) return foreign;
  // The most named bucket is taken as this policy's; on a tie, the first named.
  let reference = literal[0]!.name;
  for (const [name, count] of counts) if (count > counts.get(reference)!) reference = name;
  for (const { resource, name } of literal) {
    if (name === reference) continue;
    foreign.add(resource);
    context.report({ messageId: "mixedBuckets", pointer: resource.pointer, data: { resource: resource.value, name, bucket: reference } });
  }
  return foreign;
}
