import { defineRule } from "../../src/engine/rule-kit.js";
import { BPA_POINTER, BPA_SETTINGS, publicAccessBlockOf } from "../../src/mrap/public-access-block.js";

export default defineRule({
  id: "mrap/block-public-access",
  meta: {
    type: "problem",
    docs: { description: "Disallow turning off a Multi-Region Access Point's Block Public Access settings", recommended: true },
    severity: "error",
    appliesTo: ["manifest"],
    messages: {
      settingDisabled:
        "PublicAccessBlock.{{setting}} is false. A Multi-Region Access Point's Block Public Access settings cannot be changed after it is created: turning {{setting}} back on later means deleting and recreating the MRAP, which gives it a new alias. Set {{setting}} to true (the AWS default) unless this MRAP must permanently allow what it blocks.",
    },
  },
  check(context) {
    const block = publicAccessBlockOf(context.value);
    if (!block) return;
    for (const setting of BPA_SETTINGS) {
      if (block[setting] === false) context.report({ messageId: "settingDisabled", pointer: `${BPA_POINTER}/${setting}`, data: { setting } });
    }
  },
});
