import { defineRule } from "../../src/engine/rule-kit.js";
import { parseArn } from "../../src/iam/arn.js";
import { mrapArn } from "../../src/mrap/s3-arn.js";
import { DATA_ACCESS_POINT_ARN, delegationsOf } from "../../src/mrap/delegating-statements.js";
import { mrapFacts } from "../../src/mrap/manifest-facts.js";
import { policyModel, type Located } from "../../src/iam/policy-model.js";
import { accessPointArnAccount } from "../../src/iam/public-statement.js";
import { hasPolicyVariable, matchesWildcard } from "../../src/iam/wildcard.js";

const ACCOUNT_ID = /^\d{12}$/;

type MessageId = "bucketAccount" | "otherAccount" | "otherAccessPoint";

/** One fixed delegation value and whether it reaches this MRAP. */
interface Candidate extends Located<string> {
  key: string;
  /** The account it delegates to (the value itself, or the account field of the ARN). */
  account: string;
  covers: boolean;
  /** The MRAP ARN it was compared with, when the alias is known and the account matched. */
  expected?: string;
}

export default defineRule<MessageId>({
  id: "mrap/delegation-account",
  meta: {
    type: "problem",
    docs: { description: "Require bucket delegation to the account that owns the Multi-Region Access Point", recommended: true },
    severity: "error",
    appliesTo: ["bucket-policy"],
    messages: {
      bucketAccount:
        'Bucket "{{bucket}}" delegates with {{key}} "{{value}}" to its own account {{account}}, not to {{owner}}, which owns the Multi-Region Access Point. S3 compares the key with the access point that a request came through, so requests through the MRAP are not delegated; use {{owner}}.',
      otherAccount:
        'Bucket "{{bucket}}" delegates with {{key}} "{{value}}" to account {{account}}, but the Multi-Region Access Point is owned by {{owner}} (manifest AccountId), so requests through the MRAP are not delegated; use {{owner}}.',
      otherAccessPoint:
        'Bucket "{{bucket}}" delegates with s3:DataAccessPointArn "{{value}}", which does not name this Multi-Region Access Point ({{expected}}), so requests through the MRAP are not delegated. An MRAP that was recreated has a new alias; update the ARN.',
    },
  },
  check(context) {
    const role = context.target.role;
    if (role?.type !== "bucket") return;
    const facts = mrapFacts(context.manifest);
    const owner = facts?.account;
    const entry = facts?.regions[role.index];
    if (!facts || owner === undefined || !entry) return;
    const candidates: Candidate[] = [];
    for (const delegation of delegationsOf(policyModel(context.value).statements)) {
      for (const dc of delegation.conditions) {
        const like = /Like$/.test(dc.condition.operator.base);
        for (const value of dc.values) {
          // Values with a wildcard or a variable are mrap/delegation-scope's to report.
          if (hasPolicyVariable(value.value)) continue;
          if (dc.key === DATA_ACCESS_POINT_ARN) {
            const account = accessPointArnAccount(value.value);
            if (account === undefined) continue;
            if (account !== owner || facts.alias === undefined) {
              candidates.push({ ...value, key: dc.key, account, covers: account === owner });
              continue;
            }
            const partition = parseArn(value.value)!.partition;
            const expected = mrapArn(partition, owner, facts.alias);
            // A pattern match costs the product of the two lengths, and partition names are short ("aws-us-gov").
            const covers = like ? partition.length <= 32 && matchesWildcard(value.value, expected) : value.value === expected;
            candidates.push({ ...value, key: dc.key, account, covers, expected });
          } else if (ACCOUNT_ID.test(value.value)) {
            candidates.push({ ...value, key: dc.key, account: value.value, covers: value.value === owner });
          }
        }
      }
    }
    // A bucket may delegate to several access points (§4.2 "list each"); one that reaches this MRAP is enough.
    if (candidates.some((c) => c.covers)) return;
    const bucket = entry.bucket ?? `Regions[${role.index}]`;
    for (const c of candidates) {
      const data = { bucket, key: c.key, value: c.value, account: c.account, owner };
      if (c.account === owner) context.report({ messageId: "otherAccessPoint", pointer: c.pointer, data: { ...data, expected: c.expected ?? "" } });
      else if (c.account === entry.bucketAccountId) context.report({ messageId: "bucketAccount", pointer: c.pointer, data });
      else context.report({ messageId: "otherAccount", pointer: c.pointer, data });
    }
  },
});
