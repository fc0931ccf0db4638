import { defineRule } from "../../src/engine/rule-kit.js";
import { field, isObject } from "../../src/iam/json-fields.js";
import { MRAP, mrapOf } from "../../src/mrap/manifest.js";
import { BPA_POINTER, BPA_SETTINGS } from "../../src/mrap/public-access-block.js";

export default defineRule({
  id: "mrap/block-public-access-explicit",
  meta: {
    type: "suggestion",
    docs: { description: "Suggest stating all four Block Public Access settings of a Multi-Region Access Point", recommended: true },
    severity: "info",
    appliesTo: ["manifest"],
    messages: {
      omitted:
        "PublicAccessBlock is not set, so AWS applies its default: all four Block Public Access settings are enabled. They cannot be changed after the MRAP is created, so state them (BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy and RestrictPublicBuckets, each true) to make what is fixed for the MRAP's lifetime visible in review.",
      partial:
        "PublicAccessBlock does not set {{missing}}. AWS documents the all-enabled default only for an MRAP created without Block Public Access settings, not what an omitted setting in a partial PublicAccessBlock becomes. Set all four explicitly: they cannot be changed after the MRAP is created.",
    },
  },
  check(context) {
    const mrap = mrapOf(context.value);
    if (!mrap) return;
    const block = field(mrap, "PublicAccessBlock");
    if (block === undefined) {
      context.report({ messageId: "omitted", pointer: MRAP, at: "key" });
      return;
    }
    if (!isObject(block)) return;
    const missing = BPA_SETTINGS.filter((setting) => field(block, setting) === undefined);
    if (missing.length > 0) context.report({ messageId: "partial", pointer: BPA_POINTER, at: "key", data: { missing: missing.join(", ") } });
  },
});
