/* The rule registry, sorted by id. A test checks it against the files under rules/. */
import type { RuleModule } from "../src/engine/types.js";
import { coreRules } from "./core/index.js";
import mrapAccessPointName from "./mrap/access-point-name.js";
import mrapAccountId from "./mrap/account-id.js";
import mrapAliasFormat from "./mrap/alias-format.js";
import mrapBlockPublicAccess from "./mrap/block-public-access.js";
import mrapBlockPublicAccessExplicit from "./mrap/block-public-access-explicit.js";
import mrapBucketName from "./mrap/bucket-name.js";
import mrapCrossAccountBucketPolicy from "./mrap/cross-account-bucket-policy.js";
import mrapDuplicateBucket from "./mrap/duplicate-bucket.js";
import mrapFailoverNeedsTwo from "./mrap/failover-needs-two.js";
import mrapNameFormat from "./mrap/name-format.js";
import mrapOneBucketPerRegion from "./mrap/one-bucket-per-region.js";
import mrapRegionCount from "./mrap/region-count.js";
import mrapRegionUnknown from "./mrap/region-unknown.js";
import mrapRouteActive from "./mrap/route-active.js";
import mrapRouteDial from "./mrap/route-dial.js";
import mrapRouteTarget from "./mrap/route-target.js";
import mrapSupportedRegion from "./mrap/supported-region.js";
import mrapValidSchema from "./mrap/valid-schema.js";
import policyValidSchema from "./policy/valid-schema.js";

export const rules: readonly RuleModule[] = [
  ...coreRules,
  mrapAccessPointName,
  mrapAccountId,
  mrapAliasFormat,
  mrapBlockPublicAccess,
  mrapBlockPublicAccessExplicit,
  mrapBucketName,
  mrapCrossAccountBucketPolicy,
  mrapDuplicateBucket,
  mrapFailoverNeedsTwo,
  mrapNameFormat,
  mrapOneBucketPerRegion,
  mrapRegionCount,
  mrapRegionUnknown,
  mrapRouteActive,
  mrapRouteDial,
  mrapRouteTarget,
  mrapSupportedRegion,
  mrapValidSchema,
  policyValidSchema,
] as readonly RuleModule[];
