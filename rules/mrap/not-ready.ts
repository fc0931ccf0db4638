import { defineRule } from "../../src/engine/rule-kit.js";
import { MRAP } from "../../src/mrap/manifest.js";

const EXPLAIN: Readonly<Record<string, string>> = {
  CREATING: "it is still being created; wait until it is READY",
  DELETING: "it is being deleted",
  PARTIALLY_CREATED: "creation did not finish in every Region; retry the creation or delete it",
  PARTIALLY_DELETED: "deletion did not finish; retry the delete",
  INCONSISTENT_ACROSS_REGIONS: "its Regions disagree; AWS documents nothing more about this state",
};

export default defineRule({
  id: "mrap/not-ready",
  meta: {
    type: "problem",
    docs: { description: "Require the live Multi-Region Access Point to be READY before it is changed", recommended: true },
    severity: "error",
    appliesTo: ["manifest"],
    requiresNetwork: "live",
    messages: {
      notReady: "The live Multi-Region Access Point {{name}} is {{status}}, not READY: {{explain}}. Changes are applied only to a READY Multi-Region Access Point.",
    },
  },
  async checkAsync(context) {
    const live = context.manifest?.live?.mrap;
    if (!live || live.status === "READY") return;
    const status = live.status ?? "(no status)";
    const explain = EXPLAIN[status] ?? "AWS reported a status this version does not know";
    context.report({ messageId: "notReady", pointer: `${MRAP}/Name`, data: { name: live.name, status, explain } });
  },
});
