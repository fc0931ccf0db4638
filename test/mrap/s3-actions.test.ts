import assert from "node:assert/strict";
import { it } from "node:test";
import { actionLevels, classifyS3Action, isS3Service, matchingNames, MRAP_DATA_ACTIONS, MRAP_VERSION_ACTIONS, splitAction } from "../../src/mrap/s3-actions.js";

it("classifies literal S3 action names, case-insensitively, with their canonical spelling", () => {
  assert.deepEqual(classifyS3Action("getobject"), { kind: "data", action: { name: "GetObject", level: "object" } });
  assert.deepEqual(classifyS3Action("ListBucketVersions"), { kind: "version", action: { name: "ListBucketVersions", level: "bucket", base: "ListBucket" } });
  assert.deepEqual(classifyS3Action("putmultiregionaccesspointpolicy"), { kind: "control", name: "PutMultiRegionAccessPointPolicy" });
  assert.deepEqual(classifyS3Action("CreateJob"), { kind: "batch", name: "CreateJob" });
  assert.deepEqual(classifyS3Action("HeadObject"), { kind: "operation", operation: "HeadObject", action: "GetObject" });
  assert.deepEqual(classifyS3Action("CopyObject"), { kind: "operation", operation: "CopyObject", action: "PutObject" });
  assert.deepEqual(classifyS3Action("GetBucketPolicy"), { kind: "unknown" });
});

it("gives the object and bucket levels an action or pattern reaches through an MRAP", () => {
  assert.deepEqual([...actionLevels("GetObject")], ["object"]);
  assert.deepEqual([...actionLevels("ListBucket")], ["bucket"]);
  assert.deepEqual([...actionLevels("List*")].sort(), ["bucket", "object"], "ListMultipartUploadParts is an object action");
  assert.deepEqual([...actionLevels("*")].sort(), ["bucket", "object"]);
  assert.deepEqual([...actionLevels("CreateMultiRegionAccessPoint")], []);
  assert.deepEqual([...actionLevels("*MultiRegionAccessPoint*")], []);
});

it("keeps data and version actions apart, each version action naming a data action", () => {
  const data = new Set(MRAP_DATA_ACTIONS.map((a) => a.name));
  for (const action of MRAP_VERSION_ACTIONS) {
    assert.ok(data.has(action.base), action.name);
    assert.ok(!data.has(action.name), action.name);
  }
});

it("splits actions at the first colon and matches the service part as a pattern", () => {
  assert.deepEqual(splitAction("s3:GetObject"), { service: "s3", name: "GetObject" });
  assert.deepEqual(splitAction("s3:a:b"), { service: "s3", name: "a:b" });
  assert.equal(splitAction("GetObject"), undefined);
  assert.equal(isS3Service("S3"), true);
  assert.equal(isS3Service("s?"), true);
  assert.equal(isS3Service("s3-object-lambda"), false);
  assert.deepEqual(matchingNames("get*", ["GetObject", "PutObject", "GetObjectAcl"]), ["GetObject", "GetObjectAcl"]);
});
