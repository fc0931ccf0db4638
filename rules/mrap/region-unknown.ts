import { defineRule } from "../../src/engine/rule-kit.js";
import { arrayField, field, isObject, stringField } from "../../src/iam/json-fields.js";
import { MRAP, mrapOf } from "../../src/mrap/manifest.js";

export default defineRule({
  id: "mrap/region-unknown",
  meta: {
    type: "suggestion",
    docs: { description: "Suggest stating the Region of every bucket so the Region rules can check it", recommended: true },
    severity: "info",
    appliesTo: ["manifest"],
    messages: {
      regionUnknown:
        'Bucket "{{bucket}}" at Regions/{{index}} has no Region, so the Region rules (one bucket per Region, supported Region) could not check it. Add its Region (a code such as us-east-1); or lint with --live to read it from AWS.',
    },
  },
  check(context) {
    const regions = arrayField(mrapOf(context.value), "Regions") ?? [];
    const live = context.manifest?.live?.buckets;
    regions.forEach((entry, index) => {
      // With --live, GetBucketLocation has answered for this bucket: the Region rules had a Region to check.
      const found = live?.get(index);
      if (found && "region" in found) return;
      // A Region of the wrong type is mrap/valid-schema's finding; an entry that is not an object is too.
      if (!isObject(entry) || field(entry, "Region") !== undefined) return;
      const bucket = stringField(entry, "Bucket");
      context.report({
        messageId: "regionUnknown",
        pointer: `${MRAP}/Regions/${index}`,
        subject: `${MRAP}/Regions/${index}/Region`,
        data: { index, bucket: bucket ?? "(no name)" },
      });
    });
  },
});
