import { defineRule } from "../../src/engine/rule-kit.js";

export default defineRule({
  id: "template/unknown-reference",
  meta: {
    type: "problem",
    docs: { description: "Disallow Ref, Fn::GetAtt and Fn::Sub references to nothing the template defines", recommended: true },
    severity: "error",
    appliesTo: ["manifest"],
    engine: true,
    messages: {
      unknown: '"{{name}}" names no parameter, resource or pseudo parameter of this template, so CloudFormation refuses the template; name one it defines.',
      unknownDidYouMean: '"{{name}}" names no parameter, resource or pseudo parameter of this template, so CloudFormation refuses the template; did you mean "{{suggestion}}"?',
    },
  },
});
