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
      name: "value elements name members at every level, and an index the item of a list of condition values",
      kind: "bucket-policy",
      setup: answerValidatePolicy(analyzer, [
        {
          findingType: "ERROR",
          issueCode: "INVALID_VPCE_FORMAT",
          findingDetails: "Use the prefix 'vpce-' followed by 8 or 17 alphanumeric characters.",
          path: [{ value: "Statement" }, { index: 0 }, { value: "Condition" }, { value: "StringEquals" }, { value: "aws:SourceVpce" }, { index: 1 }],
        },
      ]),
      doc: { Version: "2012-10-17", Statement: [statement({ Condition: { StringEquals: { "aws:SourceVpce": ["vpce-1a2b3c4d", "vpc-1a2b3c4d"] } } })] },
      errors: [{ messageId: "finding", pointer: "/Statement/0/Condition/StringEquals/aws:SourceVpce/1", severity: "error" }],
    },
    {
      name: "a value element on a list names the item equal to it",
      kind: "bucket-policy",
      setup: answerValidatePolicy(analyzer, [
        { findingType: "ERROR", issueCode: "INVALID_ACTION", findingDetails: "The action s3:ListBuckets does not exist.", path: [{ value: "Statement" }, { index: 0 }, { value: "Action" }, { value: "s3:ListBuckets" }] },
      ]),
      doc: { Version: "2012-10-17", Statement: [statement({ Action: ["s3:GetObject", "s3:ListBuckets"] })] },
      errors: [{ messageId: "finding", pointer: "/Statement/0/Action/1", severity: "error" }],
    },
    {
      name: "a single Statement object comes without an index",
      kind: "bucket-policy",
      setup: answerValidatePolicy(analyzer, [
        { findingType: "ERROR", issueCode: "INVALID_ACTION", findingDetails: "The action s3:ListBuckets does not exist.", path: [{ value: "Statement" }, { value: "Action" }] },
      ]),
      doc: { Version: "2012-10-17", Statement: statement({ Action: "s3:ListBuckets" }) },
      errors: [{ messageId: "finding", pointer: "/Statement/Action", severity: "error" }],
    },
    {
      name: "a statement named without its index in a one-statement list",
      kind: "bucket-policy",
      setup: answerValidatePolicy(analyzer, [
        { findingType: "SUGGESTION", issueCode: "EMPTY_ARRAY_RESOURCE", findingDetails: "This statement includes no resources.", path: [{ value: "Statement" }, { value: "Resource" }] },
      ]),
      doc: { Version: "2012-10-17", Statement: [statement({ Resource: [] })] },
      errors: [{ messageId: "finding", pointer: "/Statement/0/Resource", severity: "info" }],
    },
    {
      name: "an index into a single Statement object stays on it",
      kind: "bucket-policy",
      setup: answerValidatePolicy(analyzer, [
        { findingType: "SUGGESTION", issueCode: "REDUNDANT_RESOURCE", findingDetails: "Remove the redundant resource.", path: [{ value: "Statement" }, { index: 0 }, { value: "Resource" }] },
      ]),
      doc: { Version: "2012-10-17", Statement: statement() },
      errors: [{ messageId: "finding", pointer: "/Statement/Resource", severity: "info", data: { findingType: "SUGGESTION" } }],
    },
    {
      name: "a key element underlines the member's key",
      kind: "bucket-policy",
      setup: answerValidatePolicy(analyzer, [
        { findingType: "ERROR", issueCode: "INVALID_CONDITION_KEY", findingDetails: "The condition key s3:Nonsense does not exist.", path: [{ value: "Statement" }, { index: 0 }, { value: "Condition" }, { value: "StringEquals" }, { key: "s3:Nonsense" }] },
      ]),
      doc: { Version: "2012-10-17", Statement: [statement({ Condition: { StringEquals: { "s3:Nonsense": "x" } } })] },
      errors: [{ messageId: "finding", pointer: "/Statement/0/Condition/StringEquals/s3:Nonsense", at: "key", severity: "error" }],
    },
    {
      name: "a substring element stays on its string",
      kind: "bucket-policy",
      setup: answerValidatePolicy(analyzer, [
        { findingType: "ERROR", issueCode: "INVALID_ARN_SERVICE", findingDetails: "The service s4 does not exist.", path: [{ value: "Statement" }, { index: 0 }, { value: "Resource" }, { index: 1 }, { substring: { start: 4, length: 2 } }] },
      ]),
      doc: { Version: "2012-10-17", Statement: [statement({ Resource: [BUCKET, "arn:s4:::orders-use1/*"] })] },
      errors: [{ messageId: "finding", pointer: "/Statement/0/Resource/1", severity: "error" }],
    },
    {
      name: "a path past what the file holds stops at the deepest element",
      kind: "bucket-policy",
      setup: answerValidatePolicy(analyzer, [
        { findingType: "ERROR", issueCode: "MISSING_ARN_FIELD", findingDetails: "Resource ARNs must include at least 6 fields.", path: [{ value: "Statement" }, { index: 0 }, { value: "Resource" }, { index: 3 }, { substring: { start: 0, length: 3 } }] },
      ]),
      doc: { Version: "2012-10-17", Statement: [statement()] },
      errors: [{ messageId: "finding", pointer: "/Statement/0/Resource", severity: "error" }],
    },
    {
      name: "a member the file lacks stops at the statement",
      kind: "bucket-policy",
      setup: answerValidatePolicy(analyzer, [
        { findingType: "ERROR", issueCode: "MISSING_PRINCIPAL", findingDetails: "Add a Principal element.", path: [{ value: "Statement" }, { index: 1 }, { value: "Principal" }] },
      ]),
      doc: { Version: "2012-10-17", Statement: [statement(), { Effect: "Allow", Action: "s3:GetObject", Resource: BUCKET }] },
      errors: [{ messageId: "finding", pointer: "/Statement/1", severity: "error" }],
    },
    {
      name: "two findings of one issue code in different statements stay two",
      kind: "bucket-policy",
      setup: answerValidatePolicy(analyzer, [0, 1].map((index) => ({
        findingType: "SECURITY_WARNING",
        issueCode: "ALLOW_WITH_NOT_PRINCIPAL",
        findingDetails: "Using Allow with NotPrincipal can be overly permissive.",
        path: [{ value: "Statement" }, { index }, { value: "NotPrincipal" }],
      }))),
      doc: { Version: "2012-10-17", Statement: [notPrincipal, notPrincipal] },
      errors: [0, 1].map((i) => ({ messageId: "finding", pointer: `/Statement/${i}/NotPrincipal`, severity: "error" as const })),
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
      setup: answerValidatePolicy(analyzer, [{ findingType: "NEW_KIND", issueCode: "SOMETHING_NEW", findingDetails: "Something new.", path: [{ value: "Version" }] }]),
      doc: { Version: "2012-10-17", Statement: [{ ...statement(), Resource: "arn:aws:s3:us-west-2:111122223333:accesspoint/reports-ap/object/*" }] },
      errors: [{ messageId: "finding", pointer: "/Version", severity: "warning", data: { findingType: "NEW_KIND" } }],
    },
  ],
});
