import { defineRule, suggester } from "../../src/engine/rule-kit.js";
import { actionNames, action as canonicalAction, expandAction, serviceExists, serviceNames } from "../../src/iam/service-reference.js";
import { actionsOf, policyModel } from "../../src/iam/policy-model.js";
import { hasWildcard } from "../../src/iam/wildcard.js";

export default defineRule({
  id: "policy/action-exists",
  meta: {
    type: "problem",
    docs: { description: "Require every action in a policy to be a real IAM action", recommended: true },
    severity: "error",
    appliesTo: ["mrap-policy", "access-point-policy", "bucket-policy"],
    messages: {
      invalidFormat: 'Action "{{action}}" is not of the form "service:action" (such as "s3:GetObject"), so it matches no action; write the service prefix, a colon and the action name.',
      unknownService: 'Action "{{action}}" names the service prefix "{{service}}", which no AWS service uses, so the action grants or denies nothing; check the prefix ("s3" for Amazon S3).',
      unknownServiceDidYouMean:
        'Action "{{action}}" names the service prefix "{{service}}", which no AWS service uses, so the action grants or denies nothing; did you mean "{{suggestion}}"?',
      unknownAction: 'Action "{{action}}" is not an action of the "{{service}}" service, so it grants or denies nothing; check the name in the Service Authorization Reference.',
      unknownActionDidYouMean: 'Action "{{action}}" is not an action of the "{{service}}" service, so it grants or denies nothing; did you mean "{{suggestion}}"?',
      noMatch: 'The wildcard "{{action}}" matches no action of the "{{service}}" service, so it grants or denies nothing; fix the pattern or list the actions you mean.',
      wildcardInService:
        'Action "{{action}}" has a wildcard in its service prefix "{{service}}", so it cannot be checked against the actions of one service and may match services you did not mean; write the service prefix out.',
    },
  },
  check(context) {
    const didYouMean = suggester();
    for (const statement of policyModel(context.value).statements) {
      for (const { value: text, pointer } of actionsOf(statement)?.items ?? []) {
        if (/^\*+$/.test(text)) continue;
        const colon = text.indexOf(":");
        const service = colon > 0 ? text.slice(0, colon) : "";
        const name = colon > 0 ? text.slice(colon + 1) : "";
        if (service === "" || name === "" || name.includes(":")) {
          context.report({ messageId: "invalidFormat", pointer, data: { action: text } });
          continue;
        }
        if (hasWildcard(service)) {
          context.report({ messageId: "wildcardInService", pointer, data: { action: text, service }, severity: "info" });
          continue;
        }
        if (!serviceExists(service)) {
          const suggestion = didYouMean(service, serviceNames());
          if (suggestion !== undefined) context.report({ messageId: "unknownServiceDidYouMean", pointer, data: { action: text, service, suggestion: `${suggestion}:${name}` } });
          else context.report({ messageId: "unknownService", pointer, data: { action: text, service } });
          continue;
        }
        if (hasWildcard(name)) {
          if (expandAction(text).length === 0) context.report({ messageId: "noMatch", pointer, data: { action: text, service } });
          continue;
        }
        // IAM compares action names without case: "s3:getobject" is s3:GetObject, so case is not reported.
        if (canonicalAction(service, name) !== undefined) continue;
        const suggestion = didYouMean(name, () => actionNames(service));
        if (suggestion !== undefined) context.report({ messageId: "unknownActionDidYouMean", pointer, data: { action: text, service, suggestion: `${service.toLowerCase()}:${suggestion}` } });
        else context.report({ messageId: "unknownAction", pointer, data: { action: text, service } });
      }
    }
  },
});
