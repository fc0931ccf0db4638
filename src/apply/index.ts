/**
 * The guarded apply: the one path by which mrap-guard changes AWS. Loaded only by the guarded calls, the
 * plugin and `mrap-guard plan`/`apply`.
 */
import type { CreateMultiRegionAccessPointCommandInput, PutMultiRegionAccessPointPolicyCommandInput } from "@aws-sdk/client-s3-control";
import { createMrapSteps } from "./create.js";
import { putMrapPolicySteps } from "./mrap-policy.js";
import { planGuarded, runGuarded } from "./run.js";
import type { Engine } from "./session.js";
import type { GuardOptions, GuardResult, Plan } from "./types.js";

export type { Engine };

export function putMultiRegionAccessPointPolicy(input: PutMultiRegionAccessPointPolicyCommandInput, options: GuardOptions, engine: Engine): Promise<GuardResult> {
  return runGuarded(putMrapPolicySteps(input), options, engine);
}

export function planMultiRegionAccessPointPolicy(input: PutMultiRegionAccessPointPolicyCommandInput, options: GuardOptions, engine: Engine): Promise<Plan> {
  return planGuarded(putMrapPolicySteps(input), options, engine);
}

export function createMultiRegionAccessPoint(input: CreateMultiRegionAccessPointCommandInput, options: GuardOptions, engine: Engine): Promise<GuardResult> {
  return runGuarded(createMrapSteps(input), options, engine);
}

export function planCreateMultiRegionAccessPoint(input: CreateMultiRegionAccessPointCommandInput, options: GuardOptions, engine: Engine): Promise<Plan> {
  return planGuarded(createMrapSteps(input), options, engine);
}
