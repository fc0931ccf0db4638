import { defineRule } from "../../src/engine/rule-kit.js";
import { MRAP, regionsOf } from "../../src/mrap/manifest.js";
import { describeEntry, routeCovers, routeObjectsOf } from "../../src/mrap/routes.js";

export default defineRule({
  id: "mrap/route-active",
  meta: {
    type: "problem",
    docs: { description: "Require at least one route to stay active", recommended: true },
    severity: "error",
    appliesTo: ["manifest"],
    messages: {
      allPassive:
        "Every route sets TrafficDialPercentage to 0 and the routes cover every Region of this Multi-Region Access Point, so no Region would stay active. AWS requires at least one active Region and returns InvalidRequest. Set at least one route to 100.",
      allListedPassive:
        "Every listed route sets TrafficDialPercentage to 0. The buckets no route names ({{unlisted}}) keep their current routing, so AWS accepts this only if one of them is active at the time; if none is, it returns InvalidRequest. Set a route to 100, or add a route with 100 for the bucket that should stay active.",
    },
  },
  check(context) {
    const routes = routeObjectsOf(context.value);
    const regions = regionsOf(context.value);
    if (!routes || routes.length === 0 || !regions || regions.length === 0) return;
    if (!routes.every((route) => route.dial === 0)) return;
    const unlisted = regions.filter((entry) => !routes.some((route) => routeCovers(route, entry)));
    if (unlisted.length === 0) {
      context.report({ messageId: "allPassive", pointer: `${MRAP}/Routes` });
    } else {
      // Unlisted Regions keep their live routing (SubmitMultiRegionAccessPointRoutes), so whether AWS rejects this
      // depends on live state.
      context.report({ messageId: "allListedPassive", pointer: `${MRAP}/Routes`, severity: "warning", data: { unlisted: unlisted.map(describeEntry).join(", ") } });
    }
  },
});
