import { defineRule } from "../../src/engine/rule-kit.js";
import { MRAP, regionsOf } from "../../src/mrap/manifest.js";
import { MAX_MRAP_REGIONS } from "../../src/mrap/regions.js";

export default defineRule({
  id: "mrap/region-count",
  meta: {
    type: "problem",
    docs: { description: "Require between 1 and 17 Regions in a Multi-Region Access Point", recommended: true },
    severity: "error",
    appliesTo: ["manifest"],
    messages: {
      noRegions: "Regions is empty; a Multi-Region Access Point needs at least one bucket. List one bucket for each Region the MRAP should serve.",
      tooManyRegions:
        "Regions lists {{count}} buckets; a Multi-Region Access Point can have at most {{max}} Regions (opt-in Regions included), with one bucket in each. Remove {{excess}} of them.",
    },
  },
  check(context) {
    const regions = regionsOf(context.value);
    if (regions === undefined) return;
    const pointer = `${MRAP}/Regions`;
    if (regions.length === 0) return context.report({ messageId: "noRegions", pointer });
    if (regions.length > MAX_MRAP_REGIONS) {
      context.report({ messageId: "tooManyRegions", pointer, data: { count: regions.length, max: MAX_MRAP_REGIONS, excess: regions.length - MAX_MRAP_REGIONS } });
    }
  },
});
