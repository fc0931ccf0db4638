import rule from "../../../rules/mrap/not-ready.js";
import { fakeLive } from "../../helpers/live.js";
import { ruleTester } from "../../helpers/rule-tester.js";

const live = fakeLive();
const status = (value: string | undefined) =>
  live.set({ mrap: { name: "orders-global", alias: "mfzwi23gnjvgw.mrap", ...(value ? { status: value } : {}), regions: [{ bucket: "orders-use1" }] }, buckets: { "orders-use1": "us-east-1" } });
const doc = { AccountId: "111122223333", MultiRegionAccessPoint: { Name: "orders-global", Regions: [{ Bucket: "orders-use1" }] } };

ruleTester(rule, {
  network: () => ({ live: live.service }),
  valid: [
    { name: "READY", live: true, setup: status("READY"), doc },
    { name: "no live MRAP yet", live: true, setup: live.set({ buckets: { "orders-use1": "us-east-1" } }), doc },
  ],
  invalid: [
    ...["CREATING", "PARTIALLY_CREATED", "PARTIALLY_DELETED", "DELETING", "INCONSISTENT_ACROSS_REGIONS"].map((value) => ({
      name: value,
      live: true,
      setup: status(value),
      doc,
      errors: [{ messageId: "notReady", pointer: "/MultiRegionAccessPoint/Name", data: { status: value } }],
    })),
    {
      name: "a status AWS adds later",
      live: true,
      setup: status("MIGRATING"),
      doc,
      errors: [{ messageId: "notReady", pointer: "/MultiRegionAccessPoint/Name", data: { status: "MIGRATING", explain: "AWS reported a status this version does not know" } }],
    },
  ],
});
