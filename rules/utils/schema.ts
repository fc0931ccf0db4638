import type { CompiledValidator } from "../../schemas/index.js";
import { describeSchemaErrors, joinPointer, type RuleContext } from "../../src/engine/rule-kit.js";

/** Runs a precompiled validator over the target and reports each error once, at its pointer. */
export function reportSchemaErrors<M extends string>(context: RuleContext<M, unknown>, validate: CompiledValidator, schema: object, messageId: M): boolean {
  if (validate(context.value)) return true;
  for (const error of describeSchemaErrors(validate.errors ?? [], schema as Record<string, unknown>, context.value)) {
    const subject = error.missing === undefined ? {} : { subject: joinPointer(error.pointer, error.missing) };
    context.report({ messageId, pointer: error.pointer, at: error.at, ...subject, data: { message: /[.?!]$/.test(error.message) ? error.message : `${error.message}.` } });
  }
  return false;
}
