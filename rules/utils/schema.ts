import type { CompiledValidator } from "../../schemas/index.js";
import { describeSchemaErrors, type RuleContext } from "../../src/engine/rule-kit.js";

/** Runs a precompiled validator over the target and reports each error once, at its pointer. */
export function reportSchemaErrors<M extends string>(context: RuleContext<M, unknown>, validate: CompiledValidator, schema: object, messageId: M): boolean {
  if (validate(context.value)) return true;
  for (const error of describeSchemaErrors(validate.errors ?? [], schema as Record<string, unknown>, context.value)) {
    context.report({ messageId, pointer: error.pointer, at: error.at, data: { message: /[.?!]$/.test(error.message) ? error.message : `${error.message}.` } });
  }
  return false;
}
