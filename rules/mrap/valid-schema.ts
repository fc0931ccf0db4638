import { manifestSchema, validateManifest } from "../../schemas/index.js";
import { defineRule } from "../../src/engine/rule-kit.js";
import { reportSchemaErrors } from "../utils/schema.js";

export default defineRule({
  id: "mrap/valid-schema",
  meta: {
    type: "problem",
    docs: { description: "Require manifests to have the documented shape: required fields, types and known keys", recommended: true },
    severity: "error",
    appliesTo: ["manifest"],
    messages: { invalid: "Manifest: {{message}}" },
  },
  check(context) {
    reportSchemaErrors(context, validateManifest, manifestSchema, "invalid");
  },
});
