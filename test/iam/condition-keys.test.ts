import assert from "node:assert/strict";
import { it } from "node:test";
import { keyService, lookupConditionKey } from "../../src/iam/condition-keys.js";

it("answers global keys from the global list, with their extra operator families", () => {
  assert.deepEqual(lookupConditionKey("aws:epochtime"), { key: "aws:EpochTime", type: "Date", alsoWorksWith: ["Numeric"], multivalued: false, global: true });
  assert.equal(lookupConditionKey("aws:PrincipalTag/team")?.key, "aws:PrincipalTag/team", "a tag key keeps the policy's spelling");
});

it("never answers an unknown aws: key from service data", () => {
  assert.equal(lookupConditionKey("aws:NoSuchKey"), undefined);
});

it("answers service keys from the IAM data: canonical spelling, multivalued for ArrayOf types", () => {
  assert.deepEqual(lookupConditionKey("s3:dataaccesspointarn"), { key: "s3:DataAccessPointArn", type: "ARN", alsoWorksWith: [], multivalued: false, global: false });
  assert.equal(lookupConditionKey("s3:RequestObjectTagKeys")?.multivalued, true);
  assert.equal(lookupConditionKey("s3:NoSuchKey"), undefined);
});

it("gives a key's service prefix in lower case", () => {
  assert.equal(keyService("S3:prefix"), "s3");
  assert.equal(keyService("aws:SourceIp"), "aws");
  assert.equal(keyService("prefix"), undefined);
  assert.equal(keyService(":x"), undefined);
});
