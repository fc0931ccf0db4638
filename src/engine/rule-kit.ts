/**
 * The rule kit: everything a rule takes from the engine, in one place. Files under rules/ import the engine
 * only through this module (test/meta/layers.test.ts holds them to it); the IAM policy language and the MRAP
 * model they use live in src/iam and src/mrap.
 */
import { defineRule } from "./define-rule.js";
import type { NetworkRuleContext, NetworkServices, RuleMeta, RuleModule } from "./types.js";

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
export { didYouMean, editDistance, MAX_SUGGESTION_INPUT, MAX_SUGGESTIONS_PER_FILE, suggester, type Suggest } from "./suggest.js";
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

/** The context of a network rule, with the service its `meta.requiresNetwork` names: the engine runs it only then. */
export interface ServiceRuleContext<M extends string, O, S extends keyof NetworkServices> extends NetworkRuleContext<M, O> {
  readonly services: NetworkServices & Required<Pick<NetworkServices, S>>;
}

/** Declares a network rule: like `defineRule`, with `checkAsync` typed to see the service it requires. */
export function defineNetworkRule<const M extends string, const S extends keyof NetworkServices, O = Record<string, never>>(rule: {
  id: string;
  meta: RuleMeta<M, O> & { requiresNetwork: S };
  checkAsync(context: ServiceRuleContext<M, O, S>): Promise<void>;
}): RuleModule<M, O> {
  const service = rule.meta.requiresNetwork;
  return defineRule<M, O>({
    id: rule.id,
    meta: rule.meta,
    async checkAsync(context) {
      if (hasService(context, service)) await rule.checkAsync(context);
    },
  });
}

function hasService<M extends string, O, S extends keyof NetworkServices>(context: NetworkRuleContext<M, O>, service: S): context is ServiceRuleContext<M, O, S> {
  return context.services[service] !== undefined;
}
