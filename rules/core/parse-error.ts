import { defineRule } from "../../src/engine/rule-kit.js";

export default defineRule({
  id: "core/parse-error",
  meta: {
    type: "problem",
    docs: { description: "Report files that cannot be parsed as JSON or YAML", recommended: true },
    severity: "error",
    appliesTo: ["manifest", "mrap-policy", "access-point-policy", "bucket-policy"],
    engine: true,
    required: true,
    messages: {
      syntax: "Syntax error: {{message}}.",
      embeddedSyntax: "The policy string is not valid JSON: {{message}}.",
      tooDeep: "The document is nested more than {{limit}} levels deep; mrap-guard stops here instead of risking a stack overflow.",
      tooLarge: "The file is {{size}} bytes, over the {{limit}}-byte limit, so it was not parsed.",
      tooManyNodes: "The YAML aliases expand to more than {{limit}} nodes; mrap-guard stops here rather than exhaust memory (a billion-laughs guard).",
      tooManyNodesWritten:
        "The YAML document has more than {{limit}} nodes (keys, values and list entries); mrap-guard stops here rather than spend seconds and hundreds of MB parsing it. No manifest or policy needs this many: split the file.",
      unreadable: "Cannot read the file: {{reason}}.",
    },
  },
});
