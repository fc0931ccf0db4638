/**
 * Contract: the S3 Control write answers the guarded apply reads (test/fixtures/aws/s3control-*.json), replayed
 * through the real S3ControlClient into the functions of src/aws/control.ts that send them.
 */
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { AwsClients } from "../../src/aws/clients.js";
import { createControlPlane } from "../../src/aws/control.js";
import { s3ControlClient } from "../support/clients.js";
import { fixture, startReplay, type ReplayRoute, type ReplayServer } from "../support/replay.js";

const ACCOUNT = "111122223333";
const servers: ReplayServer[] = [];
after(() => Promise.all(servers.map((server) => server.close())));

async function replay(routes: ReplayRoute[]) {
  const server = await startReplay(routes);
  servers.push(server);
  const clients = new AwsClients({ clients: { s3Control: s3ControlClient(server.url) } });
  return { server, control: createControlPlane({ clients, retry: { maxAttempts: 1 } }) };
}

/** The text of the only XML element `name` in `xml`. */
const element = (xml: string, name: string) => xml.match(new RegExp(`<${name}>([^<]*)</${name}>`))?.[1];

const POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "s3:GetObject", Resource: `arn:aws:s3::${ACCOUNT}:accesspoint/mfzwi23gnjvgw.mrap/object/*` }],
});

describe("S3 Control writes, as AWS answers them", () => {
  it("PutMultiRegionAccessPointPolicy: the RequestTokenARN of the answer", async () => {
    const answer = fixture("s3control-put-mrap-policy");
    const { server, control } = await replay([{ method: "POST", path: /^\/v20180820\/async-requests\/mrap\/put-policy$/, respond: answer }]);
    const token = await control.putMultiRegionAccessPointPolicy({ AccountId: ACCOUNT, ClientToken: "client-token-1", Details: { Name: "doc-example-mrap", Policy: POLICY } });
    assert.equal(token, element(answer.body!, "RequestTokenARN"));
    assert.equal(token, `arn:aws:s3:us-west-2:${ACCOUNT}:async-request/mrap/put-policy/0000000000000000`);
    assert.equal(server.requests.length, 1, "sent once");
    const sent = server.requests[0]!.body;
    assert.equal(element(sent, "Name"), "doc-example-mrap");
    assert.equal(element(sent, "ClientToken"), "client-token-1");
    assert.match(sent, /<PutMultiRegionAccessPointPolicyRequest xmlns="http:\/\/awss3control\.amazonaws\.com\/doc\/2018-08-20\/">/);
  });

  it("CreateMultiRegionAccessPoint: the RequestTokenARN of the answer", async () => {
    const answer = fixture("s3control-create-mrap");
    const { server, control } = await replay([{ method: "POST", path: /^\/v20180820\/async-requests\/mrap\/create$/, respond: answer }]);
    const token = await control.createMultiRegionAccessPoint({
      AccountId: ACCOUNT,
      ClientToken: "client-token-2",
      Details: { Name: "doc-example-mrap", Regions: [{ Bucket: "DOC-EXAMPLE-BUCKET-1" }, { Bucket: "DOC-EXAMPLE-BUCKET-2" }] },
    });
    assert.equal(token, element(answer.body!, "RequestTokenARN"));
    assert.equal(token, `arn:aws:s3:us-west-2:${ACCOUNT}:async-request/mrap/create/0000000000000001`);
    assert.equal(server.requests.length, 1, "sent once");
    assert.equal(element(server.requests[0]!.body, "Name"), "doc-example-mrap");
  });

  it("SubmitMultiRegionAccessPointRoutes: the empty 200 is a success", async () => {
    const mrap = `arn:aws:s3::${ACCOUNT}:accesspoint/0000000000000.mrap`;
    const { server, control } = await replay([{ method: "PATCH", path: /^\/v20180820\/mrap\/instances\/.+\/routes$/, respond: fixture("s3control-submit-mrap-routes") }]);
    // The AWS CLI example's route updates.
    const result = await control.submitRoutes({
      AccountId: ACCOUNT,
      Mrap: mrap,
      RouteUpdates: [
        { Bucket: "DOC-EXAMPLE-BUCKET-1", TrafficDialPercentage: 100 },
        { Bucket: "DOC-EXAMPLE-BUCKET-2", TrafficDialPercentage: 0 },
      ],
    });
    assert.equal(result, undefined);
    assert.equal(server.requests.length, 1, "sent once");
    const { path, body } = server.requests[0]!;
    assert.equal(decodeURIComponent(path), `/v20180820/mrap/instances/${mrap}/routes`);
    assert.deepEqual([...body.matchAll(/<Bucket>([^<]*)<\/Bucket>/g)].map((m) => m[1]), ["DOC-EXAMPLE-BUCKET-1", "DOC-EXAMPLE-BUCKET-2"]);
    assert.deepEqual([...body.matchAll(/<TrafficDialPercentage>([^<]*)<\/TrafficDialPercentage>/g)].map((m) => m[1]), ["100", "0"]);
  });

  it("PutAccessPointPolicy: the empty 200 is a success", async () => {
    const { server, control } = await replay([{ method: "PUT", path: /^\/v20180820\/accesspoint\/finance-ap\/policy$/, respond: fixture("s3control-put-access-point-policy") }]);
    // The AWS CLI example's access point; the client's Region (us-west-2) is the access point's.
    const result = await control.putAccessPointPolicy({ AccountId: ACCOUNT, Name: "finance-ap", Policy: POLICY }, "us-west-2");
    assert.equal(result, undefined);
    assert.equal(server.requests.length, 1, "sent once");
    assert.equal(element(server.requests[0]!.body, "Policy"), POLICY.replaceAll('"', "&quot;"));
  });
});
