import { defineRule } from "../../src/engine/rule-kit.js";
import { mrapFacts } from "../../src/mrap/manifest-facts.js";
import { accessPointResource, objectTailFix, resourceValues, tailProblem } from "../../src/mrap/resource-patterns.js";
import { policyModel } from "../../src/iam/policy-model.js";
import { hasPolicyVariable, hasWildcard, matchesWildcard } from "../../src/iam/wildcard.js";

/** Partitions are not hard-coded (§1.4 shows `aws-cn`); this is the shape of every partition name. */
const PARTITION = /^aws(-[a-z0-9]+)*$/;
const ACCOUNT = /^\d{12}$/;
/** [MODEL] shape `MultiRegionAccessPointAlias` (§1.3). */
const ALIAS = /^[a-z][a-z0-9]*[.]mrap$/;
const ALIAS_MAX = 63;
/** Placeholders in AWS's policy examples (§4.2): `MultiRegionAccessPoint_alias`, `DOC-EXAMPLE-…`, `<alias>`. */
const PLACEHOLDER = /multiregionaccesspoint|_alias|alias_|doc-example|^<.*>$/i;
/** A well-formed alias of one repeated character, like the docs' `zzzzzzzzzzzzz.mrap`: AWS never generates one. */
const REPEATED = /^([a-z0-9])\1+[.]mrap$/;
const ACCESS_POINT = "accesspoint/";

type MessageId =
  | "notArn"
  | "notS3"
  | "bucketArn"
  | "notMrapResource"
  | "regionalArn"
  | "badPartition"
  | "badAccount"
  | "wrongAccount"
  | "nameAsAlias"
  | "placeholderAlias"
  | "missingMrapSuffix"
  | "malformedAlias"
  | "doubleSlash"
  | "objectPath";

