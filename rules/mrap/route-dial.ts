import { defineRule } from "../../src/engine/rule-kit.js";
import { routesOf } from "../../src/mrap/manifest.js";

export default defineRule({
  id: "mrap/route-dial",
  meta: {
    type: "problem",
    docs: { description: "Require route traffic dials of 0 or 100, the only documented values", recommended: true },
    severity: "error",
    appliesTo: ["manifest"],
    messages: {
      undocumentedDial:
        "TrafficDialPercentage is {{value}}. The API accepts 0 to 100, but AWS documents only 0 (passive) and 100 (active), and reads routes back as one or the other. Use 100 to keep this route active or 0 to make it passive.",
      outOfRange: "TrafficDialPercentage is {{value}}, outside the API's range of 0 to 100. Use 100 to keep this route active or 0 to make it passive.",
    },
  },
  check(context) {
    for (const route of routesOf(context.value) ?? []) {
      const value = route.dial;
      // Non-integers are mrap/valid-schema's to report.
      if (value === undefined || !Number.isInteger(value) || value === 0 || value === 100) continue;
      const messageId = value < 0 || value > 100 ? "outOfRange" : "undocumentedDial";
      context.report({ messageId, pointer: `${route.pointer}/TrafficDialPercentage`, data: { value } });
    }
  },
});
