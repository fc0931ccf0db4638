import { defineRule } from "../../src/engine/rule-kit.js";
import { regionsOf } from "../../src/mrap/manifest.js";
import { routeObjectsOf } from "../../src/mrap/routes.js";

export default defineRule({
  id: "mrap/route-target",
  meta: {
    type: "problem",
    docs: { description: "Require each route to name a bucket or Region of the Multi-Region Access Point", recommended: true },
    severity: "error",
    appliesTo: ["manifest"],
    messages: {
      missingTarget:
        "This route names neither a Bucket nor a Region, and AWS needs one of them to know which route to change. Add the Bucket or the Region of one of this MRAP's buckets.",
      unknownBucket:
        'Route bucket "{{bucket}}" is not one of this Multi-Region Access Point\'s buckets ({{buckets}}). A route can only change the traffic dial of a bucket the MRAP was created with; fix the bucket name.',
      unknownRegion:
        'Route Region "{{region}}" is not the Region of any of this Multi-Region Access Point\'s buckets ({{regions}}). A route can only change the traffic dial of a Region the MRAP has a bucket in; fix the Region.',
      regionMismatch:
        'This route names bucket "{{bucket}}" and Region "{{region}}", but the manifest puts that bucket in {{bucketRegion}}. When a route gives both, AWS requires the bucket to be in that Region; fix the Region or drop it and keep the Bucket.',
    },
  },
  check(context) {
    const routes = routeObjectsOf(context.value);
    if (!routes) return;
    const regions = regionsOf(context.value) ?? [];
    // Membership is only checked against a complete list: an entry without a Bucket (or Region) could be the one meant.
    const bucketsKnown = regions.length > 0 && regions.every((entry) => entry.bucket !== undefined);
    const regionsKnown = regions.length > 0 && regions.every((entry) => entry.region !== undefined);
    const bucketList = () => regions.map((entry) => entry.bucket).join(", ");
    const regionList = () => [...new Set(regions.map((entry) => entry.region))].join(", ");

    for (const route of routes) {
      if (!route.namesBucket && !route.namesRegion) {
        context.report({ messageId: "missingTarget", pointer: route.pointer });
        continue;
      }
      const { bucket, region } = route;
      if (bucket !== undefined && bucketsKnown) {
        const entry = regions.find((candidate) => candidate.bucket === bucket);
        if (!entry) {
          context.report({ messageId: "unknownBucket", pointer: `${route.pointer}/Bucket`, data: { bucket, buckets: bucketList() } });
          continue;
        }
        if (region !== undefined && entry.region !== undefined && entry.region !== region) {
          context.report({ messageId: "regionMismatch", pointer: `${route.pointer}/Region`, data: { bucket, region, bucketRegion: entry.region } });
          continue;
        }
      }
      if (region !== undefined && regionsKnown && !regions.some((entry) => entry.region === region)) {
        context.report({ messageId: "unknownRegion", pointer: `${route.pointer}/Region`, data: { region, regions: regionList() } });
      }
    }
  },
});
