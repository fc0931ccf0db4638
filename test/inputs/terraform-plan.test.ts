/**
 * Terraform plan JSON into virtual manifests. The fixture is the plan of the provider's documented examples
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3control_multi_region_access_point,
 * .../s3control_multi_region_access_point_policy, .../s3_bucket_policy, .../s3_access_point), in the shape of
 * https://developer.hashicorp.com/terraform/internals/json-format (nested blocks as lists, unknown values in after_unknown).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { JsonValue } from "../../src/document/index.js";
import { isTerraformPlan, readTerraformPlan } from "../../src/inputs/terraform-plan.js";

const bucketPolicy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:*", Resource: "arn:aws:s3:::example-bucket-foo/*", Condition: { StringEquals: { "s3:DataAccessPointAccount": "123456789012" } } }] });

const plan = {
  format_version: "1.2",
  terraform_version: "1.9.0",
  planned_values: { root_module: { resources: [] } },
  resource_changes: [
    {
      address: "aws_s3control_multi_region_access_point.example",
      mode: "managed",
      type: "aws_s3control_multi_region_access_point",
      name: "example",
      change: {
        actions: ["create"],
        before: null,
        after: {
          details: [
            {
              name: "example",
              public_access_block: [{ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true }],
              region: [{ bucket: "example-bucket-foo", bucket_account_id: "123456789012" }, { bucket: "example-bucket-bar" }],
            },
          ],
          timeouts: null,
        },
        after_unknown: { account_id: true, alias: true, arn: true, details: [{ public_access_block: [{}], region: [{ region: true }, { bucket_account_id: true, region: true }] }], id: true },
      },
    },
    {
      address: "aws_s3control_multi_region_access_point_policy.example",
      mode: "managed",
      type: "aws_s3control_multi_region_access_point_policy",
      name: "example",
      change: { actions: ["create"], before: null, after: { details: [{ name: "example" }] }, after_unknown: { account_id: true, details: [{ policy: true }], established: true, id: true, proposed: true } },
    },
    {
      address: "aws_s3_bucket_policy.foo",
      mode: "managed",
      type: "aws_s3_bucket_policy",
      name: "foo",
      change: { actions: ["create"], before: null, after: { bucket: "example-bucket-foo", policy: bucketPolicy }, after_unknown: { id: true } },
    },
    {
      address: "module.reports.aws_s3_access_point.example",
      mode: "managed",
      type: "aws_s3_access_point",
      name: "example",
      change: { actions: ["create"], before: null, after: { bucket: "example-bucket-bar", name: "example", public_access_block_configuration: [{ block_public_acls: true }] }, after_unknown: { account_id: true, arn: true, alias: true } },
    },
    { address: "aws_s3_bucket_policy.gone", mode: "managed", type: "aws_s3_bucket_policy", name: "gone", change: { actions: ["delete"], before: {}, after: null } },
    { address: "aws_s3_bucket_policy.other", mode: "managed", type: "aws_s3_bucket_policy", name: "other", change: { actions: ["create"], after: { bucket: "unrelated", policy: "{}" }, after_unknown: {} } },
  ],
};

describe("terraform plan", () => {
  it("detects plan JSON", () => {
    assert.equal(isTerraformPlan(plan as unknown as JsonValue), true);
    assert.equal(isTerraformPlan({ Resources: {} }), false);
    assert.equal(readTerraformPlan("text"), undefined);
  });

  it("maps the MRAP, its bucket policy and access point; unknown values are unresolved", () => {
    const reading = readTerraformPlan(plan as unknown as JsonValue)!;
    assert.equal(reading.manifests.length, 1);
    const m = reading.manifests[0]!;
    assert.equal(m.source, "aws_s3control_multi_region_access_point.example");
    assert.deepEqual(m.value, {
      MultiRegionAccessPoint: {
        Name: "example",
        PublicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
        Regions: [{ Bucket: "example-bucket-foo", BucketAccountId: "123456789012", BucketPolicy: bucketPolicy }, { Bucket: "example-bucket-bar" }],
      },
      AccessPoints: [{ Bucket: "example-bucket-bar", Name: "example" }],
    });
    const c = "/resource_changes/0/change/after";
    assert.equal(m.origin("/MultiRegionAccessPoint/Name"), `${c}/details/0/name`);
    assert.equal(m.origin("/MultiRegionAccessPoint/Regions/1/Bucket"), `${c}/details/0/region/1/bucket`);
    assert.equal(m.origin("/MultiRegionAccessPoint/PublicAccessBlock/BlockPublicPolicy"), `${c}/details/0/public_access_block/0/block_public_policy`);
    assert.equal(m.origin("/MultiRegionAccessPoint/Regions/0/BucketPolicy"), "/resource_changes/2/change/after/policy");
    assert.equal(m.origin("/AccessPoints/0/Name"), "/resource_changes/3/change/after/name");
    assert.deepEqual(
      m.unresolved.map((u) => [u.pointer, u.at]),
      [
        ["/resource_changes/0/change/after_unknown/account_id", "/AccountId"],
        ["/resource_changes/0/change/after_unknown/details/0/region/0/region", "/MultiRegionAccessPoint/Regions/0/Region"],
        ["/resource_changes/0/change/after_unknown/details/0/region/1/bucket_account_id", "/MultiRegionAccessPoint/Regions/1/BucketAccountId"],
        ["/resource_changes/0/change/after_unknown/details/0/region/1/region", "/MultiRegionAccessPoint/Regions/1/Region"],
        ["/resource_changes/1/change/after_unknown/details/0/policy", "/MultiRegionAccessPoint/Policy"],
        ["/resource_changes/3/change/after_unknown/account_id", "/AccessPoints/0/AccountId"],
      ],
    );
    assert.deepEqual(m.unmapped.map((u) => u.pointer), ["/resource_changes/3/change/after/public_access_block_configuration"]);
    assert.deepEqual(reading.detached.map((d) => d.pointer), ["/resource_changes/5/change/after/bucket"]);
  });

  it("reads planned_values (and child modules) when there are no resource changes", () => {
    const state = {
      format_version: "1.0",
      values: { root_module: { child_modules: [{ address: "module.m", resources: [{ address: "module.m.aws_s3control_multi_region_access_point.x", mode: "managed", type: "aws_s3control_multi_region_access_point", values: { account_id: "123456789012", alias: "mfzwi23gnjvgw.mrap", details: [{ name: "x1", region: [{ bucket: "b1", region: "us-east-1" }] }] } }] }] } },
    };
    const m = readTerraformPlan(state)!.manifests[0]!;
    assert.deepEqual(m.value, { AccountId: "123456789012", MultiRegionAccessPoint: { Name: "x1", Alias: "mfzwi23gnjvgw.mrap", Regions: [{ Bucket: "b1", Region: "us-east-1" }] } });
    assert.equal(m.origin("/MultiRegionAccessPoint/Alias"), "/values/root_module/child_modules/0/resources/0/values/alias");
  });

  it("a plan without MRAPs gives none, and hostile plans never throw and stay linear", () => {
    assert.deepEqual(readTerraformPlan({ format_version: "1.0", resource_changes: [] })!.manifests, []);
    for (const value of [
      { format_version: "1.0", resource_changes: [null, 1, { type: "aws_s3control_multi_region_access_point", address: "a", change: { after: { details: "x" }, after_unknown: [] } }] },
      { format_version: "1.0", resource_changes: [{ type: "aws_s3control_multi_region_access_point", address: "a", change: { after: { details: [{ region: [null, { bucket: 5 }] }] }, after_unknown: true } }] },
    ] as JsonValue[]) assert.doesNotThrow(() => readTerraformPlan(value));
    let module: JsonValue = { resources: [] };
    for (let i = 0; i < 5_000; i++) module = { child_modules: [module] };
    assert.doesNotThrow(() => readTerraformPlan({ format_version: "1.0", planned_values: { root_module: module } }));
    const changes: JsonValue[] = [];
    for (let i = 0; i < 2_000; i++) changes.push({ address: `aws_s3control_multi_region_access_point.m${i}`, type: "aws_s3control_multi_region_access_point", change: { after: { details: [{ name: `m${i}`, region: [{ bucket: `b${i}` }] }] } } });
    for (let i = 0; i < 2_000; i++) changes.push({ address: `aws_s3_bucket_policy.p${i}`, type: "aws_s3_bucket_policy", change: { after: { bucket: `b${i}`, policy: "{}" } } });
    const started = Date.now();
    assert.equal(readTerraformPlan({ format_version: "1.0", resource_changes: changes })!.manifests.length, 2_000);
    assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms`);
  });
});
