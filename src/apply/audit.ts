import { appendFile, mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import type { GuardResult } from "./types.js";

export interface AuditRecord {
  time: string;
  tool: string;
  caller?: string;
  operation: string;
  accountId: string;
  name: string;
  result: GuardResult["status"];
  message: string;
  beforeHash?: string;
  afterHash?: string;
  clientToken?: string;
  requestTokenArn?: string;
  error?: GuardResult["error"];
  blockingRules?: string[];
  accessAnalyzer: "checked" | "skipped";
  allowNewAccess?: boolean;
}

export function auditRecord(result: GuardResult, extra: { tool: string; caller?: string; accessAnalyzer: "checked" | "skipped"; allowNewAccess?: boolean }): AuditRecord {
  const blocking = result.plan?.blocking.map((finding) => finding.ruleId);
  return {
    time: new Date().toISOString(),
    tool: extra.tool,
    ...(extra.caller ? { caller: extra.caller } : {}),
    operation: result.operation,
    accountId: result.accountId,
    name: result.name,
    result: result.status,
    message: result.message,
    ...(result.beforeHash ? { beforeHash: result.beforeHash } : {}),
    ...(result.afterHash ? { afterHash: result.afterHash } : {}),
    ...(result.clientToken ? { clientToken: result.clientToken } : {}),
    ...(result.requestTokenArn ? { requestTokenArn: result.requestTokenArn } : {}),
    ...(result.error ? { error: result.error } : {}),
    ...(blocking && blocking.length > 0 ? { blockingRules: [...new Set(blocking)] } : {}),
    accessAnalyzer: extra.accessAnalyzer,
    ...(extra.allowNewAccess ? { allowNewAccess: true } : {}),
  };
}

/** Appends one JSON line; the folder is created when missing. */
export async function appendAudit(file: string, record: AuditRecord): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await appendFile(file, `${JSON.stringify(record)}\n`, "utf8");
}
