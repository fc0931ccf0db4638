import { validatePolicy } from "../../schemas/index.js";
import type { JsonValue } from "../../src/engine/rule-kit.js";
import type { JsonObject } from "../../src/iam/json-fields.js";
import { RecentCache } from "../../src/iam/recent-cache.js";
import { hasElementPairs } from "../../src/iam/statement-grammar.js";

/**
 * A statement that follows the grammar completely (policy/valid-schema finds nothing in it): exactly one of
 * Action/NotAction and of Resource/NotResource, at most one of Principal/NotPrincipal, and every element of the
 * right shape. Rules that compare whole statements use only these, so a half-written statement is never judged.
 */
export function isWellFormedStatement(statement: JsonObject): boolean {
  return hasElementPairs(statement) && validatePolicy({ Statement: [statement] });
}

const validity = new RecentCache<object, boolean>();

/** Whether the whole policy follows the schema, worked out once per policy value. */
export function isValidPolicy(policy: JsonValue | undefined): boolean {
  if (policy === null || typeof policy !== "object") return validatePolicy(policy);
  return validity.get(policy, () => validatePolicy(policy));
}
