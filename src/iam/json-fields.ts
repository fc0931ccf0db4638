import type { JsonValue } from "../document/index.js";

export type JsonObject = { [key: string]: JsonValue };

export function isObject(value: JsonValue | undefined): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export function field(value: JsonValue | undefined, key: string): JsonValue | undefined {
  return isObject(value) && Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined;
}

export function stringField(value: JsonValue | undefined, key: string): string | undefined {
  const v = field(value, key);
  return typeof v === "string" ? v : undefined;
}

export function arrayField(value: JsonValue | undefined, key: string): JsonValue[] | undefined {
  const v = field(value, key);
  return Array.isArray(v) ? v : undefined;
}
