/**
 * What an MRAP policy grants, translated to the underlying buckets, for the rules that compare it with the bucket
 * policies (mrap/bucket-delegation, mrap/bucket-consistency). A request through an MRAP must also be allowed by
 * the policy of the bucket it is routed to
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiRegionAccessPointPermissions.html).
 */
import { parseArn } from "../iam/arn.js";
import { mrapArn, s3Resource } from "./s3-arn.js";
import { decisionOf, evaluateAccess, type AccessRequest, type ContextValue, type Evaluation, type HeldCondition, type RequestPrincipal, type StatementMatch } from "../iam/evaluate-access.js";
import type { RegionEntry } from "./manifest.js";
import { mrapFacts } from "./manifest-facts.js";
import { MRAP_DATA_ACTIONS } from "./s3-actions.js";
import { actionsOf, policyModel, type PolicyModel, type StatementModel } from "../iam/policy-model.js";
import { RecentCache } from "../iam/recent-cache.js";
import type { DocumentView, ManifestView } from "./manifest-view.js";
import { actionMatches, hasPolicyVariable, hasWildcard, matchesWildcard } from "../iam/wildcard.js";

/**
 * IAM actions of the data-plane operations an MRAP serves that take the bucket ARN
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/MrapOperations.html).
 */
export const MRAP_BUCKET_ACTIONS: readonly string[] = MRAP_DATA_ACTIONS.filter((a) => a.level === "bucket").map((a) => `s3:${a.name}`);

/**
 * IAM actions of the data-plane operations an MRAP serves that take object ARNs
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/MrapOperations.html).
 */
export const MRAP_OBJECT_ACTIONS: readonly string[] = MRAP_DATA_ACTIONS.filter((a) => a.level === "object").map((a) => `s3:${a.name}`);

const DATA_ACTIONS = [...MRAP_OBJECT_ACTIONS, ...MRAP_BUCKET_ACTIONS];
const BUCKET_ACTIONS_LOWER: ReadonlySet<string> = new Set(MRAP_BUCKET_ACTIONS.map((a) => a.toLowerCase()));
/** Each data action by its name in lower case (the first, should two differ only in case). */
const DATA_ACTION_BY_LOWER: ReadonlyMap<string, string> = new Map([...DATA_ACTIONS].reverse().map((a) => [a.toLowerCase(), a]));
/** Control-plane actions are not routed to a bucket. */
const CONTROL_PLANE = /MultiRegionAccessPoint|^s3:ListAllMyBuckets$/i;
/** Stands in for the alias in the MRAP ARN when neither the manifest nor the MRAP policy names one. */
const STAND_IN_ALIAS = "unknown.mrap";

/** One (principal, action, resource) the MRAP policy allows. */
export interface MrapGrant {
  principal: RequestPrincipal;
  /** The principal as messages name it: an ARN, `account 111122223333`, `anyone ("*")`, `service x.amazonaws.com`. */
  principalLabel: string;
  /** The principal's account, when it has exactly one. */
  principalAccount: string | undefined;
  action: string;
  /** The object key pattern for an object action; undefined for a bucket-level action. */
  key: string | undefined;
  /** The action, with the key when it is not every key: `s3:GetObject on "reports/*"`. */
  what: string;
  /** The conditions of the MRAP statement that allows it: a request through the MRAP meets them. */
  holds: HeldCondition[];
  statement: StatementModel;
}

export interface UnderlyingBucket<T extends DocumentView = DocumentView> {
  entry: RegionEntry;
  bucket: string;
  /** BucketAccountId when given (and well formed), else the MRAP owner. */
  account: string;
  target: T;
  policy: PolicyModel;
  /** `orders-euw1 (eu-west-1)`, or the bucket alone when the manifest gives no Region. */
  place: string;
  /** Where requests are routed: the Region, or the bucket when the Region is not given. */
  routed: string;
}

