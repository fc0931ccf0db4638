/** The engine's findings for errors: a rule that threw, an AWS call that failed. */
import type { Reported } from "./findings-sink.js";
import type { ServiceError } from "./services.js";
import type { RuleModule, Target } from "./types.js";

export function isServiceError(error: unknown): error is ServiceError {
  return error instanceof Error && error.name === "ServiceError" && "code" in error && "operation" in error;
}

/** `core/rule-error`: a rule's check threw (the stack with `debug`). */
export function ruleErrorFinding(target: Target, rule: RuleModule, error: unknown, debug: boolean | undefined): Reported {
  const text = error instanceof Error ? (debug ? error.stack ?? error.message : error.message) : String(error);
  return { ruleId: "core/rule-error", messageId: "ruleError", target, data: { rule: rule.id, error: text } };
}

/** `core/service-error`: an AWS call failed (a ServiceError names its service, operation and request id). */
export function serviceErrorFinding(target: Target, pointer: string, error: unknown): Reported {
  if (!isServiceError(error)) {
    const text = error instanceof Error ? error.message : String(error);
    return { ruleId: "core/service-error", messageId: "serviceError", target, pointer, data: { service: "AWS", operation: "call", error: text, code: "Error" } };
  }
  const request = error.requestId ? ` (request id ${error.requestId})` : "";
  return {
    ruleId: "core/service-error",
    messageId: "serviceError",
    target,
    pointer,
    data: {
      service: error.service,
      operation: error.operation,
      error: `${error.message}${request}`,
      code: error.code,
      ...(error.requestId ? { requestId: error.requestId } : {}),
    },
  };
}
