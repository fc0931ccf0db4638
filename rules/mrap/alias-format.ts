import { defineRule } from "../../src/engine/rule-kit.js";
import { stringField } from "../../src/iam/json-fields.js";
import { MRAP, mrapOf } from "../../src/mrap/manifest.js";

/**
 * The `Alias` pattern of https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_MultiRegionAccessPointReport.html
 */
const ALIAS = /^[a-z][a-z0-9]*[.]mrap$/;
const MAX_LENGTH = 63;
const SUFFIX = ".mrap";

export default defineRule({
  id: "mrap/alias-format",
  meta: {
    type: "problem",
    docs: { description: "Require Multi-Region Access Point aliases in the format AWS generates", recommended: true },
    severity: "error",
    appliesTo: ["manifest"],
    messages: {
      nameAsAlias:
        'Alias "{{alias}}" is the MRAP name ("{{name}}"), not its alias. AWS generates the alias when it creates the MRAP (an alphanumeric string ending in ".mrap", such as "mfzwi23gnjvgw.mrap"); copy it from GetMultiRegionAccessPoint or the S3 console, or leave Alias out until the MRAP exists.',
      arn: 'Alias "{{alias}}" is an ARN; Alias takes only the alias, the part after "accesspoint/": "{{suggestion}}".',
      hostname: 'Alias "{{alias}}" is the MRAP hostname; Alias takes only the alias, the part before ".accesspoint": "{{suggestion}}".',
      tooLong: 'Alias "{{alias}}" is {{length}} characters; an MRAP alias has at most 63.',
      uppercase: 'Alias "{{alias}}" contains uppercase letters; MRAP aliases are lowercase letters and digits followed by ".mrap".',
      missingSuffix: 'Alias "{{alias}}" does not end in ".mrap"; every MRAP alias does (for example "mfzwi23gnjvgw.mrap"). Copy the alias AWS generated.',
      badStart: 'Alias "{{alias}}" must begin with a lowercase letter, followed by lowercase letters and digits and then ".mrap".',
      invalidCharacter: 'Alias "{{alias}}" contains "{{character}}" before ".mrap"; an MRAP alias has only lowercase letters and digits before the suffix.',
    },
  },
  check(context) {
    const mrap = mrapOf(context.value);
    const alias = stringField(mrap, "Alias");
    if (alias === undefined) return;
    const wellFormed = ALIAS.test(alias) && alias.length <= MAX_LENGTH;
    const name = stringField(mrap, "Name");
    const report = (messageId: Parameters<typeof context.report>[0]["messageId"], data: Record<string, string | number> = {}) =>
      context.report({ messageId, pointer: `${MRAP}/Alias`, data: { alias, ...data } });
    if (name !== undefined && (alias === name || alias === name + SUFFIX)) {
      // AWS generates aliases and they do not reveal the name (§1.3), so "<name>.mrap" is almost surely a
      // mix-up; it is still a well-formed alias, so that case is only a warning.
      return context.report({ messageId: "nameAsAlias", pointer: `${MRAP}/Alias`, data: { alias, name }, ...(wellFormed ? { severity: "warning" as const } : {}) });
    }
    if (wellFormed) return;
    if (alias.startsWith("arn:")) {
      const suggestion = /accesspoint\/([^/]+)/.exec(alias)?.[1];
      if (suggestion !== undefined) return report("arn", { suggestion });
    }
    const host = /^([^.]+\.mrap)\.accesspoint\./.exec(alias)?.[1];
    if (host !== undefined) return report("hostname", { suggestion: host });
    if (alias.length > MAX_LENGTH) return report("tooLong", { length: alias.length });
    if (/[A-Z]/.test(alias)) return report("uppercase");
    if (!alias.endsWith(SUFFIX)) return report("missingSuffix");
    const body = alias.slice(0, -SUFFIX.length);
    if (!/^[a-z]/.test(body)) return report("badStart");
    const bad = /[^a-z0-9]/.exec(body);
    report("invalidCharacter", { character: bad ? bad[0] : "?" });
  },
});
