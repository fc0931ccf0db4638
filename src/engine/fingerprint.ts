import { createHash } from "node:crypto";

/** Stable across runs and machines: rule, root-relative file, pointer and message id. */
export function fingerprint(ruleId: string, file: string, pointer: string, messageId: string): string {
  return createHash("sha256").update(`${ruleId}\0${file}\0${pointer}\0${messageId}`).digest("hex").slice(0, 32);
}
