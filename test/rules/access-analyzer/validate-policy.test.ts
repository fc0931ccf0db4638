import rule from "../../../rules/access-analyzer/validate-policy.js";
import { answerValidatePolicy, defaultAnalysis, useAccessAnalyzer } from "../../helpers/analyzer.js";
import { ruleTester } from "../../helpers/rule-tester.js";

const analyzer = useAccessAnalyzer();
const BUCKET = "arn:aws:s3:::orders-use1/*";
const MRAP = "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*";
const statement = (extra: Record<string, unknown> = {}) => ({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "s3:GetObject", Resource: BUCKET, ...extra });
const notPrincipal = { Effect: "Allow", NotPrincipal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "s3:GetObject", Resource: BUCKET };

ruleTester(rule, {
  network: analyzer.services,
  valid: [
    { name: "a clean bucket policy", kind: "bucket-policy", setup: defaultAnalysis(analyzer), doc: { Version: "2012-10-17", Statement: [statement()] } },
    {
      name: "a clean MRAP policy",
      kind: "mrap-policy",
      setup: defaultAnalysis(analyzer),
      doc: { Version: "2012-10-17", Statement: [{ ...statement(), Resource: MRAP }] },
    },
    {
      name: "an ignored issue code",
      kind: "bucket-policy",
      setup: defaultAnalysis(analyzer),
      accessAnalyzer: { ignoredIssueCodes: ["MISSING_VERSION"] },
      doc: { Statement: [statement()] },
    },
  ],
  invalid: [
    {
      name: "Allow with NotPrincipal is a security warning on NotPrincipal",
      kind: "bucket-policy",
      setup: defaultAnalysis(analyzer),
      doc: { Version: "2012-10-17", Statement: [statement(), notPrincipal] },
      errors: [{ messageId: "finding", pointer: "/Statement/1/NotPrincipal", severity: "error", data: { issueCode: "ALLOW_WITH_NOT_PRINCIPAL", findingType: "SECURITY_WARNING" } }],
    },
    {
      name: "a missing Version is a warning on the policy",
      kind: "bucket-policy",
      setup: defaultAnalysis(analyzer),
      doc: { Statement: [statement()] },
      errors: [{ messageId: "finding", pointer: "", severity: "warning", data: { issueCode: "MISSING_VERSION", findingType: "WARNING" } }],
    },
    {
      name: "every page of findings is read",
      kind: "bucket-policy",
      setup: defaultAnalysis(analyzer),
      doc: { Version: "2012-10-17", Statement: [notPrincipal, notPrincipal, notPrincipal] },
      errors: [0, 1, 2].map((i) => ({ messageId: "finding", pointer: `/Statement/${i}/NotPrincipal`, data: { issueCode: "ALLOW_WITH_NOT_PRINCIPAL" } })),
    },
    {
      name: "a value path element lands on the array item",
      kind: "bucket-policy",
      setup: answerValidatePolicy(analyzer, [
        {
          findingType: "ERROR",
          issueCode: "INVALID_VPCE_FORMAT",
          findingDetails: "Use the prefix 'vpce-' followed by 8 or 17 alphanumeric characters.",
          path: [{ key: "Statement" }, { index: 0 }, { key: "Condition" }, { key: "StringEquals" }, { key: "aws:SourceVpce" }, { value: "vpc-1a2b3c4d" }],
        },
      ]),
      doc: { Version: "2012-10-17", Statement: [statement({ Condition: { StringEquals: { "aws:SourceVpce": ["vpce-1a2b3c4d", "vpc-1a2b3c4d"] } } })] },
      errors: [{ messageId: "finding", pointer: "/Statement/0/Condition/StringEquals/aws:SourceVpce/1", severity: "error" }],
    },
    {
      name: "an index into a single Statement object stays on it",
      kind: "bucket-policy",
      setup: answerValidatePolicy(analyzer, [
        { findingType: "SUGGESTION", issueCode: "REDUNDANT_RESOURCE", findingDetails: "Remove the redundant resource.", path: [{ key: "Statement" }, { index: 0 }, { key: "Resource" }] },
      ]),
      doc: { Version: "2012-10-17", Statement: statement() },
      errors: [{ messageId: "finding", pointer: "/Statement/Resource", severity: "info", data: { findingType: "SUGGESTION" } }],
    },
    {
      name: "a path past what the file holds stops at the deepest element",
      kind: "bucket-policy",
      setup: answerValidatePolicy(analyzer, [
        { findingType: "ERROR", issueCode: "MISSING_ARN_FIELD", findingDetails: "Resource ARNs must include at least 6 fields.", path: [{ key: "Statement" }, { index: 0 }, { key: "Resource" }, { index: 3 }, { substring: { start: 0, length: 3 } }] },
      ]),
      doc: { Version: "2012-10-17", Statement: [statement()] },
      errors: [{ messageId: "finding", pointer: "/Statement/0/Resource", severity: "error" }],
    },
    {
      name: "blockingFindingTypes makes warnings errors",
      kind: "bucket-policy",
      setup: defaultAnalysis(analyzer),
      accessAnalyzer: { blockingFindingTypes: ["ERROR", "SECURITY_WARNING", "WARNING"] },
      doc: { Statement: [statement()] },
      errors: [{ messageId: "finding", pointer: "", severity: "error", data: { issueCode: "MISSING_VERSION" } }],
    },
    {
      name: "a finding type left out of blockingFindingTypes is lowered to a warning",
      kind: "bucket-policy",
      setup: defaultAnalysis(analyzer),
      accessAnalyzer: { blockingFindingTypes: ["ERROR"] },
      doc: { Version: "2012-10-17", Statement: [notPrincipal] },
      errors: [{ messageId: "finding", pointer: "/Statement/0/NotPrincipal", severity: "warning" }],
    },
    {
      name: "a finding type AWS adds later is a warning",
      kind: "access-point-policy",
      setup: answerValidatePolicy(analyzer, [{ findingType: "NEW_KIND", issueCode: "SOMETHING_NEW", findingDetails: "Something new.", path: [{ key: "Version" }] }]),
      doc: { Version: "2012-10-17", Statement: [{ ...statement(), Resource: "arn:aws:s3:us-west-2:111122223333:accesspoint/reports-ap/object/*" }] },
      errors: [{ messageId: "finding", pointer: "/Version", severity: "warning", data: { findingType: "NEW_KIND" } }],
    },
  ],
});
