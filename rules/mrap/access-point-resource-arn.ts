import { defineRule, type ManifestContext, type PolicyRole } from "../../src/engine/rule-kit.js";
import { accessPointsOf, ownerAccount } from "../../src/mrap/manifest.js";
import { accessPointResource, objectTailFix, resourceValues, tailProblem } from "../../src/mrap/resource-patterns.js";
import { policyModel } from "../../src/iam/policy-model.js";
import { looksLikeRegionCode } from "../../src/mrap/regions.js";
import { hasPolicyVariable, hasWildcard, matchesWildcard } from "../../src/iam/wildcard.js";

const ACCOUNT = /^\d{12}$/;
/** The longest access point name (mrap/access-point-name has the rule and its source). */
const MAX_NAME = 50;
/** Access point names (§5.6): 3–50 lowercase letters, digits and inner hyphens. */
const NAME = /^[a-z0-9][-a-z0-9]{1,48}[a-z0-9]$/;
const ACCESS_POINT = "accesspoint/";

type MessageId =
  | "notArn"
  | "notS3"
  | "bucketArn"
  | "mrapArn"
  | "notAccessPointResource"
  | "badAccount"
  | "malformedName"
  | "wrongRegion"
  | "wrongAccount"
  | "wrongName"
  | "doubleSlash"
  | "objectPath";

interface Expected {
  name: string | undefined;
  region: string | undefined;
  account: string | undefined;
}

/** The manifest's AccessPoints entry this policy belongs to; its AccountId defaults to the manifest's. */
function expectedFor(manifest: ManifestContext | undefined, role: PolicyRole | undefined): Expected | undefined {
  if (!manifest || role?.type !== "access-point") return undefined;
  const entry = accessPointsOf(manifest.target.value)[role.index];
  if (!entry) return undefined;
  const account = entry.accountId ?? ownerAccount(manifest.target.value);
  // Only values of a plausible shape are compared (a pattern match costs the product of the two lengths); a
  // malformed name or Region is mrap/access-point-name's or mrap/region-*'s to report.
  return {
    name: entry.name !== undefined && entry.name.length <= MAX_NAME ? entry.name : undefined,
    region: entry.region !== undefined && looksLikeRegionCode(entry.region) ? entry.region : undefined,
    account: account !== undefined && ACCOUNT.test(account) ? account : undefined,
  };
}

/** Whether an ARN part written in the policy (possibly a pattern) differs from the expected value. */
const differs = (written: string, expected: string | undefined): expected is string =>
  expected !== undefined && !hasPolicyVariable(written) && !matchesWildcard(written, expected);

