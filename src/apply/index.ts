/**
 * The guarded apply: the one path by which mrap-guard changes AWS. Loaded only by the guarded calls, the
 * plugin and `mrap-guard plan`/`apply`.
 */
import type {
  CreateMultiRegionAccessPointCommandInput,
  PutAccessPointPolicyCommandInput,
  PutMultiRegionAccessPointPolicyCommandInput,
  SubmitMultiRegionAccessPointRoutesCommandInput,
} from "@aws-sdk/client-s3-control";
import { putAccessPointPolicySteps } from "./put-access-point-policy.js";
import { createMrapSteps } from "./create-mrap.js";
import { putMrapPolicySteps } from "./put-mrap-policy.js";
import { planGuarded, runGuarded } from "./guarded-call.js";
import { submitRoutesSteps } from "./submit-routes.js";
import type { Engine } from "./session.js";
import { GuardInputError, type GuardOptions, type GuardResult, type Plan } from "./types.js";

export type { Engine };

export async function putMultiRegionAccessPointPolicy(input: PutMultiRegionAccessPointPolicyCommandInput, options: GuardOptions, engine: Engine): Promise<GuardResult> {
  return runGuarded(putMrapPolicySteps(input), options, engine);
}

export async function planMultiRegionAccessPointPolicy(input: PutMultiRegionAccessPointPolicyCommandInput, options: GuardOptions, engine: Engine): Promise<Plan> {
  return planGuarded(putMrapPolicySteps(input), options, engine);
}

export async function createMultiRegionAccessPoint(input: CreateMultiRegionAccessPointCommandInput, options: GuardOptions, engine: Engine): Promise<GuardResult> {
  return runGuarded(createMrapSteps(input), options, engine);
}

export async function planCreateMultiRegionAccessPoint(input: CreateMultiRegionAccessPointCommandInput, options: GuardOptions, engine: Engine): Promise<Plan> {
  return planGuarded(createMrapSteps(input), options, engine);
}

/** The access point's Region is not in the SDK input: pass it as `options.region`. */
function accessPointRegion(options: GuardOptions): string {
  if (!options.region) throw new GuardInputError("PutAccessPointPolicy", "region", "is required: pass the access point's Region as the `region` option (it is not part of the SDK input)");
  return options.region;
}

export function putAccessPointPolicy(input: PutAccessPointPolicyCommandInput, options: GuardOptions, engine: Engine): Promise<GuardResult> {
  return runGuarded(putAccessPointPolicySteps(input, accessPointRegion(options)), options, engine);
}

export function planAccessPointPolicy(input: PutAccessPointPolicyCommandInput, options: GuardOptions, engine: Engine): Promise<Plan> {
  return planGuarded(putAccessPointPolicySteps(input, accessPointRegion(options)), options, engine);
}

export function submitMultiRegionAccessPointRoutes(input: SubmitMultiRegionAccessPointRoutesCommandInput, options: GuardOptions, engine: Engine): Promise<GuardResult> {
  return runGuarded(submitRoutesSteps(input), options, engine);
}

export function planMultiRegionAccessPointRoutes(input: SubmitMultiRegionAccessPointRoutesCommandInput, options: GuardOptions, engine: Engine): Promise<Plan> {
  return planGuarded(submitRoutesSteps(input), options, engine);
}

// A whole manifest: `mrap-guard plan` / `apply`.
export { applyManifest, planManifest } from "./manifest-plan.js";
export type { ManifestOptions, ManifestOutcome, ManifestPlan, ManifestStatus, ManifestStep } from "./manifest-plan.js";
