import { defineRule } from "../../src/engine/rule-kit.js";
import { regionsOf } from "../../src/mrap/manifest.js";

export default defineRule({
  id: "mrap/duplicate-bucket",
  meta: {
    type: "problem",
    docs: { description: "Disallow listing the same bucket twice in a Multi-Region Access Point", recommended: true },
    severity: "error",
    appliesTo: ["manifest"],
    messages: {
      duplicateBucket:
        'Bucket "{{bucket}}" is already listed at Regions/{{firstIndex}}; a Multi-Region Access Point has exactly one bucket in each of its Regions, so list each bucket once.',
    },
  },
  check(context) {
    const first = new Map<string, number>();
    for (const entry of regionsOf(context.value) ?? []) {
      if (entry.bucket === undefined) continue;
      const firstIndex = first.get(entry.bucket);
      if (firstIndex === undefined) first.set(entry.bucket, entry.index);
      else context.report({ messageId: "duplicateBucket", pointer: `${entry.pointer}/Bucket`, data: { bucket: entry.bucket, firstIndex } });
    }
  },
});
