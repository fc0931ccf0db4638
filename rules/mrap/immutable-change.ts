import { defineRule } from "../../src/engine/rule-kit.js";
import { stringField } from "../../src/iam/json-fields.js";
import { MRAP, mrapOf, ownerAccount, regionsOf } from "../../src/mrap/manifest.js";
import { BPA_POINTER, BPA_SETTINGS, publicAccessBlockOf } from "../../src/mrap/public-access-block.js";

export default defineRule({
  id: "mrap/immutable-change",
  meta: {
    type: "problem",
    docs: { description: "Forbid changes to what AWS cannot change on a live Multi-Region Access Point: its buckets and Block Public Access", recommended: true },
    severity: "error",
    appliesTo: ["manifest"],
    requiresNetwork: "live",
    messages: {
      bucketAdded:
        "Bucket {{bucket}} is not part of the live Multi-Region Access Point {{name}}. AWS fixes the buckets at creation and cannot add one in place: delete the MRAP and create it again (it gets a new alias).",
      bucketRemoved:
        "The live Multi-Region Access Point {{name}} also uses bucket {{bucket}}, which the manifest does not list. AWS cannot remove a bucket in place: delete the MRAP and create it again (it gets a new alias), or list the bucket.",
      bucketAccount:
        "Bucket {{bucket}} belongs to account {{live}} in the live Multi-Region Access Point {{name}}, but the manifest says {{manifest}}. AWS fixes the buckets at creation: delete the MRAP and create it again (it gets a new alias).",
      publicAccessBlock:
        "{{setting}} is {{manifest}} here but {{live}} on the live Multi-Region Access Point {{name}}. AWS cannot change Block Public Access after creation: delete the MRAP and create it again (it gets a new alias).",
      alias: "The manifest's Alias {{manifest}} is not the live alias {{live}} of {{name}}: the MRAP was recreated, or the Alias belongs to another MRAP. Use {{live}}.",
    },
  },
  async checkAsync(context) {
    const live = context.manifest?.live?.mrap;
    if (!live) return;
    const name = live.name;
    const alias = stringField(mrapOf(context.value), "Alias");
    if (alias !== undefined && live.alias && alias !== live.alias) {
      context.report({ messageId: "alias", pointer: `${MRAP}/Alias`, data: { manifest: alias, live: live.alias, name } });
    }
    const owner = ownerAccount(context.value);
    const entries = regionsOf(context.value) ?? [];
    const liveBuckets = new Map(live.regions.map((region) => [region.bucket, region]));
    for (const entry of entries) {
      if (entry.bucket === undefined) continue;
      const match = liveBuckets.get(entry.bucket);
      if (!match) {
        context.report({ messageId: "bucketAdded", pointer: `${entry.pointer}/Bucket`, data: { bucket: entry.bucket, name } });
        continue;
      }
      const manifestAccount = entry.bucketAccountId ?? owner;
      if (match.bucketAccountId && manifestAccount && match.bucketAccountId !== manifestAccount) {
        const pointer = entry.bucketAccountId ? `${entry.pointer}/BucketAccountId` : `${entry.pointer}/Bucket`;
        context.report({ messageId: "bucketAccount", pointer, data: { bucket: entry.bucket, live: match.bucketAccountId, manifest: manifestAccount, name } });
      }
    }
    const listed = new Set(entries.map((entry) => entry.bucket));
    for (const region of live.regions) {
      if (!listed.has(region.bucket)) context.report({ messageId: "bucketRemoved", pointer: `${MRAP}/Regions`, data: { bucket: region.bucket, name } });
    }
    // An omitted setting means true on creation (the MRAP Block Public Access page); a setting AWS omits reads the same
    // way.
    const block = publicAccessBlockOf(context.value);
    for (const setting of BPA_SETTINGS) {
      const wanted = block?.[setting];
      const manifest = typeof wanted === "boolean" ? wanted : true;
      const actual = live.publicAccessBlock?.[setting] ?? true;
      if (manifest === actual) continue;
      const pointer = typeof wanted === "boolean" ? `${BPA_POINTER}/${setting}` : block ? BPA_POINTER : `${MRAP}/Name`;
      context.report({ messageId: "publicAccessBlock", pointer, data: { setting, manifest: String(manifest), live: String(actual), name } });
    }
  },
});
