import { defineRule } from "../../src/engine/rule-kit.js";
import { accessPointsOf } from "../../src/mrap/manifest.js";

const NAME = /^[a-z0-9][-a-z0-9]{1,48}[a-z0-9]$/;

export default defineRule({
  id: "mrap/access-point-name",
  meta: {
    type: "problem",
    docs: { description: "Require single-Region access point names that AWS accepts", recommended: true },
    severity: "error",
    appliesTo: ["manifest"],
    messages: {
      tooShort: 'Access point name "{{name}}" is {{length}} characters; an access point name needs 3 to 50.',
      tooLong: 'Access point name "{{name}}" is {{length}} characters; an access point name can have at most 50.',
      uppercase: 'Access point name "{{name}}" contains uppercase letters; access point names use lowercase letters, digits and hyphens only.',
      underscore: 'Access point name "{{name}}" contains an underscore; access point names use lowercase letters, digits and hyphens only.',
      period: 'Access point name "{{name}}" contains a period; access point names cannot contain periods.',
      edgeHyphen: 'Access point name "{{name}}" {{where}} with a hyphen; access point names must begin and end with a letter or digit.',
      aliasSuffix: 'Access point name "{{name}}" ends in "-s3alias", a suffix S3 uses for access point aliases; access point names must not end in "-s3alias".',
      invalidCharacter: 'Access point name "{{name}}" contains "{{character}}"; access point names use lowercase letters, digits and hyphens only.',
    },
  },
  check(context) {
    for (const accessPoint of accessPointsOf(context.value)) {
      const name = accessPoint.name;
      if (name === undefined || (NAME.test(name) && !name.endsWith("-s3alias"))) continue;
      const report = (messageId: Parameters<typeof context.report>[0]["messageId"], data: Record<string, string | number> = {}) =>
        context.report({ messageId, pointer: `${accessPoint.pointer}/Name`, data: { name, ...data } });
      if (name.length < 3) report("tooShort", { length: name.length });
      else if (name.length > 50) report("tooLong", { length: name.length });
      else if (/[A-Z]/.test(name)) report("uppercase");
      else if (name.includes("_")) report("underscore");
      else if (name.includes(".")) report("period");
      else if (name.startsWith("-")) report("edgeHyphen", { where: "begins" });
      else if (name.endsWith("-")) report("edgeHyphen", { where: "ends" });
      else if (name.endsWith("-s3alias")) report("aliasSuffix");
      else report("invalidCharacter", { character: /[^-a-z0-9]/.exec(name)?.[0] ?? "?" });
    }
  },
});
