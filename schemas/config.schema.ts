import type { FromSchema } from "json-schema-to-ts";

const severity = { enum: ["off", "info", "warning", "warn", "error"] } as const;
const kind = { enum: ["manifest", "mrap-policy", "access-point-policy", "bucket-policy"] } as const;
const findingType = { enum: ["ERROR", "SECURITY_WARNING", "WARNING", "SUGGESTION"] } as const;
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
    accessAnalyzer: {
      type: "object",
      additionalProperties: false,
      properties: {
        /** Run the access-analyzer/* rules (like --access-analyzer, but skipped with a notice when there are no credentials). */
        enabled: { type: "boolean" },
        /** ValidatePolicy finding types reported as errors; the others are lowered (WARNING → warning, SUGGESTION → info). */
        blockingFindingTypes: { type: "array", uniqueItems: true, items: findingType },
        /** ValidatePolicy issue codes to drop (e.g. "MISSING_VERSION"). */
        ignoredIssueCodes: { type: "array", uniqueItems: true, items: { type: "string", pattern: "^[A-Z0-9_]+$" } },
        /** CheckAccessNotGranted: actions no policy may grant (at most 100). */
        sensitiveActions: { type: "array", maxItems: 100, items: { type: "string", minLength: 1 } },
        /** CheckAccessNotGranted: resources no policy may grant access to (at most 100). */
        sensitiveResources: { type: "array", maxItems: 100, items: { type: "string", minLength: 1, maxLength: 2048 } },
        /** Region of the Access Analyzer endpoint (default: the SDK's Region, else us-east-1). */
        region: { type: "string", pattern: "^[a-z]{2}(-[a-z]+)+-\\d+$" },
        /** Calls in flight at once (default 4). */
        concurrency: { type: "integer", minimum: 1, maximum: 32 },
        /** Per-call timeout in seconds (default 30). */
        timeoutSeconds: { type: "number", exclusiveMinimum: 0, maximum: 600 },
        /** Attempts per call, including the first (default 4). */
        maxAttempts: { type: "integer", minimum: 1, maximum: 10 },
        /** Seconds all Access Analyzer calls and --live reads of one lint run may take, retries included (default 180); calls left then are core/service-error. */
        deadlineSeconds: { type: "number", exclusiveMinimum: 0, maximum: 3600 },
      },
    },
  },
} as const;

export type ConfigFile = FromSchema<typeof configSchema>;
