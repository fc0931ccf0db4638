import type { JsonValue } from "../../src/document/index.js";
import { joinPointer } from "../../src/document/index.js";
import { isObject } from "./json.js";

/** A value from the policy with the JSON pointer it was read from. */
export interface Located<T> {
  value: T;
  pointer: string;
}

export type PrincipalType = "AWS" | "Service" | "Federated" | "CanonicalUser";

export interface PrincipalModel {
  pointer: string;
  /** `"Principal": "*"` (the string form). */
  anyone: boolean;
  entries: (Located<string> & { type: PrincipalType })[];
}

export interface ConditionOperator {
  /** As written, e.g. `ForAnyValue:StringLikeIfExists`. */
  text: string;
  /** Without qualifier and IfExists, e.g. `StringLike`. */
  base: string;
  set: "ForAllValues" | "ForAnyValue" | undefined;
  ifExists: boolean;
}

export interface ConditionModel {
  operator: ConditionOperator;
  /** Pointer of the operator block (`/Statement/0/Condition/StringEquals`). */
  operatorPointer: string;
  key: Located<string>;
  values: Located<string | number | boolean>[];
  /** Pointer of the key's value (a scalar or an array). */
  pointer: string;
}

export interface StatementModel {
  index: number;
  pointer: string;
  sid: Located<string> | undefined;
  effect: "Allow" | "Deny" | undefined;
  principal: PrincipalModel | undefined;
  notPrincipal: PrincipalModel | undefined;
  action: Located<string>[] | undefined;
  notAction: Located<string>[] | undefined;
  resource: Located<string>[] | undefined;
  notResource: Located<string>[] | undefined;
  conditions: ConditionModel[];
}

export interface PolicyModel {
  version: Located<string> | undefined;
  statements: StatementModel[];
}

const PRINCIPAL_TYPES: readonly PrincipalType[] = ["AWS", "Service", "Federated", "CanonicalUser"];

/**
 * One normalised view of a resource policy: statement arrays, string-or-array elements, principal forms and
 * condition blocks, each value keeping its pointer. Parts with the wrong shape are left out (policy/valid-schema
 * reports them), so rules never see a half-parsed element.
 */
export function policyModel(value: JsonValue | undefined): PolicyModel {
  if (!isObject(value)) return { version: undefined, statements: [] };
  // Every policy rule reads the model of the same value: build it once per document.
  let model = models.get(value);
  if (!model) {
    model = buildModel(value);
    models.set(value, model);
  }
  return model;
}

const models = new WeakMap<object, PolicyModel>();

function buildModel(value: { [key: string]: JsonValue }): PolicyModel {
  const version = typeof value["Version"] === "string" ? { value: value["Version"], pointer: "/Version" } : undefined;
  const raw = value["Statement"];
  const statements: StatementModel[] = [];
  if (Array.isArray(raw)) raw.forEach((s, i) => pushStatement(statements, s, i, `/Statement/${i}`));
  else pushStatement(statements, raw, 0, "/Statement");
  return { version, statements };
}

function pushStatement(out: StatementModel[], s: JsonValue | undefined, index: number, pointer: string): void {
  if (!isObject(s)) return;
  const effect = s["Effect"] === "Allow" || s["Effect"] === "Deny" ? s["Effect"] : undefined;
  out.push({
    index,
    pointer,
    sid: typeof s["Sid"] === "string" ? { value: s["Sid"], pointer: `${pointer}/Sid` } : undefined,
    effect,
    principal: principalOf(s["Principal"], `${pointer}/Principal`),
    notPrincipal: principalOf(s["NotPrincipal"], `${pointer}/NotPrincipal`),
    action: strings(s["Action"], `${pointer}/Action`),
    notAction: strings(s["NotAction"], `${pointer}/NotAction`),
    resource: strings(s["Resource"], `${pointer}/Resource`),
    notResource: strings(s["NotResource"], `${pointer}/NotResource`),
    conditions: conditionsOf(s["Condition"], `${pointer}/Condition`),
  });
}

/** A string or an array of strings, each with its pointer; undefined when absent or of the wrong type. */
export function strings(value: JsonValue | undefined, pointer: string): Located<string>[] | undefined {
  if (typeof value === "string") return [{ value, pointer }];
  if (!Array.isArray(value)) return undefined;
  const out: Located<string>[] = [];
  value.forEach((item, i) => {
    if (typeof item === "string") out.push({ value: item, pointer: `${pointer}/${i}` });
  });
  return out;
}

function principalOf(value: JsonValue | undefined, pointer: string): PrincipalModel | undefined {
  if (value === "*") return { pointer, anyone: true, entries: [] };
  if (!isObject(value)) return undefined;
  const entries: PrincipalModel["entries"] = [];
  for (const type of PRINCIPAL_TYPES) {
    for (const entry of strings(value[type], joinPointer(pointer, type)) ?? []) entries.push({ ...entry, type });
  }
  return { pointer, anyone: false, entries };
}

export function parseOperator(text: string): ConditionOperator {
  let rest = text;
  let set: ConditionOperator["set"];
  const colon = rest.indexOf(":");
  if (colon >= 0) {
    const qualifier = rest.slice(0, colon);
    if (qualifier === "ForAllValues" || qualifier === "ForAnyValue") set = qualifier;
    rest = rest.slice(colon + 1);
  }
  const ifExists = rest.endsWith("IfExists");
  return { text, base: ifExists ? rest.slice(0, -"IfExists".length) : rest, set, ifExists };
}

function conditionsOf(value: JsonValue | undefined, pointer: string): ConditionModel[] {
  if (!isObject(value)) return [];
  const out: ConditionModel[] = [];
  for (const [operatorText, block] of Object.entries(value)) {
    if (!isObject(block)) continue;
    const operatorPointer = joinPointer(pointer, operatorText);
    const operator = parseOperator(operatorText);
    for (const [key, raw] of Object.entries(block)) {
      const keyPointer = joinPointer(operatorPointer, key);
      const values: ConditionModel["values"] = [];
      const push = (v: JsonValue, p: string) => {
        if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") values.push({ value: v, pointer: p });
      };
      if (Array.isArray(raw)) raw.forEach((v, i) => push(v, `${keyPointer}/${i}`));
      else if (raw !== null) push(raw, keyPointer);
      out.push({ operator, operatorPointer, key: { value: key, pointer: keyPointer }, values, pointer: keyPointer });
    }
  }
  return out;
}

/** The statements' elements for an Allow or Deny check, treating a lone `Action` or `NotAction` uniformly. */
export function actionsOf(statement: StatementModel): { not: boolean; items: Located<string>[] } | undefined {
  if (statement.action) return { not: false, items: statement.action };
  if (statement.notAction) return { not: true, items: statement.notAction };
  return undefined;
}

export function resourcesOf(statement: StatementModel): { not: boolean; items: Located<string>[] } | undefined {
  if (statement.resource) return { not: false, items: statement.resource };
  if (statement.notResource) return { not: true, items: statement.notResource };
  return undefined;
}