export interface Delegation<T extends DocumentView = DocumentView> {
  owner: string;
  alias: string | undefined;
  partition: string;
  /** The MRAP ARN for messages (with `<alias>` when the alias is unknown). */
  arnText: string;
  /** The condition keys a request through this MRAP carries. */
  context: Readonly<Record<string, ContextValue>>;
  grants: MrapGrant[];
  /** The buckets whose policy the manifest gives; a bucket without one is unknown and left out. */
  buckets: UnderlyingBucket<T>[];
}

const ACCOUNT = /^\d{12}$/;

const delegations = new RecentCache<ManifestView, Delegation | undefined>();
const evaluations = new RecentCache<UnderlyingBucket, Map<MrapGrant, Evaluation>>();
const newGrantMap = (): Map<MrapGrant, Evaluation> => new Map();

/**
 * Undefined when the manifest lacks what the comparison needs: the owner account and an MRAP policy. Computed
 * once per manifest: mrap/bucket-delegation and mrap/bucket-consistency read the same analysis.
 */
export function delegationOf<T extends DocumentView>(manifest: ManifestView<T> | undefined): Delegation<T> | undefined {
  if (!manifest) return undefined;
  return delegations.get(manifest, analyse) as Delegation<T> | undefined;
}

function analyse(manifest: ManifestView): Delegation | undefined {
  const facts = mrapFacts(manifest);
  if (!manifest || !facts?.account || !manifest.mrapPolicy) return undefined;
  const owner = facts.account;
  const mrapPolicy = policyModel(manifest.mrapPolicy.value);
  const partition = partitionOf(mrapPolicy);
  const alias = facts.alias;
  const arnText = mrapArn(partition, owner, alias ?? "<alias>");
  const context: Record<string, ContextValue> = {
    "s3:DataAccessPointAccount": owner,
    "s3:DataAccessPointArn": alias
      ? mrapArn(partition, owner, alias)
      : {
          pattern: mrapArn(partition, owner, "*"),
          note: `the manifest gives no Alias, so an MRAP ARN of account ${owner} was taken to be this MRAP's`,
        },
    // MRAP requests need TLS 1.2 or later, so they always come over a secure transport:
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiRegionAccessPointRestrictions.html
    "aws:SecureTransport": "true",
  };
  const selfArn = mrapArn(partition, owner, alias ?? firstAlias(mrapPolicy, partition, owner) ?? STAND_IN_ALIAS);
  const grants = grantsOf(mrapPolicy, selfArn, context);
  const buckets: UnderlyingBucket[] = [];
  for (const entry of facts.regions) {
    const target = manifest.bucketPolicies.get(entry.index);
    if (entry.bucket === undefined || !target) continue;
    const account = entry.bucketAccountId !== undefined && ACCOUNT.test(entry.bucketAccountId) ? entry.bucketAccountId : owner;
    buckets.push({
      entry,
      bucket: entry.bucket,
      account,
      target,
      policy: policyModel(target.value),
      place: entry.region ? `${entry.bucket} (${entry.region})` : entry.bucket,
      routed: entry.region ?? entry.bucket,
    });
  }
  return { owner, alias, partition, arnText, context, grants, buckets };
}

/** The request a grant makes of a bucket when it is routed there. */
export function bucketRequest(delegation: Delegation, bucket: UnderlyingBucket, grant: MrapGrant): AccessRequest {
  const base = `arn:${delegation.partition}:s3:::${bucket.bucket}`;
  return {
    principal: grant.principal,
    action: grant.action,
    resource: grant.key === undefined ? base : `${base}/${grant.key}`,
    context: delegation.context,
    holds: grant.holds,
  };
}

export function evaluateGrant(delegation: Delegation, bucket: UnderlyingBucket, grant: MrapGrant): Evaluation {
  const byGrant = evaluations.get(bucket, newGrantMap);
  let evaluation = byGrant.get(grant);
  if (!evaluation) byGrant.set(grant, (evaluation = evaluateAccess(bucket.policy, bucketRequest(delegation, bucket, grant))));
  return evaluation;
}

