/**
 * The rule kit: everything a rule takes from the engine, in one place. Files under rules/ import the engine
 * only through this module (test/meta/layers.test.ts holds them to it); the IAM policy language and the MRAP
 * model they use live in src/iam and src/mrap.
 */
export { defineRule, ruleDocsUrl } from "./define-rule.js";
export type {
  DocumentKind,
  FindingData,
  ManifestContext,
  NetworkRuleContext,
  NetworkServices,
  PolicyRole,
  ReferencePolicy,
  Report,
  RuleContext,
  RuleDocs,
  RuleMeta,
  RuleModule,
  Severity,
  Target,
} from "./types.js";
export { didYouMean, editDistance, MAX_SUGGESTION_INPUT } from "./suggest.js";
export { describeSchemaErrors, type DescribedError } from "./schema-messages.js";
export type { AccessAnalyzerSettings } from "./config.js";
export type {
  AccessAnalyzerService,
  CheckReason,
  CheckResult,
  LiveStateService,
  NoPublicAccessResourceType,
  PathElement,
  ValidatePolicyResourceType,
} from "./services.js";
export { escapeSegment, isWithin, joinPointer, parsePointer, unescapeSegment } from "../document/pointer.js";
export type { JsonValue, LocateTarget, Range } from "../document/index.js";
