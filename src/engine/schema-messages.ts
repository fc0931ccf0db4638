import type { SchemaError } from "../../schemas/index.js";
import { joinPointer, parsePointer, valueAtPointer } from "../document/index.js";
import { didYouMean } from "./suggest.js";

export interface DescribedError {
  pointer: string;
  at: "key" | "value";
  message: string;
  /** A required property that is missing (the error is reported at the object that lacks it). */
  missing?: string;
}

type SchemaNode = Record<string, unknown>;

/** Turns precompiled-validator errors into one friendly message each, dropping branch noise. */
export function describeSchemaErrors(errors: readonly SchemaError[], schema: SchemaNode, value: unknown): DescribedError[] {
  const out: DescribedError[] = [];
  const seen = new Set<string>();
  const typeErrorAt = new Set(errors.filter((e) => e.keyword === "type" && !/\/(then|else)\//.test(e.schemaPath)).map((e) => e.instancePath));
  // A misspelled required key is one problem: report the unknown key (with its did-you-mean), not also the missing one.
  const misspelled = new Set<string>();
  for (const error of errors) {
    if (error.keyword !== "additionalProperties") continue;
    const hint = didYouMean(String(error.params["additionalProperty"]), allowedProperties(schema, error.schemaPath));
    if (hint) misspelled.add(`${error.instancePath}\0${hint}`);
  }
  for (const error of errors) {
    if (error.keyword === "if") continue;
    if (/\/anyOf\/\d+\//.test(error.schemaPath)) continue;
    // The else/then branch of a type switch repeats the switch's own type error.
    if (error.keyword === "type" && /\/(then|else)\//.test(error.schemaPath) && typeErrorAt.has(error.instancePath)) continue;
    if (error.keyword === "required" && misspelled.has(`${error.instancePath}\0${String(error.params["missingProperty"])}`)) continue;
    const described = schemaMessage(error, schema, value);
    const key = `${described.pointer}\0${described.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(described);
  }
  return out;
}

/**
 * One error's pointer and message. `schemaOrKeys` is the root schema (to find the allowed properties for a
 * did-you-mean) or the list of allowed keys directly.
 */
export function schemaMessage(error: SchemaError, schemaOrKeys: SchemaNode | readonly string[], value?: unknown): DescribedError {
  const pointer = error.instancePath;
  const params = error.params;
  switch (error.keyword) {
    case "additionalProperties": {
      const property = String(params["additionalProperty"]);
      const allowed = Array.isArray(schemaOrKeys) ? schemaOrKeys : allowedProperties(schemaOrKeys as SchemaNode, error.schemaPath);
      const hint = didYouMean(property, allowed);
      const where = pointer === "" ? "" : ` in ${describePointer(pointer)}`;
      const suffix = hint ? `; did you mean "${hint}"?` : allowed.length > 0 && allowed.length <= 8 ? `; expected one of ${allowed.map((k) => `"${k}"`).join(", ")}` : "";
      return { pointer: joinPointer(pointer, property), at: "key", message: `unknown property "${property}"${where}${suffix}` };
    }
    case "required": {
      const property = String(params["missingProperty"]);
      const where = pointer === "" ? "the document" : describePointer(pointer);
      return { pointer, at: pointer === "" ? "value" : "key", message: `${where} is missing the required property "${property}"`, missing: property };
    }
    case "type": {
      const expected = String(params["type"]).split(",").map(article).join(" or ");
      const actual = value === undefined ? undefined : typeName(valueAtPointer(value, pointer));
      return { pointer, at: "value", message: `${describePointer(pointer)} must be ${expected}${actual ? `, not ${article(actual)}` : ""}` };
    }
    case "enum": {
      const allowed = (params["allowedValues"] as unknown[]).map((v) => JSON.stringify(v));
      const actual = value === undefined ? undefined : valueAtPointer(value, pointer);
      const hint = typeof actual === "string" ? didYouMean(actual, (params["allowedValues"] as unknown[]).map(String)) : undefined;
      return { pointer, at: "value", message: `${describePointer(pointer)} must be one of ${allowed.join(", ")}${hint ? `; did you mean "${hint}"?` : ""}` };
    }
    case "const": {
      const hint = Array.isArray(schemaOrKeys) ? undefined : schemaAt(schemaOrKeys as SchemaNode, error.schemaPath.replace(/\/const$/, ""))?.["description"];
      return { pointer, at: "value", message: `${describePointer(pointer)} must be ${JSON.stringify(params["allowedValue"])}${typeof hint === "string" ? `; ${hint}` : ""}` };
    }
    case "anyOf": {
      const branches = anyOfRequired(schemaOrKeys, error.schemaPath);
      if (branches) return { pointer, at: "value", message: `${pointer === "" ? "the document" : describePointer(pointer)} needs at least one of ${branches.map((b) => `"${b}"`).join(" or ")}` };
      return { pointer, at: "value", message: `${describePointer(pointer)} ${error.message ?? "is not valid"}` };
    }
    default:
      return { pointer, at: "value", message: `${describePointer(pointer)} ${error.message ?? "is not valid"}` };
  }
}

function describePointer(pointer: string): string {
  if (pointer === "") return "the document";
  const segments = parsePointer(pointer);
  return segments.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");
}

function article(type: string): string {
  const name = type === "integer" ? "integer" : type === "null" ? "null" : type;
  if (name === "null") return "null";
  return /^[aeiou]/.test(name) ? `an ${name}` : `a ${name}`;
}

function typeName(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function schemaAt(schema: SchemaNode, schemaPath: string): SchemaNode | undefined {
  const segments = schemaPath.replace(/^#/, "");
  let current: unknown = schema;
  for (const segment of parsePointer(segments)) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current !== null && typeof current === "object" ? (current as SchemaNode) : undefined;
}

function allowedProperties(schema: SchemaNode, schemaPath: string): string[] {
  const parent = schemaAt(schema, schemaPath.replace(/\/additionalProperties$/, ""));
  const properties = parent?.["properties"];
  return properties && typeof properties === "object" ? Object.keys(properties).filter((k) => k !== "$schema") : [];
}

function anyOfRequired(schemaOrKeys: SchemaNode | readonly string[], schemaPath: string): string[] | undefined {
  if (Array.isArray(schemaOrKeys)) return undefined;
  const branches = schemaAt(schemaOrKeys as SchemaNode, schemaPath);
  if (!Array.isArray(branches)) return undefined;
  const names: string[] = [];
  for (const branch of branches as unknown[]) {
    const required = (branch as SchemaNode | null)?.["required"];
    if (!Array.isArray(required) || Object.keys(branch as SchemaNode).length !== 1) return undefined;
    names.push(...(required as string[]));
  }
  return names;
}
