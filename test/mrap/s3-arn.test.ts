import assert from "node:assert/strict";
import { it } from "node:test";
import { mrapArn, s3Resource } from "../../src/mrap/s3-arn.js";

it("tells MRAP, access point and bucket ARNs apart, with the name and object key", () => {
  const mrap = s3Resource("arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/reports/*");
  assert.equal(mrap?.kind, "mrap");
  assert.equal(mrap?.name, "mfzwi23gnjvgw.mrap");
  assert.equal(mrap?.object, "reports/*");

  const ap = s3Resource("arn:aws:s3:us-east-1:111122223333:accesspoint/orders-ap");
  assert.equal(ap?.kind, "access-point");
  assert.equal(ap?.name, "orders-ap");
  assert.equal(ap?.object, undefined);

  const bucket = s3Resource("arn:aws:s3:::orders-use1/a/b.txt");
  assert.equal(bucket?.kind, "bucket");
  assert.equal(bucket?.name, "orders-use1");
  assert.equal(bucket?.object, "a/b.txt");
  assert.equal(s3Resource("arn:aws:s3:::orders-use1")?.object, undefined);
});

it("keeps a tail after an access point that is not /object/ as written", () => {
  assert.equal(s3Resource("arn:aws:s3::111122223333:accesspoint/a.mrap//reports/x")?.object, "//reports/x");
});

it("classifies other S3 resources as other, and other services not at all", () => {
  assert.equal(s3Resource("arn:aws:s3:us-east-1:111122223333:job/abc")?.kind, "other");
  assert.equal(s3Resource("arn:aws:iam::111122223333:root"), undefined);
  assert.equal(s3Resource("orders-use1"), undefined);
});

it("builds the MRAP ARN that policies and s3:DataAccessPointArn use", () => {
  assert.equal(mrapArn("aws", "111122223333", "mfzwi23gnjvgw.mrap"), "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap");
  assert.equal(s3Resource(mrapArn("aws-cn", "111122223333", "a.mrap"))?.kind, "mrap");
});
