import type { FromSchema } from "json-schema-to-ts";

/** A policy given inline (object), as a JSON string, or as a path relative to the manifest. */
const policyRef = { type: ["string", "object"] } as const;

const publicAccessBlock = {
  type: "object",
  additionalProperties: false,
  properties: {
    BlockPublicAcls: { type: "boolean" },
    IgnorePublicAcls: { type: "boolean" },
    BlockPublicPolicy: { type: "boolean" },
    RestrictPublicBuckets: { type: "boolean" },
  },
} as const;

/**
 * The mrap-guard manifest: one MRAP and what hangs off it. Field names follow the S3 Control API.
 * Content with its own rule (names, account ids, Regions, bucket names, dial values) is only type-checked here.
 */
export const manifestSchema = {
  $id: "https://mrap-guard.dev/schemas/manifest.schema.json",
  title: "mrap-guard manifest",
  type: "object",
  additionalProperties: false,
  required: ["AccountId"],
  anyOf: [{ required: ["MultiRegionAccessPoint"] }, { required: ["AccessPoints"] }],
  properties: {
    $schema: { type: "string" },
    AccountId: { type: "string", description: "The account that owns the Multi-Region Access Point." },
    MultiRegionAccessPoint: {
      type: "object",
      additionalProperties: false,
      required: ["Name", "Regions"],
      properties: {
        Name: { type: "string" },
        Alias: { type: "string" },
        PublicAccessBlock: publicAccessBlock,
        Regions: {
          type: "array",
          items: {
            type: "object",
            additionalProperties: false,
            required: ["Bucket"],
            properties: {
              Bucket: { type: "string" },
              Region: { type: "string" },
              BucketAccountId: { type: "string" },
              BucketPolicy: policyRef,
            },
          },
        },
        Policy: policyRef,
        Routes: {
          type: "array",
          items: {
            type: "object",
            additionalProperties: false,
            required: ["TrafficDialPercentage"],
            properties: {
              Bucket: { type: "string" },
              Region: { type: "string" },
              TrafficDialPercentage: { type: "integer" },
            },
          },
        },
      },
    },
    AccessPoints: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["Name"],
        properties: {
          Name: { type: "string" },
          Region: { type: "string" },
          Bucket: { type: "string" },
          AccountId: { type: "string" },
          Policy: policyRef,
        },
      },
    },
  },
} as const;

export type Manifest = FromSchema<typeof manifestSchema>;
