import { defineRule } from "../../src/engine/rule-kit.js";
import { mrapOf } from "../../src/mrap/manifest.js";

const NAME = /^[a-z0-9][-a-z0-9]{1,48}[a-z0-9]$/;

const options = {
  type: "object",
  additionalProperties: false,
  properties: {
    prefix: { type: "string", pattern: "^[a-z0-9][-a-z0-9]*$", description: "A prefix every MRAP name must start with (a naming convention)." },
  },
} as const;

export default defineRule<"tooShort" | "tooLong" | "uppercase" | "underscore" | "period" | "edgeHyphen" | "invalidCharacter" | "missingPrefix", { prefix: string }>({
  id: "mrap/name-format",
  meta: {
    type: "problem",
    docs: { description: "Require Multi-Region Access Point names that AWS accepts", recommended: true },
    severity: "error",
    appliesTo: ["manifest"],
    options,
    defaultOptions: { prefix: "" },
    messages: {
      tooShort: 'Name "{{name}}" is {{length}} characters; an MRAP name needs 3 to 50.',
      tooLong: 'Name "{{name}}" is {{length}} characters; an MRAP name can have at most 50.',
      uppercase: 'Name "{{name}}" contains uppercase letters; MRAP names use lowercase letters, digits and hyphens only.',
      underscore: 'Name "{{name}}" contains an underscore; MRAP names use lowercase letters, digits and hyphens only.',
      period: 'Name "{{name}}" contains a period; MRAP names cannot contain periods.',
      edgeHyphen: 'Name "{{name}}" {{where}} with a hyphen; MRAP names must begin and end with a letter or digit.',
      invalidCharacter: 'Name "{{name}}" contains "{{character}}"; MRAP names use lowercase letters, digits and hyphens only.',
      missingPrefix: 'Name "{{name}}" does not start with "{{prefix}}", the prefix this project requires (option "prefix").',
    },
  },
  check(context) {
    const name = mrapOf(context.value)?.["Name"];
    if (typeof name !== "string") return;
    if (NAME.test(name)) {
      const { prefix } = context.options;
      if (prefix !== "" && !name.startsWith(prefix)) context.report({ messageId: "missingPrefix", pointer: "/MultiRegionAccessPoint/Name", data: { name, prefix } });
      return;
    }
    const report = (messageId: Parameters<typeof context.report>[0]["messageId"], data: Record<string, string | number> = {}) =>
      context.report({ messageId, pointer: "/MultiRegionAccessPoint/Name", data: { name, ...data } });
    if (name.length < 3) return report("tooShort", { length: name.length });
    if (name.length > 50) return report("tooLong", { length: name.length });
    if (/[A-Z]/.test(name)) return report("uppercase");
    if (name.includes("_")) return report("underscore");
    if (name.includes(".")) return report("period");
    if (name.startsWith("-")) return report("edgeHyphen", { where: "begins" });
    if (name.endsWith("-")) return report("edgeHyphen", { where: "ends" });
    const bad = /[^-a-z0-9]/.exec(name);
    report("invalidCharacter", { character: bad ? bad[0] : "?" });
  },
});
