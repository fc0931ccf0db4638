import { defineRule } from "../../src/engine/rule-kit.js";
import { regionsOf, type RegionEntry } from "../../src/mrap/manifest.js";

/** A wrong-typed Bucket (mrap/valid-schema's finding) is named by its place. */
const label = (entry: RegionEntry) => entry.bucket ?? `Regions/${entry.index}`;

export default defineRule({
  id: "mrap/one-bucket-per-region",
  meta: {
    type: "problem",
    docs: { description: "Disallow two buckets in the same Region of a Multi-Region Access Point", recommended: true },
    severity: "error",
    appliesTo: ["manifest"],
    messages: {
      sameRegion:
        'Region "{{region}}" already has bucket "{{firstBucket}}" (Regions/{{firstIndex}}); a Multi-Region Access Point has exactly one bucket per Region, so "{{bucket}}" cannot be added. Keep one of them, or use a bucket in another Region.',
    },
  },
  check(context) {
    const first = new Map<string, RegionEntry>();
    for (const entry of regionsOf(context.value) ?? []) {
      if (entry.region === undefined) continue;
      const earlier = first.get(entry.region);
      if (!earlier) {
        first.set(entry.region, entry);
        continue;
      }
      // The same bucket listed twice is mrap/duplicate-bucket's finding.
      if (entry.bucket !== undefined && entry.bucket === earlier.bucket) continue;
      context.report({
        messageId: "sameRegion",
        pointer: `${entry.pointer}/Region`,
        data: { region: entry.region, bucket: label(entry), firstBucket: label(earlier), firstIndex: earlier.index },
      });
    }
  },
});
