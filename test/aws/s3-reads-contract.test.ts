/**
 * Every S3 and S3 Control read mrap-guard makes, answered with AWS's published responses (test/fixtures/aws)
 * through the real SDK clients, into the code that interprets them.
 */
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { AwsClients } from "../../src/aws/clients.js";
import { createControlPlane } from "../../src/aws/control.js";
import { createLiveStateService } from "../../src/aws/live-state.js";
import { ServiceError } from "../../src/engine/services.js";
import { jsonMessages, runCli } from "../helpers/cli.js";
import { project } from "../helpers/project.js";
import { isolatedAwsEnv, s3Client, s3ControlClient } from "../support/clients.js";
import { fixture, startReplay, type ReplayRoute, type ReplayServer } from "../support/replay.js";

const ACCOUNT = "111122223333";
const servers: ReplayServer[] = [];
after(() => Promise.all(servers.map((server) => server.close())));

async function replay(routes: ReplayRoute[]) {
  const server = await startReplay(routes);
  servers.push(server);
  const clients = new AwsClients({ clients: { s3Control: s3ControlClient(server.url), s3: s3Client(server.url) } });
  const retry = { maxAttempts: 1 };
  return { server, live: createLiveStateService({ clients, retry, limit: (task) => task() }), control: createControlPlane({ clients, retry }) };
}

const MRAP = /^\/v20180820\/mrap\/instances\/doc-example-mrap$/;
const REPORT_REGIONS = [
  { bucket: "DOC-EXAMPLE-BUCKET-1", region: "ap-southeast-2" },
  { bucket: "DOC-EXAMPLE-BUCKET-2", region: "us-west-1", bucketAccountId: "444455556666" },
];

