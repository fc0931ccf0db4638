import type { FromSchema } from "json-schema-to-ts";

const severity = { enum: ["off", "info", "warning", "warn", "error"] } as const;
const kind = { enum: ["manifest", "mrap-policy", "access-point-policy", "bucket-policy"] } as const;
const globs = { type: ["string", "array"], items: { type: "string" } } as const;

/** mrap-guard.config.{json,yaml} or package.json#mrap-guard. */
export const configSchema = {
  $id: "https://mrap-guard.dev/schemas/config.schema.json",
  title: "mrap-guard configuration",
  type: "object",
  additionalProperties: false,
  properties: {
    $schema: { type: "string" },
    extends: { type: ["string", "array"], items: { type: "string" } },
    rules: {
      type: "object",
      additionalProperties: {
        type: ["string", "array"],
        if: { type: "string" },
        then: severity,
        else: { minItems: 1, maxItems: 2, prefixItems: [severity, { type: "object" }], items: false },
      },
    },
    files: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["files", "kind"],
        properties: { files: globs, kind },
      },
    },
    ignores: { type: "array", items: { type: "string" } },
    suppressions: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["rule", "reason"],
        properties: {
          rule: { type: "string" },
          file: { type: "string" },
          pointer: { type: "string" },
          reason: { type: "string" },
        },
      },
    },
    accessAnalyzer: { type: "object" },
  },
} as const;

export type ConfigFile = FromSchema<typeof configSchema>;
