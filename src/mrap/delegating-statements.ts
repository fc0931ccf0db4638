/**
 * Bucket-to-access-point delegation
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiRegionAccessPointPermissions.html): an Allow to a
 * wildcard principal whose condition names
 * the access point (`s3:DataAccessPointArn`) or the account that owns it (`s3:DataAccessPointAccount`). S3 then
 * leaves access control for requests through that access point, or MRAP, to its own policy.
 */
import { wildcardPrincipal, type WildcardPrincipal } from "../iam/public-statement.js";
import type { ConditionModel, Located, StatementModel } from "../iam/policy-model.js";
import { RecentCache } from "../iam/recent-cache.js";

export const DATA_ACCESS_POINT_ACCOUNT = "s3:DataAccessPointAccount";
export const DATA_ACCESS_POINT_ARN = "s3:DataAccessPointArn";

export interface DelegationCondition {
  /** Canonical key name. */
  key: typeof DATA_ACCESS_POINT_ACCOUNT | typeof DATA_ACCESS_POINT_ARN;
  condition: ConditionModel;
  values: Located<string>[];
}

export interface Delegation {
  statement: StatementModel;
  principal: WildcardPrincipal;
  /** Every non-negated condition on a DataAccessPoint key (IfExists and set forms included, so rules can judge them). */
  conditions: DelegationCondition[];
}

const NEGATED = /^(StringNot|ArnNot|NotIpAddress)/;
const ACCOUNT_LOWER = DATA_ACCESS_POINT_ACCOUNT.toLowerCase();
const ARN_LOWER = DATA_ACCESS_POINT_ARN.toLowerCase();

function delegationKey(lowerKey: string): DelegationCondition["key"] | undefined {
  if (lowerKey === ACCOUNT_LOWER) return DATA_ACCESS_POINT_ACCOUNT;
  if (lowerKey === ARN_LOWER) return DATA_ACCESS_POINT_ARN;
  return undefined;
}

/**
 * The statement as a delegation, or undefined when it is not one. A negated DataAccessPoint condition ("anyone
 * except through this access point") is not a delegation; policy/public-access judges such statements.
 */
export function delegationOf(statement: StatementModel): Delegation | undefined {
  if (statement.effect !== "Allow") return undefined;
  const principal = wildcardPrincipal(statement);
  if (!principal) return undefined;
  const conditions: DelegationCondition[] = [];
  for (const condition of statement.conditions) {
    const key = delegationKey(condition.lowerKey);
    if (!key || NEGATED.test(condition.operator.base)) continue;
    const values = condition.values.map((v) => ({ value: String(v.value), pointer: v.pointer }));
    conditions.push({ key, condition, values });
  }
  return conditions.length > 0 ? { statement, principal, conditions } : undefined;
}

/** Delegations by statement list: mrap/delegation-scope and mrap/delegation-account read the same policies. */
const found = new RecentCache<readonly StatementModel[], Delegation[]>();

export function delegationsOf(statements: readonly StatementModel[]): Delegation[] {
  return found.get(statements, findDelegations);
}

function findDelegations(statements: readonly StatementModel[]): Delegation[] {
  const out: Delegation[] = [];
  for (const statement of statements) {
    const delegation = delegationOf(statement);
    if (delegation) out.push(delegation);
  }
  return out;
}
