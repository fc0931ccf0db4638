import assert from "node:assert/strict";
import { it } from "node:test";
import { bucketNameProblem, UNCERTAIN_BUCKET_NAME_PROBLEMS } from "../../src/mrap/bucket-names.js";

it("accepts general purpose bucket names", () => {
  for (const name of ["orders-use1", "a.b.c", "abc", "x".repeat(63)]) assert.equal(bucketNameProblem(name), undefined, name);
});

it("names the first rule a bucket name breaks, most specific first", () => {
  const cases: [string, ReturnType<typeof bucketNameProblem>][] = [
    ["arn:aws:s3-outposts:us-east-1:111122223333:outpost/op-1/bucket/b", { id: "outposts" }],
    ["arn:aws:s3:::orders/key", { id: "bucketArn", name: "orders" }],
    ["arn:aws:iam::111122223333:root", { id: "arn" }],
    ["orders--usw2-az1--x-s3", { id: "directoryBucket" }],
    ["mfzwi23gnjvgw.mrap", { id: "reservedSuffix", suffix: ".mrap", reason: 'is reserved for Multi-Region Access Points (an MRAP alias such as "mfzwi23gnjvgw.mrap" is not a bucket): list the bucket\'s own name' }],
    ["ab", { id: "tooShort", length: 2 }],
    ["x".repeat(64), { id: "tooLong", length: 64 }],
    ["Orders", { id: "uppercase" }],
    ["orders_1", { id: "invalidCharacter", character: "_" }],
    ["-orders", { id: "edgeCharacter", where: "begins", character: "-" }],
    ["orders.", { id: "edgeCharacter", where: "ends", character: "." }],
    ["a..b", { id: "adjacentPeriods" }],
    ["192.168.5.4", { id: "ipAddress" }],
    ["xn--orders", { id: "reservedPrefix", prefix: "xn--" }],
    ["orders-111122223333-us-east-1-an", { id: "accountRegionalNamespace", account: "111122223333", region: "us-east-1" }],
    ["orders-an", { id: "anSuffix" }],
  ];
  for (const [name, expected] of cases) assert.deepEqual(bucketNameProblem(name), expected, name);
});

it("leaves only the account-regional namespace problems uncertain", () => {
  assert.deepEqual([...UNCERTAIN_BUCKET_NAME_PROBLEMS].sort(), ["accountRegionalNamespace", "anSuffix"]);
});
