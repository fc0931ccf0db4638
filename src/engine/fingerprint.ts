import type * as Crypto from "node:crypto";
import { createRequire } from "node:module";

let crypto: typeof Crypto | undefined;

/**
 * Stable across runs and machines: rule, root-relative file, pointer and message id, and what tells findings
 * of one rule apart at one pointer when the rule says (`distinct`, e.g. Access Analyzer's issue code).
 */
export function fingerprint(ruleId: string, file: string, pointer: string, messageId: string, distinct?: string): string {
  // node:crypto is loaded at the first finding: loading it would cost a clean run's start-up a few milliseconds.
  crypto ??= createRequire(import.meta.url)("node:crypto") as typeof Crypto;
  const input = `${ruleId}\0${file}\0${pointer}\0${messageId}${distinct === undefined ? "" : `\0${distinct}`}`;
  return crypto.createHash("sha256").update(input).digest("hex").slice(0, 32);
}