export default defineRule<MessageId>({
  id: "mrap/access-point-resource-arn",
  meta: {
    type: "problem",
    docs: { description: "Require every Resource in a single-Region access point policy to be an ARN of that access point or of objects through it", recommended: true },
    severity: "error",
    appliesTo: ["access-point-policy"],
    messages: {
      notArn:
        'Resource "{{resource}}" is not an ARN. An access point policy names the access point as "arn:aws:s3:REGION:ACCOUNT:accesspoint/NAME" and its objects as ".../accesspoint/NAME/object/KEY" (or "*"); write the full ARN.',
      notS3:
        'Resource "{{resource}}" is an ARN of the "{{service}}" service, not of Amazon S3, so it never matches a request made through the access point. Name the access point ("arn:{{partition}}:s3:REGION:ACCOUNT:accesspoint/NAME") or its objects (".../object/KEY") instead.',
      bucketArn:
        'Resource "{{resource}}" is the ARN of the bucket "{{bucket}}", the wrong kind for an access point policy: it only governs requests made through the access point, whose resources are "arn:{{partition}}:s3:REGION:ACCOUNT:accesspoint/NAME" and ".../object/KEY". Grant access to the bucket itself in the bucket policy.',
      mrapArn:
        'Resource "{{resource}}" has no Region, which makes it a Multi-Region Access Point ARN, the wrong kind for a single-Region access point policy: it never matches a request made through this access point. Single-Region access point ARNs include the Region: "{{suggestion}}".',
      notAccessPointResource:
        'Resource "{{resource}}" is an S3 "{{type}}" ARN, not an access point ARN, so it never matches a request made through the access point. Name the access point ("arn:{{partition}}:s3:REGION:ACCOUNT:accesspoint/NAME") or its objects (".../object/KEY") instead.',
      badAccount:
        'Resource "{{resource}}" has "{{account}}" where the 12-digit account id of the access point owner belongs ("arn:PARTITION:s3:REGION:ACCOUNT:accesspoint/NAME"); check the colons and the digits.',
      malformedName:
        'Resource "{{resource}}" names the access point "{{name}}", which is not a valid access point name (3 to 50 lowercase letters, digits and hyphens, starting and ending with a letter or digit), so no access point has it. Use the access point\'s name.',
      wrongRegion:
        'Resource "{{resource}}" has the Region "{{region}}", but the access point "{{expected}}" is in {{expectedRegion}} (the manifest\'s AccessPoints entry), so this resource never matches requests made through it. Use "{{suggestion}}".',
      wrongAccount:
        'Resource "{{resource}}" names account {{account}}, but the access point "{{expected}}" belongs to account {{expectedAccount}} (its AccountId in the manifest, or the manifest\'s AccountId), so this resource never matches requests made through it. Use "{{suggestion}}".',
      wrongName:
        'Resource "{{resource}}" names the access point "{{name}}", but this policy belongs to the access point "{{expected}}" (the manifest\'s AccessPoints entry), so this resource never matches requests made through it. Use "{{suggestion}}".',
      doubleSlash:
        'Resource "{{resource}}" uses "//" after the access point name where "/object/" belongs, so it matches no object. Object ARNs through an access point are ".../accesspoint/NAME/object/KEY": "{{suggestion}}".',
      objectPath:
        'Resource "{{resource}}" has "{{tail}}" after the access point name, which matches no object: objects through an access point are named "NAME/object/KEY". Use "{{suggestion}}".',
    },
  },
  check(context) {
    const expected = expectedFor(context.manifest, context.target.role);
    for (const statement of policyModel(context.value).statements) {
      for (const { value: resource, pointer } of resourceValues(statement)) {
        if (resource === "*") continue;
        const report = (messageId: MessageId, data: Record<string, string> = {}) => context.report({ messageId, pointer, data: { resource, ...data } });
        const read = accessPointResource(resource);
        if (read.kind === "covered") continue;
        if (read.kind === "problem") {
          report(read.messageId === "otherResource" ? "notAccessPointResource" : read.messageId, read.data);
          continue;
        }
        const { arn, token, tail, partition: shownPartition } = read;
        const { partition, region, account } = arn;
        if (region === "") {
          // With a manifest entry the fix is known; otherwise placeholders stand for what is missing.
          const name = expected?.name ?? (token === "" || token.endsWith(".mrap") ? "NAME" : token);
          const acct = account !== "" ? account : (expected?.account ?? "ACCOUNT");
          report("mrapArn", { suggestion: `arn:${shownPartition}:s3:${expected?.region ?? "REGION"}:${acct}:${ACCESS_POINT}${name}${tail ?? ""}` });
          continue;
        }
        const rebuilt = (r: string, a: string, n: string, rest: string) => `arn:${partition}:s3:${r}:${a}:${ACCESS_POINT}${n}${rest}`;
        const named = expected?.name ?? token;
        if (!hasWildcard(account) && !hasPolicyVariable(account) && !ACCOUNT.test(account)) report("badAccount", { account });
        else if (differs(account, expected?.account)) {
          report("wrongAccount", { account, expected: named, expectedAccount: expected.account, suggestion: rebuilt(region, expected.account, token, tail ?? "") });
        }
        if (differs(region, expected?.region)) {
          report("wrongRegion", { region, expected: named, expectedRegion: expected.region, suggestion: rebuilt(expected.region, account, token, tail ?? "") });
        }
        if (differs(token, expected?.name)) report("wrongName", { name: token, expected: expected.name, suggestion: rebuilt(region, account, expected.name, tail ?? "") });
        else if (expected?.name === undefined && !hasWildcard(token) && !hasPolicyVariable(token) && !NAME.test(token)) report("malformedName", { name: token });
        if (tail !== undefined) {
          const problem = tailProblem(tail);
          if (problem) report(problem, { tail, suggestion: rebuilt(region, account, token, objectTailFix(tail)) });
        }
      }
    }
  },
});
