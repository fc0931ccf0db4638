import { defineRule } from "../../src/engine/rule-kit.js";
import { parseArn } from "../../src/iam/arn.js";
import { mrapFacts } from "../../src/mrap/manifest-facts.js";
import { resourceValues, splitAccessPoint } from "../../src/mrap/resource-patterns.js";
import { policyModel } from "../../src/iam/policy-model.js";
import { hasPolicyVariable, hasWildcard, matchesWildcard } from "../../src/iam/wildcard.js";

const ACCESS_POINT = "accesspoint/";

export default defineRule({
  id: "mrap/policy-alias-match",
  meta: {
    type: "problem",
    docs: { description: "Require the alias in MRAP policy ARNs to be the alias of this Multi-Region Access Point", recommended: true },
    severity: "error",
    appliesTo: ["mrap-policy"],
    messages: {
      nameForAlias:
        'Resource "{{resource}}" names the MRAP by its name "{{name}}", but ARNs identify an MRAP by its alias, so this resource never matches a request made through it. The manifest gives the alias "{{alias}}": use "{{suggestion}}".',
      aliasMismatch:
        'Resource "{{resource}}" uses the alias "{{found}}", but this MRAP\'s alias (the manifest\'s Alias) is "{{alias}}", so this resource does not match requests made through this MRAP. Aliases change whenever an MRAP is recreated and are never reused, so an old or copied alias here is stale; use "{{suggestion}}".',
      patternMismatch:
        'Resource "{{resource}}" uses the alias pattern "{{found}}", which does not match this MRAP\'s alias "{{alias}}" (the manifest\'s Alias), so this resource does not match requests made through this MRAP. Use the alias itself: "{{suggestion}}".',
    },
  },
  check(context) {
    const facts = mrapFacts(context.manifest);
    const alias = facts?.alias;
    // Without a known alias there is nothing to compare with; mrap/policy-resource-arn checks the alias's form.
    if (alias === undefined) return;
    for (const statement of policyModel(context.value).statements) {
      for (const { value: resource, pointer } of resourceValues(statement)) {
        const arn = parseArn(resource);
        // Only MRAP ARNs (no Region) carry an alias; other forms are mrap/policy-resource-arn's to report.
        if (!arn || arn.region !== "" || !arn.resource.startsWith(ACCESS_POINT)) continue;
        const { token, tail } = splitAccessPoint(arn.resource.slice(ACCESS_POINT.length));
        if (token === alias || hasPolicyVariable(token)) continue;
        const suggestion = `arn:${arn.partition}:s3::${arn.account}:${ACCESS_POINT}${alias}${tail ?? ""}`;
        const data = { resource, alias, found: token, suggestion };
        if (hasWildcard(token)) {
          if (!matchesWildcard(token, alias)) context.report({ messageId: "patternMismatch", pointer, data });
        } else if (facts?.name !== undefined && token === facts.name) {
          context.report({ messageId: "nameForAlias", pointer, data: { ...data, name: facts.name } });
        } else {
          context.report({ messageId: "aliasMismatch", pointer, data });
        }
      }
    }
  },
});
