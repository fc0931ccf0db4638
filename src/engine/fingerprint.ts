import type * as Crypto from "node:crypto";
import { createRequire } from "node:module";

let crypto: typeof Crypto | undefined;

/** Stable across runs and machines: rule, root-relative file, pointer and message id. */
export function fingerprint(ruleId: string, file: string, pointer: string, messageId: string): string {
  // node:crypto is loaded at the first finding: loading it would cost a clean run's start-up a few milliseconds.
  crypto ??= createRequire(import.meta.url)("node:crypto") as typeof Crypto;
  return crypto.createHash("sha256").update(`${ruleId}\0${file}\0${pointer}\0${messageId}`).digest("hex").slice(0, 32);
}
