/**
 * The audit log: JSON lines. A guarded call that sends something writes an `intent` line before the put and a
 * `result` line after it, both carrying the intent's id; a call that sends nothing writes its `result` line
 * only. An `intent` without its `result` is an apply that was killed after it may have sent: the next guarded
 * call on that MRAP reads the live state and appends the missing `result` (`recovered: true`).
 */
import { randomUUID } from "node:crypto";
import { appendFile, mkdir, readFile } from "node:fs/promises";
import { hostname } from "node:os";
import { dirname } from "node:path";
import type { AccessAnalyzerRun, GuardResult, GuardStatus } from "./types.js";

export interface AuditRecord {
  type: "result";
  time: string;
  tool: string;
  caller?: string;
  /** The `intent` line this result completes. */
  intent?: string;
  /** Written by a later run for an apply that ended without its result line. */
  recovered?: true;
  /** For a recovered line: what the live state showed of the change the intent announced. */
  live?: "landed" | "not-landed" | "unknown";
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
  /** Which Access Analyzer checks ran: both, ValidatePolicy only (nothing to compare new access with), or none. */
  accessAnalyzer: AccessAnalyzerRun;
  allowNewAccess?: boolean;
}

export interface IntentRecord {
  type: "intent";
  id: string;
  time: string;
  tool: string;
  caller?: string;
  pid: number;
  host: string;
  operation: string;
  accountId: string;
  name: string;
  beforeHash?: string;
  afterHash?: string;
  /** What a create asks for (buckets and Block Public Access), as the plan shows it. */
  after?: string;
  clientToken?: string;
  accessAnalyzer: AccessAnalyzerRun;
  allowNewAccess?: boolean;
}

export type AuditLine = AuditRecord | IntentRecord;

export function auditRecord(result: GuardResult, extra: { tool: string; caller?: string; accessAnalyzer: AccessAnalyzerRun; allowNewAccess?: boolean; intent?: string }): AuditRecord {
  const blocking = result.plan?.blocking.map((finding) => finding.ruleId);
  return {
    type: "result",
    time: new Date().toISOString(),
    tool: extra.tool,
    ...(extra.caller ? { caller: extra.caller } : {}),
    ...(extra.intent ? { intent: extra.intent } : {}),
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
    accessAnalyzer: result.plan?.accessAnalyzer ?? extra.accessAnalyzer,
    ...(extra.allowNewAccess ? { allowNewAccess: true } : {}),
  };
}

export function intentRecord(fields: Omit<IntentRecord, "type" | "id" | "time" | "pid" | "host">): IntentRecord {
  return { type: "intent", id: randomUUID(), time: new Date().toISOString(), pid: process.pid, host: hostname(), ...fields };
}

/** A recovered `result` line for an intent that has none. */
export function recoveredRecord(intent: IntentRecord, tool: string, live: NonNullable<AuditRecord["live"]>, status: GuardStatus, message: string): AuditRecord {
  return {
    type: "result",
    time: new Date().toISOString(),
    tool,
    intent: intent.id,
    recovered: true,
    live,
    operation: intent.operation,
    accountId: intent.accountId,
    name: intent.name,
    result: status,
    message,
    ...(intent.beforeHash ? { beforeHash: intent.beforeHash } : {}),
    ...(intent.afterHash ? { afterHash: intent.afterHash } : {}),
    ...(intent.clientToken ? { clientToken: intent.clientToken } : {}),
    accessAnalyzer: intent.accessAnalyzer,
    ...(intent.allowNewAccess ? { allowNewAccess: true } : {}),
  };
}

/** Appends one JSON line; the folder is created when missing. */
export async function appendAudit(file: string, record: AuditLine): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await appendFile(file, `${JSON.stringify(record)}\n`, "utf8");
}

function isIntent(value: unknown): value is IntentRecord {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return v["type"] === "intent" && typeof v["id"] === "string" && typeof v["operation"] === "string" && typeof v["accountId"] === "string" && typeof v["name"] === "string";
}

/** The intents for this MRAP (account and name) that no result line completes, oldest first. */
export async function openIntents(file: string, accountId: string, name: string): Promise<IntentRecord[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const intents = new Map<string, IntentRecord>();
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue;
    }
    if (isIntent(value)) {
      if (value.accountId === accountId && value.name === name) intents.set(value.id, value);
    } else if (typeof value === "object" && value !== null) {
      const done = (value as Record<string, unknown>)["intent"];
      if (typeof done === "string") intents.delete(done);
    }
  }
  return [...intents.values()];
}
