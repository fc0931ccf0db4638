import assert from "node:assert/strict";
import { it } from "node:test";
import type { JsonValue } from "../../src/document/index.js";
import type { ManifestView } from "../../src/mrap/manifest-view.js";
import { bucketRequest, delegationOf, evaluateGrant, isSameAccount, listText, MRAP_BUCKET_ACTIONS, MRAP_OBJECT_ACTIONS, type Delegation } from "../../src/mrap/routed-grants.js";

/** A policy document as the caller's own type: the model must hand it back unchanged. */
interface Doc {
  value: JsonValue;
  name: string;
}

const ALIAS = "mfzwi23gnjvgw.mrap";
const MRAP_ARN = `arn:aws:s3::111122223333:accesspoint/${ALIAS}`;

const mrapPolicy: JsonValue = {
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { AWS: "arn:aws:iam::444455556666:role/reader" }, Action: ["s3:GetObject", "s3:ListBucket"], Resource: [MRAP_ARN, `${MRAP_ARN}/object/reports/*`] },
    { Effect: "Allow", Principal: { AWS: "111122223333" }, Action: "s3:PutObject", Resource: `${MRAP_ARN}/object/*` },
  ],
};

const delegating: JsonValue = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: ["arn:aws:s3:::orders-use1", "arn:aws:s3:::orders-use1/*"], Condition: { StringEquals: { "s3:DataAccessPointAccount": "111122223333" } } }],
};
const empty: JsonValue = { Version: "2012-10-17", Statement: [] };

function manifest(bucketPolicies: Map<number, Doc>, fields: { [key: string]: JsonValue } = {}): ManifestView<Doc> {
  return {
    target: {
      value: {
        AccountId: "111122223333",
        MultiRegionAccessPoint: { Name: "orders", Alias: ALIAS, Regions: [{ Bucket: "orders-use1", Region: "us-east-1" }, { Bucket: "orders-euw1", BucketAccountId: "777788889999" }, { Bucket: "orders-apse2" }] },
        ...fields,
      },
    },
    mrapPolicy: { value: mrapPolicy },
    bucketPolicies,
  };
}

function analysed(view: ManifestView<Doc>): Delegation<Doc> {
  const delegation = delegationOf(view);
  assert.ok(delegation);
  return delegation;
}

it("translates what the MRAP policy allows into grants, with the context a request through the MRAP carries", () => {
  const delegation = analysed(manifest(new Map([[0, { value: delegating, name: "use1" }]])));
  assert.equal(delegation.owner, "111122223333");
  assert.equal(delegation.arnText, MRAP_ARN);
  assert.deepEqual(delegation.context, { "s3:DataAccessPointAccount": "111122223333", "s3:DataAccessPointArn": MRAP_ARN, "aws:SecureTransport": "true" });
  assert.deepEqual(
    delegation.grants.map((g) => [g.principalLabel, g.principalAccount, g.what]),
    [
      ["arn:aws:iam::444455556666:role/reader", "444455556666", 's3:GetObject on "reports/*"'],
      ["arn:aws:iam::444455556666:role/reader", "444455556666", "s3:ListBucket"],
      ["account 111122223333", "111122223333", "s3:PutObject"],
    ],
  );
});

it("lists only the buckets whose policy is given, each with its owner and the caller's document", () => {
  const doc = { value: delegating, name: "euw1" };
  const delegation = analysed(manifest(new Map([[1, doc]])));
  assert.equal(delegation.buckets.length, 1);
  const [bucket] = delegation.buckets;
  assert.ok(bucket);
  assert.equal(bucket.target, doc);
  assert.equal(bucket.account, "777788889999");
  assert.equal(bucket.place, "orders-euw1");
  assert.equal(bucket.routed, "orders-euw1");
});

it("evaluates each grant against the bucket policy it is routed to", () => {
  const delegation = analysed(manifest(new Map([[0, { value: delegating, name: "use1" }], [2, { value: empty, name: "apse2" }]])));
  const [use1, apse2] = delegation.buckets;
  const [read] = delegation.grants;
  assert.ok(use1 && apse2 && read);
  assert.deepEqual(bucketRequest(delegation, use1, read), {
    principal: "arn:aws:iam::444455556666:role/reader",
    action: "s3:GetObject",
    resource: "arn:aws:s3:::orders-use1/reports/*",
    context: delegation.context,
    holds: [],
  });
  assert.equal(evaluateGrant(delegation, use1, read).decision, "allowed");
  assert.equal(evaluateGrant(delegation, apse2, read).decision, "not-allowed");
  assert.equal(evaluateGrant(delegation, use1, read), evaluateGrant(delegation, use1, read), "evaluated once");
  assert.equal(isSameAccount(delegation, use1, read), false);
  const write = delegation.grants[2];
  assert.ok(write);
  assert.equal(isSameAccount(delegation, use1, write), true);
});

it("needs the owner account and an MRAP policy", () => {
  assert.equal(delegationOf(manifest(new Map(), { AccountId: "owner" })), undefined);
  assert.equal(delegationOf({ ...manifest(new Map()), mrapPolicy: undefined }), undefined);
  assert.equal(delegationOf(undefined), undefined);
});

it("splits the MRAP actions into bucket and object levels and writes lists for messages", () => {
  assert.ok(MRAP_BUCKET_ACTIONS.includes("s3:ListBucket"));
  assert.ok(MRAP_OBJECT_ACTIONS.includes("s3:GetObject"));
  assert.ok(!MRAP_OBJECT_ACTIONS.some((a) => MRAP_BUCKET_ACTIONS.includes(a)));
  assert.equal(listText([]), "");
  assert.equal(listText(["a"]), "a");
  assert.equal(listText(["a", "b", "c"]), "a, b and c");
});
