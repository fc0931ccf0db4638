import { defineRule } from "../../src/engine/rule-kit.js";
import { regionsOf } from "../../src/mrap/manifest.js";

export default defineRule({
  id: "mrap/bucket-missing",
  meta: {
    type: "problem",
    docs: { description: "Require every listed bucket to exist and be reachable", recommended: true },
    severity: "error",
    appliesTo: ["manifest"],
    requiresNetwork: "live",
    messages: {
      missing: "Bucket {{bucket}} could not be found ({{reason}}). A Multi-Region Access Point can only use buckets that exist, in a supported Region; create the bucket first or fix the name.",
      regionMismatch: "Bucket {{bucket}} is in {{live}}, not {{manifest}} as the manifest says. AWS takes the Region from the bucket: fix Region.",
    },
  },
  async checkAsync(context) {
    const live = context.manifest?.live;
    if (!live) return;
    for (const entry of regionsOf(context.value) ?? []) {
      const found = live.buckets.get(entry.index);
      if (!found || entry.bucket === undefined) continue;
      if ("missing" in found) {
        context.report({ messageId: "missing", pointer: `${entry.pointer}/Bucket`, data: { bucket: entry.bucket, reason: found.missing } });
      } else if (entry.region !== undefined && entry.region !== found.region) {
        context.report({ messageId: "regionMismatch", pointer: `${entry.pointer}/Region`, data: { bucket: entry.bucket, live: found.region, manifest: entry.region } });
      }
    }
  },
});