export default defineRule<MessageId>({
  id: "mrap/policy-resource-arn",
  meta: {
    type: "problem",
    docs: { description: "Require every Resource in an MRAP policy to be an ARN of this Multi-Region Access Point or of objects through it", recommended: true },
    severity: "error",
    appliesTo: ["mrap-policy"],
    messages: {
      notArn:
        'Resource "{{resource}}" is not an ARN. An MRAP policy names the MRAP as "arn:aws:s3::ACCOUNT:accesspoint/ALIAS" and its objects as "arn:aws:s3::ACCOUNT:accesspoint/ALIAS/object/KEY" (or "*"); write the full ARN.',
      notS3:
        'Resource "{{resource}}" is an ARN of the "{{service}}" service, not of Amazon S3, so it never matches a request made through the MRAP. Name the MRAP ("arn:{{partition}}:s3::ACCOUNT:accesspoint/ALIAS") or its objects (".../object/KEY") instead.',
      bucketArn:
        'Resource "{{resource}}" is the ARN of the bucket "{{bucket}}", not of the MRAP. An MRAP policy only governs requests made through the MRAP, whose resources are "arn:{{partition}}:s3::ACCOUNT:accesspoint/ALIAS" and ".../object/KEY"; grant access to the bucket itself in that bucket\'s policy.',
      notMrapResource:
        'Resource "{{resource}}" is an S3 "{{type}}" ARN, not an MRAP ARN, so it never matches a request made through the MRAP. Name the MRAP ("arn:{{partition}}:s3::ACCOUNT:accesspoint/ALIAS") or its objects (".../object/KEY") instead.',
      regionalArn:
        'Resource "{{resource}}" has the Region "{{region}}", which makes it the ARN of a single-Region access point. MRAP ARNs have no Region, and a Regional ARN never matches a request made through the MRAP; remove the Region: "{{suggestion}}".',
      badPartition:
        'Resource "{{resource}}" has the partition "{{partition}}"; an ARN starts with "arn:" and a partition such as "aws", "aws-cn" or "aws-us-gov". Fix the partition so the ARN can match.',
      badAccount:
        'Resource "{{resource}}" has "{{account}}" where the 12-digit account id of the MRAP owner belongs. An MRAP ARN is "arn:PARTITION:s3::ACCOUNT:accesspoint/ALIAS": the Region is empty and the account is not; check the colons and the digits.',
      wrongAccount:
        'Resource "{{resource}}" names account {{account}}, but this MRAP belongs to account {{owner}} (the manifest\'s AccountId). An MRAP ARN carries its owner\'s account id, so this resource never matches a request made through this MRAP; use "{{suggestion}}".',
      nameAsAlias:
        'Resource "{{resource}}" uses "{{alias}}", which is the MRAP\'s name; policies use the alias. The name only serves management calls such as PutMultiRegionAccessPointPolicy, while ARNs carry the alias AWS generated at creation (ending in ".mrap", like "mfzwi23gnjvgw.mrap"); copy it from GetMultiRegionAccessPoint or the S3 console.',
      placeholderAlias:
        'Resource "{{resource}}" uses "{{alias}}" where the MRAP\'s alias belongs; it looks like a placeholder copied from an AWS documentation example, not an alias AWS generated. Replace it with this MRAP\'s alias (from GetMultiRegionAccessPoint or the S3 console; it ends in ".mrap", like "mfzwi23gnjvgw.mrap").',
      missingMrapSuffix:
        'Resource "{{resource}}" uses "{{alias}}" after "accesspoint/", which does not end in ".mrap", so it is probably the MRAP\'s name; policies use the alias. Every MRAP alias ends in ".mrap" (like "mfzwi23gnjvgw.mrap"); copy it from GetMultiRegionAccessPoint or the S3 console.',
      malformedAlias:
        'Resource "{{resource}}" uses "{{alias}}" after "accesspoint/", which is not an MRAP alias: an alias is a lowercase letter, then lowercase letters and digits, then ".mrap", at most 63 characters in all. Copy the alias AWS generated for this MRAP.',
      doubleSlash:
        'Resource "{{resource}}" uses "//" after the alias where "/object/" belongs, so it matches no object. The "//" form comes from a rendering artifact on AWS\'s Requests page; every working example uses "/object/": "{{suggestion}}".',
      objectPath:
        'Resource "{{resource}}" has "{{tail}}" after the alias, which matches no object: objects through an MRAP are named "ALIAS/object/KEY". Use "{{suggestion}}".',
    },
  },
  check(context) {
    const facts = mrapFacts(context.manifest);
    const owner = facts?.account;
    for (const statement of policyModel(context.value).statements) {
      for (const { value: resource, pointer } of resourceValues(statement)) {
        if (resource === "*") continue;
        const report = (messageId: MessageId, data: Record<string, string> = {}, severity?: "warning") =>
          context.report({ messageId, pointer, data: { resource, ...data }, ...(severity ? { severity } : {}) });
        const read = accessPointResource(resource);
        if (read.kind === "covered") continue;
        if (read.kind === "problem") {
          report(read.messageId === "otherResource" ? "notMrapResource" : read.messageId, read.data);
          continue;
        }
        const { arn, token, tail } = read;
        const { partition, region, account } = arn;
        const rebuilt = (acct: string, rest: string) => `arn:${partition}:s3::${acct}:${ACCESS_POINT}${token}${rest}`;
        // A Region pattern that can be empty ("*") also covers the MRAP ARN.
        if (region !== "" && !(hasWildcard(region) && matchesWildcard(region, ""))) {
          report("regionalArn", { region, suggestion: rebuilt(account, tail ?? "") });
          continue;
        }
        if (!PARTITION.test(partition) && !(hasWildcard(partition) && matchesWildcard(partition, "aws"))) report("badPartition", { partition });
        if (!hasPolicyVariable(account)) {
          const wrong = owner !== undefined && !matchesWildcard(account, owner);
          if (!hasWildcard(account) && !ACCOUNT.test(account)) report("badAccount", { account });
          else if (wrong) report("wrongAccount", { account, owner, suggestion: rebuilt(owner, tail ?? "") });
        }
        // With a known alias, mrap/policy-alias-match compares the token with it and names both.
        if (facts?.alias === undefined) checkAlias(token, facts?.name, report);
        if (tail !== undefined) {
          const problem = tailProblem(tail);
          if (problem) report(problem, { tail, suggestion: rebuilt(account, objectTailFix(tail)) });
        }
      }
    }
  },
});

function checkAlias(token: string, name: string | undefined, report: (messageId: MessageId, data: Record<string, string>, severity?: "warning") => void): void {
  if (token !== "" && (hasWildcard(token) || hasPolicyVariable(token))) return;
  const data = { alias: token };
  if (name !== undefined && token === name) report("nameAsAlias", data);
  else if (PLACEHOLDER.test(token)) report("placeholderAlias", data);
  // Well-formed, so it may still be real: a warning.
  else if (REPEATED.test(token)) report("placeholderAlias", data, "warning");
  else if (token !== "" && !token.endsWith(".mrap")) report("missingMrapSuffix", data);
  else if (!ALIAS.test(token) || token.length > ALIAS_MAX) report("malformedAlias", data);
}
