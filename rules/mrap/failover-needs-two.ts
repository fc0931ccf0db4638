import { defineRule } from "../../src/engine/rule-kit.js";
import { MRAP, regionsOf, routesOf } from "../../src/mrap/manifest.js";

export default defineRule({
  id: "mrap/failover-needs-two",
  meta: {
    type: "problem",
    docs: { description: "Disallow routes on a Multi-Region Access Point with only one Region", recommended: true },
    severity: "warning",
    appliesTo: ["manifest"],
    messages: {
      singleRegion:
        'Routes are set, but this Multi-Region Access Point has only one Region. AWS rejects route changes on it with HTTP 405 Method Not Allowed ("You must select two Regions before you can initiate failover"). Remove Routes, or plan an MRAP with at least two Regions: buckets cannot be added after it is created.',
    },
  },
  check(context) {
    const routes = routesOf(context.value);
    const regions = regionsOf(context.value);
    if (!routes || routes.length === 0 || regions?.length !== 1) return;
    context.report({ messageId: "singleRegion", pointer: `${MRAP}/Routes` });
  },
});
