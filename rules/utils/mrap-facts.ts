import type { ManifestContext } from "../../src/engine/types.js";
import { mrapOf, ownerAccount, regionsOf, type RegionEntry } from "./manifest.js";

/** What a manifest says about its MRAP, for the rules that check policies against it. */
export interface MrapFacts {
  /** The MRAP owner (manifest AccountId), when it is a valid 12-digit id. */
  account: string | undefined;
  name: string | undefined;
  /** The alias, when the manifest gives a well-formed one (before creation it is unknown). */
  alias: string | undefined;
  regions: RegionEntry[];
}

const ACCOUNT = /^\d{12}$/;
const ALIAS = /^[a-z][a-z0-9]*[.]mrap$/;

export function mrapFacts(manifest: ManifestContext | undefined): MrapFacts | undefined {
  if (!manifest) return undefined;
  const value = manifest.target.value;
  const mrap = mrapOf(value);
  const account = ownerAccount(value);
  const name = mrap?.["Name"];
  const alias = mrap?.["Alias"];
  return {
    account: account !== undefined && ACCOUNT.test(account) ? account : undefined,
    name: typeof name === "string" ? name : undefined,
    alias: typeof alias === "string" && ALIAS.test(alias) && alias.length <= 63 ? alias : undefined,
    regions: regionsOf(value) ?? [],
  };
}
