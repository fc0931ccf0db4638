import { defineRule } from "../../src/engine/rule-kit.js";
import { accessPointsOf, ownerAccount, regionsOf } from "../../src/mrap/manifest.js";

const ACCOUNT_ID = /^\d{12}$/;

export default defineRule({
  id: "mrap/account-id",
  meta: {
    type: "problem",
    docs: { description: "Require account ids of exactly 12 digits", recommended: true },
    severity: "error",
    appliesTo: ["manifest"],
    messages: {
      empty: "{{field}} is empty; give the 12-digit AWS account id.",
      dashes: '{{field}} "{{value}}" contains dashes; an account id is 12 digits with no dashes: write "{{fixed}}".',
      whitespace: '{{field}} "{{value}}" contains spaces; an account id is 12 digits with nothing else: write "{{fixed}}".',
      arn: '{{field}} "{{value}}" is an ARN; give only the 12-digit account id: "{{fixed}}".',
      wrongLength: '{{field}} "{{value}}" has {{length}} digits; an AWS account id has exactly 12 (leading zeros included).',
      notDigits: '{{field}} "{{value}}" is not an account id; an AWS account id is exactly 12 digits (0-9).',
    },
  },
  check(context) {
    const check = (field: string, pointer: string, value: string | undefined) => {
      if (value === undefined || ACCOUNT_ID.test(value)) return;
      const report = (messageId: Parameters<typeof context.report>[0]["messageId"], data: Record<string, string | number> = {}) =>
        context.report({ messageId, pointer, data: { field, value, ...data } });
      if (value.trim() === "") return report("empty");
      const compact = value.replace(/[\s-]/g, "");
      if (value.includes("-") && ACCOUNT_ID.test(compact)) return report("dashes", { fixed: compact });
      if (ACCOUNT_ID.test(compact)) return report("whitespace", { fixed: compact });
      const fromArn = /^arn:[^:]*:[^:]*:[^:]*:(\d{12})(?::|$)/.exec(value)?.[1];
      if (fromArn !== undefined) return report("arn", { fixed: fromArn });
      if (/^\d+$/.test(value)) return report("wrongLength", { length: value.length });
      report("notDigits");
    };
    check("AccountId", "/AccountId", ownerAccount(context.value));
    for (const entry of regionsOf(context.value) ?? []) check("BucketAccountId", `${entry.pointer}/BucketAccountId`, entry.bucketAccountId);
    for (const entry of accessPointsOf(context.value)) check("AccountId", `${entry.pointer}/AccountId`, entry.accountId);
  },
});
