/**
 * CloudFormation templates into virtual manifests. The fixture follows the property shapes and the example of
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-s3-multiregionaccesspoint.html,
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-s3-multiregionaccesspointpolicy.html
 * (name in MrapName, alias in the policy's ARNs), aws-resource-s3-bucketpolicy.html and aws-resource-s3-accesspoint.html.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseText, type JsonValue } from "../../src/document/index.js";
import { isCloudFormationTemplate, readCloudFormation } from "../../src/inputs/cloudformation.js";
import { aliasPlaceholder } from "../../src/inputs/virtual-manifest.js";

const template = {
  AWSTemplateFormatVersion: "2010-09-09",
  Parameters: { OtherAccount: { Type: "String" }, Suffix: { Type: "String", Default: "euw1" } },
  Resources: {
    BucketUse1: { Type: "AWS::S3::Bucket", Properties: { BucketName: "orders-use1" } },
    BucketEuw1: { Type: "AWS::S3::Bucket", Properties: { BucketName: { "Fn::Sub": "orders-${Suffix}" } } },
    OrdersMrap: {
      Type: "AWS::S3::MultiRegionAccessPoint",
      Properties: {
        Name: "orders-global",
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
        Regions: [{ Bucket: { Ref: "BucketUse1" } }, { Bucket: "orders-euw1", BucketAccountId: { Ref: "OtherAccount" } }],
      },
    },
    OrdersMrapPolicy: {
      Type: "AWS::S3::MultiRegionAccessPointPolicy",
      Properties: {
        MrapName: { Ref: "OrdersMrap" },
        Policy: {
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { AWS: { "Fn::Sub": "arn:aws:iam::${AWS::AccountId}:root" } },
              Action: ["s3:GetObject"],
              Resource: { "Fn::Join": ["", ["arn:aws:s3::111122223333:accesspoint/", { "Fn::GetAtt": ["OrdersMrap", "Alias"] }, "/object/*"]] },
            },
          ],
        },
      },
    },
    Use1Policy: {
      Type: "AWS::S3::BucketPolicy",
      Properties: {
        Bucket: { Ref: "BucketUse1" },
        PolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:*", Resource: "arn:aws:s3:::orders-use1/*", Condition: { StringEquals: { "s3:DataAccessPointAccount": "111122223333" } } }] },
      },
    },
    Reports: { Type: "AWS::S3::AccessPoint", Properties: { Name: "reports-ap", Bucket: { Ref: "BucketUse1" }, PublicAccessBlockConfiguration: { BlockPublicPolicy: true } } },
    Lonely: { Type: "AWS::S3::MultiRegionAccessPointPolicy", Properties: { MrapName: "not-here", Policy: {} } },
  },
};

describe("cloudformation", () => {
  it("detects templates by content", () => {
    assert.equal(isCloudFormationTemplate(template as unknown as JsonValue), true);
    assert.equal(isCloudFormationTemplate({ Resources: { A: { Type: "AWS::SNS::Topic" } } }), true);
    assert.equal(isCloudFormationTemplate({ Resources: { A: { Type: "Custom::X" } } }), false);
    assert.equal(isCloudFormationTemplate({ AccountId: "111122223333", MultiRegionAccessPoint: {} }), false);
    assert.equal(readCloudFormation([1, 2] as JsonValue), undefined);
  });

  it("maps one MRAP with its policy, bucket policy and access point", () => {
    const reading = readCloudFormation(template as unknown as JsonValue)!;
    assert.equal(reading.manifests.length, 1);
    const [m] = reading.manifests;
    const alias = aliasPlaceholder(0);
    assert.equal(m!.source, "OrdersMrap");
    assert.deepEqual(m!.value, {
      AccountId: "111122223333",
      MultiRegionAccessPoint: {
        Name: "orders-global",
        Alias: alias,
        PublicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
        Regions: [
          {
            Bucket: "orders-use1",
            BucketPolicy: template.Resources.Use1Policy.Properties.PolicyDocument,
          },
          { Bucket: "orders-euw1" },
        ],
        Policy: {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::${AWS::AccountId}:root" }, Action: ["s3:GetObject"], Resource: `arn:aws:s3::111122223333:accesspoint/${alias}/object/*` }],
        },
      },
      AccessPoints: [{ Bucket: "orders-use1", Name: "reports-ap" }],
    });
    assert.equal(m!.origin("/MultiRegionAccessPoint/Name"), "/Resources/OrdersMrap/Properties/Name");
    assert.equal(m!.origin("/MultiRegionAccessPoint/Regions/0/Bucket"), "/Resources/OrdersMrap/Properties/Regions/0/Bucket");
    assert.equal(m!.origin("/MultiRegionAccessPoint/Policy/Statement/0/Resource"), "/Resources/OrdersMrapPolicy/Properties/Policy/Statement/0/Resource");
    assert.equal(m!.origin("/MultiRegionAccessPoint/Regions/0/BucketPolicy/Statement/0/Condition"), "/Resources/Use1Policy/Properties/PolicyDocument/Statement/0/Condition");
    assert.equal(m!.origin("/MultiRegionAccessPoint/Regions/1/Region"), "/Resources/OrdersMrap/Properties/Regions/1");
    // The MRAP policy names the MRAP as arn:aws:s3::111122223333:accesspoint/<its alias>: that account owns it.
    assert.equal(m!.origin("/AccountId"), "/Resources/OrdersMrapPolicy/Properties/Policy/Statement/0/Resource");
    assert.equal(m!.origin("/AccessPoints/0/Name"), "/Resources/Reports/Properties/Name");
    assert.deepEqual(
      m!.unresolved.map((u) => [u.pointer, u.at]),
      [
        ["/Resources/OrdersMrap/Properties/Regions/0", "/MultiRegionAccessPoint/Regions/0/Region"],
        ["/Resources/OrdersMrap/Properties/Regions/1/BucketAccountId", "/MultiRegionAccessPoint/Regions/1/BucketAccountId"],
        ["/Resources/OrdersMrap/Properties/Regions/1", "/MultiRegionAccessPoint/Regions/1/Region"],
        ["/Resources/OrdersMrapPolicy/Properties/Policy/Statement/0/Principal/AWS", "/MultiRegionAccessPoint/Policy/Statement/0/Principal/AWS"],
      ],
    );
    assert.match(m!.unresolved[1]!.reason, /OtherAccount has no literal Default/);
    assert.deepEqual(m!.placeholders, [{ value: alias, meaning: "mrap-alias", expression: "Fn::GetAtt OrdersMrap.Alias" }]);
    assert.deepEqual(m!.unmapped.map((u) => u.pointer), ["/Resources/Reports/Properties/PublicAccessBlockConfiguration"]);
    assert.deepEqual(reading.detached.map((d) => d.pointer), ["/Resources/Lonely/Properties/MrapName"]);
  });

  it("reads the same template written in YAML with short forms, and its origins locate on the template's lines", async () => {
    const yaml = [
      'AWSTemplateFormatVersion: "2010-09-09"',
      "Parameters:",
      "  OtherAccount: { Type: String }",
      "  Suffix: { Type: String, Default: euw1 }",
      "Resources:",
      "  BucketUse1: { Type: AWS::S3::Bucket, Properties: { BucketName: orders-use1 } }",
      "  BucketEuw1:",
      "    Type: AWS::S3::Bucket",
      "    Properties:",
      "      BucketName: !Sub orders-${Suffix}",
      "  OrdersMrap:",
      "    Type: AWS::S3::MultiRegionAccessPoint",
      "    Properties:",
      "      Name: orders-global",
      "      PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true }",
      "      Regions:",
      "        - Bucket: !Ref BucketUse1",
      "        - Bucket: orders-euw1",
      "          BucketAccountId: !Ref OtherAccount",
      "  OrdersMrapPolicy:",
      "    Type: AWS::S3::MultiRegionAccessPointPolicy",
      "    Properties:",
      "      MrapName: !Ref OrdersMrap",
      "      Policy:",
      '        Version: "2012-10-17"',
      "        Statement:",
      "          - Effect: Allow",
      "            Principal: { AWS: !Sub 'arn:aws:iam::${AWS::AccountId}:root' }",
      "            Action: [s3:GetObject]",
      "            Resource: !Join ['', ['arn:aws:s3::111122223333:accesspoint/', !GetAtt OrdersMrap.Alias, /object/*]]",
      "  Use1Policy:",
      "    Type: AWS::S3::BucketPolicy",
      "    Properties:",
      "      Bucket: !Ref BucketUse1",
      "      PolicyDocument:",
      '        Version: "2012-10-17"',
      "        Statement: [{ Effect: Allow, Principal: { AWS: '*' }, Action: 's3:*', Resource: 'arn:aws:s3:::orders-use1/*', Condition: { StringEquals: { s3:DataAccessPointAccount: '111122223333' } } }]",
      "  Reports: { Type: AWS::S3::AccessPoint, Properties: { Name: reports-ap, Bucket: !Ref BucketUse1, PublicAccessBlockConfiguration: { BlockPublicPolicy: true } } }",
      "  Lonely: { Type: AWS::S3::MultiRegionAccessPointPolicy, Properties: { MrapName: not-here, Policy: {} } }",
    ].join("\n");
    const doc = await parseText("template.yaml", yaml + "\n");
    assert.deepEqual(doc.problems, []);
    const fromYaml = readCloudFormation(doc.value)!;
    const fromJson = readCloudFormation(template as unknown as JsonValue)!;
    assert.deepEqual(fromYaml.manifests[0]!.value, fromJson.manifests[0]!.value);
    const line = (pointer: string) => doc.locate(fromYaml.manifests[0]!.origin(pointer)).start.line;
    assert.equal(line("/MultiRegionAccessPoint/Regions/0/Bucket"), 17);
    assert.equal(line("/MultiRegionAccessPoint/Policy/Statement/0/Resource"), 30);
    assert.equal(line("/AccessPoints/0/Name"), 38);
  });

  it("a bucket policy whose bucket cannot be resolved is detached, and leaves nothing unresolved on the MRAP", () => {
    // Not a string either way: a list (CloudFormation would reject it) whose items are unresolved too.
    const both = [{ Ref: "AWS::Region" }, { Ref: "AWS::AccountId" }];
    const tpl = structuredClone(template) as unknown as { Resources: Record<string, unknown> };
    tpl.Resources["Mystery"] = { Type: "AWS::S3::BucketPolicy", Properties: { Bucket: both, PolicyDocument: { Version: "2012-10-17", Statement: [] } } };
    tpl.Resources["MysteryAp"] = { Type: "AWS::S3::AccessPoint", Properties: { Name: "m-ap", Bucket: both } };
    const reading = readCloudFormation(tpl as unknown as JsonValue)!;
    const original = readCloudFormation(template as unknown as JsonValue)!;
    assert.deepEqual(reading.manifests[0]!.unresolved, original.manifests[0]!.unresolved);
    assert.deepEqual(reading.detached.map((d) => d.pointer), ["/Resources/Lonely/Properties/MrapName", "/Resources/Mystery/Properties/Bucket", "/Resources/MysteryAp/Properties/Bucket"]);
  });

  it("a template without MRAPs gives none", () => {
    const reading = readCloudFormation({ Resources: { B: { Type: "AWS::S3::Bucket", Properties: { BucketName: "x" } } } });
    assert.deepEqual(reading?.manifests, []);
  });

  it("never throws on hostile templates and stays linear", () => {
    const hostile: JsonValue[] = [
      { AWSTemplateFormatVersion: "x", Resources: null },
      { AWSTemplateFormatVersion: "x", Resources: { M: { Type: "AWS::S3::MultiRegionAccessPoint", Properties: { Name: { Ref: "P" }, Regions: "no" } } }, Parameters: { P: { Default: { Ref: "P" } } } },
      { AWSTemplateFormatVersion: "x", Resources: { M: { Type: "AWS::S3::MultiRegionAccessPoint", Properties: { Name: 7, Regions: [null, 1, { Bucket: { "Fn::Join": ["", [{ Ref: "M" }]] } }] } } } },
      { AWSTemplateFormatVersion: "x", Resources: { M: { Type: "AWS::S3::MultiRegionAccessPoint", Properties: [] }, P: { Type: "AWS::S3::MultiRegionAccessPointPolicy", Properties: { MrapName: { Ref: "M" }, Policy: "text" } } } },
    ];
    for (const value of hostile) assert.doesNotThrow(() => readCloudFormation(value));
    let deep: JsonValue = "x";
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    const tpl = { AWSTemplateFormatVersion: "x", Resources: { M: { Type: "AWS::S3::MultiRegionAccessPoint", Properties: { Name: "n-1", Regions: [] } }, P: { Type: "AWS::S3::MultiRegionAccessPointPolicy", Properties: { MrapName: "n-1", Policy: deep } } } };
    assert.doesNotThrow(() => readCloudFormation(tpl));
    const many: Record<string, JsonValue> = {};
    for (let i = 0; i < 2_000; i++) many[`M${i}`] = { Type: "AWS::S3::MultiRegionAccessPoint", Properties: { Name: `m-${i}`, Regions: [{ Bucket: { Ref: `B${i}` } }] } };
    for (let i = 0; i < 20_000; i++) many[`B${i}`] = { Type: "AWS::S3::Bucket", Properties: { BucketName: { Ref: `B${i + 1}` } } };
    const started = Date.now();
    const reading = readCloudFormation({ AWSTemplateFormatVersion: "x", Resources: many });
    assert.equal(reading!.manifests.length, 2_000);
    assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms`);
  });
});
