import type { PolicyKind } from "../iam/public-statement.js";

/** The documents an MRAP setup is written in: the manifest and the three policy kinds. */
export type DocumentKind = "manifest" | PolicyKind;

/**
 * How messages name the policy of each document kind. Policy rules apply only to the three policy kinds; a
 * manifest holds several policies, so it is named generically.
 */
export const POLICY_NAMES: Readonly<Record<DocumentKind, string>> = {
  "mrap-policy": "Multi-Region Access Point policy",
  "access-point-policy": "access point policy",
  "bucket-policy": "bucket policy",
  manifest: "policy",
};
