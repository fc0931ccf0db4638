import assert from "node:assert/strict";
import { it } from "node:test";
import { policyModel } from "../../src/iam/policy-model.js";
import {
  accessPointResource,
  ACCESS_POINT_OBJECT,
  BUCKET_BARE,
  canMatch,
  canMatchBucket,
  MRAP_BARE,
  mrapScope,
  objectTailFix,
  resourceValues,
  splitAccessPoint,
  tailProblem,
} from "../../src/mrap/resource-patterns.js";

it("says what an MRAP policy Resource can match: the MRAP, its objects, both or neither", () => {
  assert.deepEqual(mrapScope("arn:aws:s3::111122223333:accesspoint/a.mrap"), { bare: true, object: false });
  assert.deepEqual(mrapScope("arn:aws:s3::111122223333:accesspoint/a.mrap/object/*"), { bare: false, object: true });
  assert.deepEqual(mrapScope("arn:aws:s3::111122223333:accesspoint/*"), { bare: true, object: true });
  assert.deepEqual(mrapScope("*"), { bare: true, object: true });
  assert.deepEqual(mrapScope("arn:aws:s3:::bucket/*"), { bare: false, object: false });
  assert.deepEqual(mrapScope("arn:aws:s3:us-east-1:111122223333:accesspoint/ap"), { bare: false, object: false }, "a Regional access point is not the MRAP");
});

it("matches wildcards and policy variables against ARN templates", () => {
  assert.equal(canMatch("arn:aws:s3:::${aws:username}", BUCKET_BARE), true);
  assert.equal(canMatch("arn:aws:s3:::a/b", BUCKET_BARE), false);
  assert.equal(canMatch("arn:*:s3:*:*:accesspoint/*/object/?", ACCESS_POINT_OBJECT), true);
  assert.equal(canMatch("arn:aws:s3::111122223333:accesspoint/a.mrap/x", MRAP_BARE), false, "an alias has no slash");
});

it("tells whether a Resource can reach one named bucket or its objects", () => {
  assert.equal(canMatchBucket("arn:aws:s3:::orders-use1", "orders-use1"), true);
  assert.equal(canMatchBucket("arn:aws:s3:::orders-*/*", "orders-use1"), true);
  assert.equal(canMatchBucket("arn:aws:s3:::orders-euw1/*", "orders-use1"), false);
  assert.equal(canMatchBucket("arn:aws:s3:::orders-use1x", "orders-use1"), false);
});

it("finds object-path mistakes after an access point and says how to fix them", () => {
  assert.equal(tailProblem("//reports/*"), "doubleSlash");
  assert.equal(tailProblem("/reports/*"), "objectPath");
  assert.equal(tailProblem("/object/"), "objectPath");
  assert.equal(tailProblem("/object/reports/*"), undefined);
  assert.equal(tailProblem("/*"), undefined, "a wildcard can still reach /object/");
  assert.equal(objectTailFix("//reports/*"), "/object/reports/*");
  assert.equal(objectTailFix("/reports/*"), "/object/reports/*");
  assert.equal(objectTailFix("/object"), "/object/*");
});

it("reads a Resource down to accesspoint/TOKEN[TAIL], or says why it is not an access point ARN", () => {
  const ap = accessPointResource("arn:aws:s3::111122223333:accesspoint/a.mrap/object/x");
  assert.equal(ap.kind, "access-point");
  if (ap.kind === "access-point") assert.deepEqual([ap.partition, ap.token, ap.tail], ["aws", "a.mrap", "/object/x"]);
  assert.deepEqual(accessPointResource("orders"), { kind: "problem", messageId: "notArn", data: {} });
  assert.deepEqual(accessPointResource("arn:aws:sqs:us-east-1:111122223333:q"), { kind: "problem", messageId: "notS3", data: { service: "sqs", partition: "aws" } });
  assert.deepEqual(accessPointResource("arn:aws:s3:::orders/*"), { kind: "problem", messageId: "bucketArn", data: { bucket: "orders", partition: "aws" } });
  assert.deepEqual(accessPointResource("arn:aws:s3:us-east-1:111122223333:job/1"), { kind: "problem", messageId: "otherResource", data: { type: "job", partition: "aws" } });
  assert.deepEqual(accessPointResource("arn:aws:s3::111122223333:*"), { kind: "covered" });
  assert.deepEqual(splitAccessPoint("name"), { token: "name", tail: undefined });
});

it("lists Resource and NotResource values with their pointers", () => {
  const [statement] = policyModel({ Statement: [{ Effect: "Deny", NotResource: ["arn:aws:s3:::a"] }] }).statements;
  assert.ok(statement);
  assert.deepEqual(resourceValues(statement), [{ value: "arn:aws:s3:::a", pointer: "/Statement/0/NotResource/0" }]);
});
