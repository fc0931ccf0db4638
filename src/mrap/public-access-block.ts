import type { JsonValue } from "../document/index.js";
import { field, isObject, type JsonObject } from "../iam/json-fields.js";
import { MRAP, mrapOf } from "./manifest.js";

/** The four Block Public Access settings of CreateMultiRegionAccessPoint's `PublicAccessBlock`:
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_PublicAccessBlockConfiguration.html */
export const BPA_SETTINGS = ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"] as const;

export const BPA_POINTER = `${MRAP}/PublicAccessBlock`;

/** The manifest's PublicAccessBlock object; undefined when it is absent or not an object (valid-schema reports that). */
export function publicAccessBlockOf(manifest: JsonValue | undefined): JsonObject | undefined {
  const block = field(mrapOf(manifest), "PublicAccessBlock");
  return isObject(block) ? block : undefined;
}
