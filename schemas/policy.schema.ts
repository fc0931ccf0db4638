import type { FromSchema } from "json-schema-to-ts";

const stringOrList = { type: ["string", "array"], items: { type: "string" } } as const;

const principal = {
  type: ["string", "object"],
  if: { type: "string" },
  then: { const: "*", description: 'name specific principals in an object such as {"AWS": "arn:aws:iam::111122223333:root"}' },
  else: {
    additionalProperties: false,
    properties: {
      AWS: stringOrList,
      Service: stringOrList,
      Federated: stringOrList,
      CanonicalUser: stringOrList,
    },
  },
} as const;

const conditionValue = { type: ["string", "number", "boolean"] } as const;

const statement = {
  type: "object",
  additionalProperties: false,
  required: ["Effect"],
  properties: {
    Sid: { type: "string" },
    Effect: { enum: ["Allow", "Deny"] },
    Principal: principal,
    NotPrincipal: principal,
    Action: stringOrList,
    NotAction: stringOrList,
    Resource: stringOrList,
    NotResource: stringOrList,
    Condition: {
      type: "object",
      additionalProperties: {
        type: "object",
        additionalProperties: { type: ["string", "number", "boolean", "array"], items: conditionValue },
      },
    },
  },
} as const;

/** IAM resource policy grammar (element names are case-sensitive). */
export const policySchema = {
  $id: "https://mrap-guard.dev/schemas/policy.schema.json",
  title: "IAM resource policy",
  type: "object",
  additionalProperties: false,
  required: ["Statement"],
  properties: {
    $schema: { type: "string" },
    Version: { type: "string" },
    Id: { type: "string" },
    Statement: {
      type: ["object", "array"],
      if: { type: "array" },
      then: { items: statement },
      else: statement,
    },
  },
} as const;

export type PolicyDocument = FromSchema<typeof policySchema>;