describe("S3 Control reads, as AWS answers them", () => {
  it("GetMultiRegionAccessPoint: each bucket's Region and account from the RegionReport", async () => {
    const { live } = await replay([{ method: "GET", path: MRAP, respond: fixture("s3control-get-mrap") }]);
    const mrap = await live.getMultiRegionAccessPoint({ accountId: ACCOUNT, name: "doc-example-mrap" });
    assert.equal(mrap?.alias, "mfzwi23gnjvgw.mrap");
    assert.equal(mrap?.status, "READY");
    assert.deepEqual(mrap?.regions, REPORT_REGIONS);
    assert.deepEqual(mrap?.publicAccessBlock, { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
  });

  it("ListMultiRegionAccessPoints: the MRAP found by its alias, with its RegionReport", async () => {
    const { control } = await replay([{ method: "GET", path: /^\/v20180820\/mrap\/instances$/, respond: fixture("s3control-list-mraps") }]);
    const mrap = await control.findByAlias(ACCOUNT, "mfzwi23gnjvgw.mrap");
    assert.equal(mrap?.name, "doc-example-mrap");
    assert.deepEqual(mrap?.regions, REPORT_REGIONS);
    assert.equal(await control.findByAlias(ACCOUNT, "other.mrap"), undefined);
  });

  it("GetMultiRegionAccessPointRoutes: bucket, Region and dial of each route", async () => {
    const { control } = await replay([{ method: "GET", path: /\/routes$/, respond: fixture("s3control-get-mrap-routes") }]);
    assert.deepEqual(await control.getRoutes(ACCOUNT, `arn:aws:s3::${ACCOUNT}:accesspoint/0000000000000.mrap`), [
      { bucket: "DOC-EXAMPLE-BUCKET-1", region: "ap-southeast-2", trafficDialPercentage: 100 },
      { bucket: "DOC-EXAMPLE-BUCKET-2", region: "us-west-1", trafficDialPercentage: 0 },
    ]);
  });

  it("GetMultiRegionAccessPointPolicy: Established and Proposed; NoSuchMultiRegionAccessPoint means no MRAP", async () => {
    const { live } = await replay([
      { method: "GET", path: /doc-example-mrap\/policy$/, respond: fixture("s3control-get-mrap-policy") },
      { method: "GET", path: /gone\/policy$/, respond: fixture("s3control-no-such-mrap") },
    ]);
    const policy = await live.getMultiRegionAccessPointPolicy({ accountId: ACCOUNT, name: "doc-example-mrap" });
    assert.match(policy?.established ?? "", /accesspoint\/mfzwi23gnjvgw\.mrap\/object\/\*/);
    assert.equal(policy?.proposed, policy?.established);
    assert.equal(await live.getMultiRegionAccessPointPolicy({ accountId: ACCOUNT, name: "gone" }), undefined);
  });

  it("GetMultiRegionAccessPointPolicyStatus and DescribeMultiRegionAccessPointOperation", async () => {
    const { control } = await replay([
      { method: "GET", path: /\/policystatus$/, respond: fixture("s3control-get-mrap-policy-status") },
      { method: "GET", path: /^\/v20180820\/async-requests\/mrap\//, respond: fixture("s3control-describe-mrap-operation") },
    ]);
    assert.equal(await control.policyIsPublic(ACCOUNT, "doc-example-mrap"), false);
    assert.deepEqual(await control.describeOperation(ACCOUNT, `arn:aws:s3:us-west-2:${ACCOUNT}:async-request/mrap/put-policy/0000000000000000`), { status: "SUCCEEDED" });
  });

  it("GetAccessPoint, GetAccessPointPolicy and GetAccessPointPolicyStatus", async () => {
    const { control } = await replay([
      { method: "GET", path: /\/accesspoint\/finance-ap$/, respond: fixture("s3control-get-access-point") },
      { method: "GET", path: /\/accesspoint\/finance-ap\/policy$/, respond: fixture("s3control-get-access-point-policy") },
      { method: "GET", path: /\/accesspoint\/finance-ap\/policyStatus$/, respond: fixture("s3control-get-access-point-policy-status") },
    ]);
    assert.deepEqual(await control.getAccessPoint("123456789012", "finance-ap", "us-west-2"), { name: "finance-ap", bucket: "business-records" });
    assert.match((await control.getAccessPointPolicy("123456789012", "finance-ap", "us-west-2")) ?? "", /accesspoint\/finance-ap\/object\/records\/\*/);
    assert.equal(await control.accessPointPolicyIsPublic("123456789012", "finance-ap", "us-west-2"), false);
  });
});

describe("S3 reads, as AWS answers them", () => {
  const head = (name: string): ReplayRoute => ({ method: "HEAD", path: /^\/DOC-EXAMPLE-BUCKET-2\/?$/, respond: fixture(name) });
  const location: ReplayRoute = { method: "GET", path: /\?location/, respond: fixture("s3-get-bucket-location") };

  it("HeadBucket: the Region from x-amz-bucket-region, on a 200 and on a 403", async () => {
    for (const [name, region] of [["s3-head-bucket", "us-west-2"], ["s3-head-bucket-403", "eu-west-1"]] as const) {
      const { live, server } = await replay([head(name), location]);
      assert.deepEqual(await live.getBucketRegion({ bucket: "DOC-EXAMPLE-BUCKET-2", expectedOwner: "444455556666" }), { region }, name);
      assert.deepEqual(server.requests.map((r) => r.method), ["HEAD"], `${name}: GetBucketLocation is not sent`);
    }
  });

  it("HeadBucket 404: the bucket does not exist", async () => {
    const { live } = await replay([head("s3-head-bucket-404")]);
    assert.deepEqual(await live.getBucketRegion({ bucket: "DOC-EXAMPLE-BUCKET-2" }), { missing: "NoSuchBucket: the bucket does not exist" });
  });

  it("GetBucketLocation only when a 403 carries no x-amz-bucket-region", async () => {
    const bare = { ...fixture("s3-head-bucket-403"), headers: {} };
    const { live, server } = await replay([{ method: "HEAD", path: /./, respond: bare }, location]);
    assert.deepEqual(await live.getBucketRegion({ bucket: "DOC-EXAMPLE-BUCKET-2" }), { region: "us-west-2" });
    assert.deepEqual(server.requests.map((r) => r.method), ["HEAD", "GET"]);
  });

  it("GetBucketPolicy: the policy text; a 405 is a ServiceError coded MethodNotAllowed", async () => {
    const { live } = await replay([
      { method: "GET", path: /^\/amzn-s3-demo-bucket\/?\?policy/, respond: fixture("s3-get-bucket-policy") },
      { method: "GET", path: /^\/DOC-EXAMPLE-BUCKET-2\/?\?policy/, respond: fixture("s3-get-bucket-policy-405") },
    ]);
    assert.match((await live.getBucketPolicy({ bucket: "amzn-s3-demo-bucket" })) ?? "", /arn:aws:s3:::amzn-s3-demo-bucket\/secret\/\*/);
    await assert.rejects(live.getBucketPolicy({ bucket: "DOC-EXAMPLE-BUCKET-2" }), (error: unknown) => error instanceof ServiceError && error.code === "MethodNotAllowed" && error.httpStatus === 405);
  });
});

describe("lint --live with a bucket of another account, as AWS answers", () => {
  const MANIFEST = `AccountId: "${ACCOUNT}"
MultiRegionAccessPoint:
  Name: doc-example-mrap
  Regions:
    - Bucket: DOC-EXAMPLE-BUCKET-1
      Region: ap-southeast-2
    - Bucket: DOC-EXAMPLE-BUCKET-2
      BucketAccountId: "444455556666"
`;

  async function lint(policyAnswer: string) {
    const server = await startReplay([
      { method: "GET", path: MRAP, respond: fixture("s3control-get-mrap") },
      { method: "GET", path: /doc-example-mrap\/policy$/, respond: fixture("s3control-get-mrap-policy") },
      { method: "GET", path: /^\/DOC-EXAMPLE-BUCKET-1\/?\?policy/, respond: fixture("s3-get-bucket-policy") },
      { method: "GET", path: /^\/DOC-EXAMPLE-BUCKET-2\/?\?policy/, respond: fixture(policyAnswer) },
    ]);
    servers.push(server);
    const cwd = await project({ "orders.mrap.yaml": MANIFEST });
    // The SDK's credential chain reads process.env itself.
    const saved = process.env;
    process.env = isolatedAwsEnv(saved, { AWS_ENDPOINT_URL_S3_CONTROL: server.url, AWS_ENDPOINT_URL_S3: server.url });
    try {
      const { stdout } = await runCli(["lint", "--live", "--format", "json", "orders.mrap.yaml"], { cwd, env: process.env });
      return { server, findings: jsonMessages(stdout) };
    } finally {
      process.env = saved;
    }
  }

  for (const answer of ["s3-get-bucket-policy-405", "s3-get-bucket-policy-403"]) {
    it(`${answer}: mrap/cross-account-bucket-policy at BucketAccountId, no service error, no bucket Region lookup`, async () => {
      const { server, findings } = await lint(answer);
      assert.ok(!findings.some((f) => f.ruleId === "core/service-error"), JSON.stringify(findings, null, 1));
      const found = findings.filter((f) => f.ruleId === "mrap/cross-account-bucket-policy");
      assert.deepEqual(found.map((f) => `${f.file}:${f.line}`), ["orders.mrap.yaml:8"]);
      const status = answer.endsWith("405") ? "HTTP 405 MethodNotAllowed" : "HTTP 403 AccessDenied";
      assert.equal(
        found[0]!.message,
        `The bucket policy of "DOC-EXAMPLE-BUCKET-2" (account 444455556666) cannot be read from account ${ACCOUNT}: GetBucketPolicy answered ${status}, and only the bucket owner's account may read a bucket policy. Give it in the manifest (BucketPolicy, inline or as a path) so the grant this Multi-Region Access Point needs can be checked.`,
      );
      // The RegionReport gave both Regions: the Region rules had them, and no bucket was looked up.
      assert.ok(!findings.some((f) => f.ruleId === "mrap/region-unknown"), JSON.stringify(findings, null, 1));
      assert.deepEqual(server.requests.filter((r) => r.method === "HEAD" || r.path.includes("?location")), []);
    });
  }
});