/**
 * Whether a request for this grant routed to this bucket stays in one account: the MRAP owner owns the bucket
 * and the principal. The current docs say such requests need only the IAM policy; the 2023 docs said the
 * bucket policy too. Current: https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiRegionAccessPointPermissions.html
 * June 2023: https://github.com/awsdocs/amazon-s3-userguide/blob/16426628e80756dd4e0182e9b7a1f55899fdf617/doc_source/MultiRegionAccessPointPermissions.md
 */
export function isSameAccount(delegation: Delegation, bucket: UnderlyingBucket, grant: MrapGrant): boolean {
  return bucket.account === delegation.owner && grant.principalAccount === bucket.account;
}

/** `a`, `a and b`, `a, b and c`. */
export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)!}`;
}

// ---------------------------------------------------------------------------------------------------------

function partitionOf(policy: PolicyModel): string {
  for (const statement of policy.statements) {
    for (const item of statement.resource ?? []) {
      const resource = s3Resource(item.value);
      if (resource?.kind === "mrap" && /^[a-z-]+$/.test(resource.arn.partition)) return resource.arn.partition;
    }
  }
  return "aws";
}

function firstAlias(policy: PolicyModel, partition: string, owner: string): string | undefined {
  for (const statement of policy.statements) {
    for (const item of statement.resource ?? []) {
      const resource = s3Resource(item.value);
      if (resource?.kind !== "mrap" || resource.arn.partition !== partition || resource.arn.account !== owner) continue;
      if (resource.name !== "" && !hasWildcard(resource.name) && !hasPolicyVariable(resource.name)) return resource.name;
    }
  }
  return undefined;
}

function grantsOf(policy: PolicyModel, selfArn: string, context: Readonly<Record<string, ContextValue>>): MrapGrant[] {
  const grants = new Map<string, MrapGrant>();
  for (const statement of policy.statements) {
    // Allow with NotPrincipal or NotResource is left to other rules (policy/no-allow-not-principal…).
    if (statement.effect !== "Allow" || !statement.principal || !statement.resource) continue;
    const scope = scopeOf(statement.resource.map((r) => r.value), selfArn);
    if (!scope.bare && scope.keys.length === 0) continue;
    const holds = statement.conditions.map((c) => ({ operator: c.operator.text, key: c.key.value, values: c.texts }));
    for (const principal of principalsOf(statement)) {
      for (const action of dataActionsOf(statement)) {
        const bucketLevel = BUCKET_ACTIONS_LOWER.has(action.toLowerCase());
        const keys: (string | undefined)[] = bucketLevel ? (scope.bare ? [undefined] : []) : scope.keys;
        for (const key of keys) {
          const resource = key === undefined ? selfArn : `${selfArn}/object/${key}`;
          // Skip what the MRAP policy itself denies: such a request never reaches a bucket.
          if (decisionOf(policy, { principal: principal.principal, action, resource, context }) !== "allowed") continue;
          const id = `${principal.label}\0${action}\0${key ?? ""}`;
          const existing = grants.get(id);
          // Keep the least conditional statement that grants it.
          if (existing && (existing.holds.length === 0 || holds.length > 0)) continue;
          grants.set(id, {
            principal: principal.principal,
            principalLabel: principal.label,
            principalAccount: principal.account,
            action,
            key,
            what: key === undefined || key === "*" ? action : `${action} on "${key}"`,
            holds,
            statement,
          });
        }
      }
    }
  }
  return [...grants.values()];
}

/** Which parts of this MRAP the resources name: the MRAP itself (bucket-level actions) and object key patterns. */
function scopeOf(resources: readonly string[], selfArn: string): { bare: boolean; keys: string[] } {
  let bare = false;
  const keys: string[] = [];
  for (const text of resources) {
    if (matchesWildcard(text, selfArn)) bare = true;
    if (matchesWildcard(text, `${selfArn}/object/*`)) {
      if (!keys.includes("*")) keys.push("*");
      continue;
    }
    const at = text.indexOf("/object/");
    if (at < 0) continue;
    const key = text.slice(at + "/object/".length);
    if (key !== "" && matchesWildcard(text.slice(0, at), selfArn) && !keys.includes(key)) keys.push(key);
  }
  return { bare, keys };
}

interface GrantPrincipal {
  principal: RequestPrincipal;
  label: string;
  account: string | undefined;
}

function principalsOf(statement: StatementModel): GrantPrincipal[] {
  const element = statement.principal!;
  const anyone = element.anyone || element.entries.some((e) => e.type === "AWS" && e.value === "*");
  if (anyone) {
    // "*" narrowed by a fixed aws:PrincipalArn or aws:PrincipalAccount names those principals.
    const narrowed = fixedValues(statement, "aws:PrincipalArn") ?? fixedValues(statement, "aws:PrincipalAccount");
    const named = narrowed?.map(awsGrantPrincipal).filter((p): p is GrantPrincipal => p !== undefined);
    return named && named.length > 0 ? named : [{ principal: "*", label: 'anyone ("*")', account: undefined }];
  }
  const out: GrantPrincipal[] = [];
  for (const entry of element.entries) {
    if (entry.type === "Service") out.push({ principal: { service: entry.value }, label: `service ${entry.value}`, account: undefined });
    if (entry.type !== "AWS") continue;
    const principal = awsGrantPrincipal(entry.value);
    if (principal) out.push(principal);
  }
  return out;
}

function awsGrantPrincipal(text: string): GrantPrincipal | undefined {
  if (ACCOUNT.test(text)) return { principal: text, label: `account ${text}`, account: text };
  const arn = parseArn(text);
  if (!arn || (arn.service !== "iam" && arn.service !== "sts") || !ACCOUNT.test(arn.account)) return undefined;
  if (arn.service === "iam" && arn.resource === "root") return { principal: arn.account, label: `account ${arn.account}`, account: arn.account };
  return { principal: text, label: text, account: arn.account };
}

const FIXED_OPERATORS = new Set(["StringEquals", "StringLike", "ArnEquals", "ArnLike"]);

function fixedValues(statement: StatementModel, key: string): string[] | undefined {
  for (const condition of statement.conditions) {
    const { base, set, ifExists } = condition.operator;
    if (condition.lowerKey !== key.toLowerCase() || !FIXED_OPERATORS.has(base) || set !== undefined || ifExists) continue;
    const values = condition.texts;
    if (values.length > 0 && values.every((v) => !hasWildcard(v) && !hasPolicyVariable(v))) return values;
  }
  return undefined;
}

function dataActionsOf(statement: StatementModel): string[] {
  const actions = actionsOf(statement);
  if (!actions) return [];
  if (actions.not) return DATA_ACTIONS.filter((a) => !actions.items.some((item) => actionMatches(item.value, a)));
  const out: string[] = [];
  const add = (action: string) => {
    if (!out.includes(action)) out.push(action);
  };
  for (const { value } of actions.items) {
    if (hasWildcard(value)) DATA_ACTIONS.filter((a) => actionMatches(value, a)).forEach(add);
    else if (/^s3:/i.test(value) && !CONTROL_PLANE.test(value)) add(DATA_ACTION_BY_LOWER.get(value.toLowerCase()) ?? value);
  }
  return out;
}

/** Why a statement only may apply, as a clause for messages ("it depends on the condition key aws:SourceIp, …"). */
export function uncertaintyOf(match: StatementMatch): string {
  const parts: string[] = [];
  if (match.unknownKeys.length > 0) {
    const keys = listText(match.unknownKeys);
    parts.push(`it depends on the condition ${match.unknownKeys.length === 1 ? "key" : "keys"} ${keys}, which mrap-guard cannot evaluate`);
  }
  if (match.principal === "part") parts.push("it names only some of the principals the MRAP policy allows");
  if (match.principal === "unknown") parts.push("its Principal is a pattern mrap-guard cannot match");
  if (match.resource !== "all") parts.push("it names only some of the resources the MRAP policy allows");
  return parts.length > 0 ? listText(parts) : "mrap-guard cannot tell whether it applies";
}
