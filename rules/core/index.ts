import duplicateKey from "./duplicate-key.js";
import numericAccountId from "./numeric-account-id.js";
import parseError from "./parse-error.js";
import ruleError from "./rule-error.js";
import serviceError from "./service-error.js";
import unknownKind from "./unknown-kind.js";
import unresolvedReference from "./unresolved-reference.js";
import unresolvedValue from "./unresolved-value.js";
import unusedSuppression from "./unused-suppression.js";
import type { RuleModule } from "../../src/engine/rule-kit.js";

/** The engine's own rules: reported by the engine, never by a `check`. */
export const coreRules: readonly RuleModule[] = [
  duplicateKey,
  numericAccountId,
  parseError,
  ruleError,
  serviceError,
  unknownKind,
  unresolvedReference,
  unresolvedValue,
  unusedSuppression,
] as readonly RuleModule[];
