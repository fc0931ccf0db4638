/**
 * The MRAP/S3 model: what an Amazon S3 Multi-Region Access Point setup says, read from the JSON of a manifest and
 * its policies.
 *
 * What it models:
 * - The manifest (manifest): the MultiRegionAccessPoint object, its owner account, Regions (bucket, Region,
 *   bucket owner) with their pointers, routes and access points; route objects and which Region entry a route
 *   covers (routes); Block Public Access settings (public-access-block).
 * - What a manifest says about its MRAP for the policy rules, filled in from live state when it was read
 *   (manifest-facts), over the narrow view of a manifest this model needs (manifest-view).
 * - S3 names: the Regions MRAPs support (regions), bucket naming rules and bucket kinds an MRAP cannot use
 *   (bucket-names), S3 ARNs of MRAPs, access points and buckets (s3-arn), the Resource patterns of access point
 *   and MRAP policies (resource-patterns), the actions an MRAP serves and their levels (s3-actions), and how
 *   messages name each policy kind (policy-names).
 * - Delegation between an MRAP and its buckets: the bucket-policy statements that hand access control to access
 *   points (delegating-statements), and what the MRAP policy grants routed to each underlying bucket and
 *   evaluated against that bucket's policy (routed-grants).
 *
 * What it does not model: the policy language itself (src/iam), how documents are found, loaded and tied
 * together, or findings (the engine), CloudFormation or Terraform inputs, and AWS calls: live state arrives
 * already read, through `ManifestView.live`. It imports only src/iam and src/document.
 */
export * from "./bucket-names.js";
export * from "./manifest.js";
export * from "./manifest-facts.js";
export * from "./manifest-view.js";
export * from "./policy-names.js";
export * from "./public-access-block.js";
export * from "./regions.js";
export * from "./resource-patterns.js";
export * from "./routes.js";
export * from "./s3-actions.js";
export * from "./s3-arn.js";
export * from "./routed-grants.js";
export { DATA_ACCESS_POINT_ACCOUNT, DATA_ACCESS_POINT_ARN, delegationsOf, type DelegationCondition } from "./delegating-statements.js";
export { delegationOf as delegatingStatementOf, type Delegation as DelegatingStatement } from "./delegating-statements.js";
