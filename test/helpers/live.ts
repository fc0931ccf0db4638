/**
 * Live state for the live-state rules' table tests: an in-memory LiveStateService with the facts a case sets.
 * The SDK path (S3 Control and S3 against moto_server) is tested in test/aws/.
 */
import type { LiveMrap, LiveStateService } from "../../src/engine/services.js";

export interface LiveWorld {
  mrap?: LiveMrap;
  buckets: Record<string, string | undefined>;
  bucketPolicies?: Record<string, string>;
  established?: string;
}

export function fakeLive(): { service: LiveStateService; set(world: LiveWorld): () => void } {
  let world: LiveWorld = { buckets: {} };
  const service: LiveStateService = {
    getMultiRegionAccessPoint: async ({ name }) => (world.mrap && world.mrap.name === name ? world.mrap : undefined),
    getMultiRegionAccessPointPolicy: async ({ name }) => (world.mrap?.name === name ? (world.established ? { established: world.established } : {}) : undefined),
    getBucketRegion: async ({ bucket }) => {
      const region = world.buckets[bucket];
      return region ? { region } : { missing: "NoSuchBucket: the bucket does not exist" };
    },
    getBucketPolicy: async ({ bucket }) => world.bucketPolicies?.[bucket],
  };
  return { service, set: (next) => () => void (world = next) };
}
