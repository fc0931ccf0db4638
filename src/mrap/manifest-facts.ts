import type { ManifestView } from "./manifest-view.js";
import { mrapOf, ownerAccount, regionsOf, type RegionEntry } from "./manifest.js";
import { RecentCache } from "../iam/recent-cache.js";

/** What a manifest says about its MRAP, for the rules that check policies against it. */
export interface MrapFacts {
  /** The MRAP owner (manifest AccountId), when it is a valid 12-digit id. */
  account: string | undefined;
  name: string | undefined;
  /** The alias, when the manifest gives a well-formed one (before creation it is unknown). */
  alias: string | undefined;
  regions: readonly RegionEntry[];
}

const ACCOUNT = /^\d{12}$/;
const ALIAS = /^[a-z][a-z0-9]*[.]mrap$/;

/** Facts by manifest, with the live state they were read with: every policy of the manifest asks for them. */
const known = new RecentCache<ManifestView, { live: ManifestView["live"]; facts: MrapFacts }>();

export function mrapFacts(manifest: ManifestView | undefined): MrapFacts | undefined {
  if (!manifest) return undefined;
  const cached = known.get(manifest, () => ({ live: manifest.live, facts: readFacts(manifest) }));
  if (cached.live !== manifest.live) {
    cached.live = manifest.live;
    cached.facts = readFacts(manifest);
  }
  return cached.facts;
}

function readFacts(manifest: ManifestView): MrapFacts {
  const value = manifest.target.value;
  const mrap = mrapOf(value);
  const account = ownerAccount(value);
  const name = mrap?.["Name"];
  const alias = mrap?.["Alias"];
  const live = manifest.live;
  const listed = regionsOf(value) ?? [];
  // With --live, what AWS says fills what the manifest leaves out: the alias, and each bucket's Region (on copies
  // of the entries, which other rules share).
  const regions = live ? listed.map((entry) => ({ ...entry })) : listed;
  if (live) {
    for (const entry of regions) {
      const found = live.buckets.get(entry.index);
      if (entry.region === undefined && found && "region" in found) entry.region = found.region;
    }
  }
  const given = typeof alias === "string" && ALIAS.test(alias) && alias.length <= 63 ? alias : undefined;
  return {
    account: account !== undefined && ACCOUNT.test(account) ? account : undefined,
    name: typeof name === "string" ? name : undefined,
    alias: given ?? live?.mrap?.alias,
    regions,
  };
}
