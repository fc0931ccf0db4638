import assert from "node:assert/strict";
import { it } from "node:test";
import { parseArn } from "../../src/iam/arn.js";

it("splits an ARN at its first five colons; the resource keeps the rest", () => {
  assert.deepEqual(parseArn("arn:aws:s3:us-east-1:111122223333:accesspoint/ap:with:colons"), {
    partition: "aws",
    service: "s3",
    region: "us-east-1",
    account: "111122223333",
    resource: "accesspoint/ap:with:colons",
  });
  assert.deepEqual(parseArn("arn:aws-cn:s3:::bucket/key\nline"), { partition: "aws-cn", service: "s3", region: "", account: "", resource: "bucket/key\nline" });
});

it("is not an ARN without the prefix and six parts", () => {
  assert.equal(parseArn("arn:aws:s3::bucket"), undefined);
  assert.equal(parseArn("ARN:aws:s3:::bucket"), undefined);
  assert.equal(parseArn("111122223333"), undefined);
});
