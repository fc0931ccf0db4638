import type { JsonValue } from "../document/index.js";
import { joinPointer } from "../document/index.js";
import { analyzeOperator, type OperatorAnalysis } from "./condition-operators.js";
import { isObject } from "./json-fields.js";
import { RecentCache } from "./recent-cache.js";

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

/** A condition operator as written (`ForAnyValue:StringLikeIfExists`), taken apart by `analyzeOperator`. */
export interface ConditionOperator extends OperatorAnalysis {
  /** The qualifier when it is one of the two set operators. */
  set: "ForAllValues" | "ForAnyValue" | undefined;
}

export interface ConditionModel {
  operator: ConditionOperator;
  /** Pointer of the operator block (`/Statement/0/Condition/StringEquals`). */
  operatorPointer: string;
  key: Located<string>;
  /** The key in lower case (condition keys are not case-sensitive). */
  lowerKey: string;
  values: Located<string | number | boolean>[];
  /** The values as strings, as the condition operators compare them. */
  texts: string[];
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
  return models.get(value, buildModel);
}

const models = new RecentCache<{ [key: string]: JsonValue }, PolicyModel>();

function buildModel(value: { [key: string]: JsonValue }): PolicyModel {
  const version = typeof value["Version"] === "string" ? { value: value["Version"], pointer: "/Version" } : undefined;
  const raw = value["Statement"];
  const statements: StatementModel[] = [];
  if (Array.isArray(raw)) {
    for (let i = 0; i < raw.length; i++) pushStatement(statements, raw[i], i, `/Statement/${i}`);
  } else {
    pushStatement(statements, raw, 0, "/Statement");
  }
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
  for (let i = 0; i < value.length; i++) {
    const item = value[i];
    if (typeof item === "string") out.push({ value: item, pointer: `${pointer}/${i}` });
  }
  return out;
}

function principalOf(value: JsonValue | undefined, pointer: string): PrincipalModel | undefined {
  if (value === "*") return { pointer, anyone: true, entries: [] };
  if (!isObject(value)) return undefined;
  const entries: PrincipalModel["entries"] = [];
  for (const type of PRINCIPAL_TYPES) {
    const items = value[type];
    if (items === undefined) continue;
    const itemsPointer = `${pointer}/${type}`;
    if (typeof items === "string") {
      entries.push({ value: items, pointer: itemsPointer, type });
    } else if (Array.isArray(items)) {
      for (let i = 0; i < items.length; i++) {
        const item = items[i];
        if (typeof item === "string") entries.push({ value: item, pointer: `${itemsPointer}/${i}`, type });
      }
    }
  }
  return { pointer, anyone: false, entries };
}

export function parseOperator(text: string): ConditionOperator {
  const operator = analyzeOperator(text);
  const { qualifier } = operator;
  return { ...operator, set: qualifier === "ForAllValues" || qualifier === "ForAnyValue" ? qualifier : undefined };
}

function conditionsOf(value: JsonValue | undefined, pointer: string): ConditionModel[] {
  if (!isObject(value)) return [];
  const out: ConditionModel[] = [];
  for (const operatorText of Object.keys(value)) {
    const block = value[operatorText];
    if (!isObject(block)) continue;
    const operatorPointer = joinPointer(pointer, operatorText);
    const operator = parseOperator(operatorText);
    for (const key of Object.keys(block)) {
      const raw = block[key]!;
      const keyPointer = joinPointer(operatorPointer, key);
      const values: ConditionModel["values"] = [];
      const texts: string[] = [];
      if (Array.isArray(raw)) {
        for (let i = 0; i < raw.length; i++) pushConditionValue(values, texts, raw[i]!, `${keyPointer}/${i}`);
      } else {
        pushConditionValue(values, texts, raw, keyPointer);
      }
      out.push({ operator, operatorPointer, key: { value: key, pointer: keyPointer }, lowerKey: key.toLowerCase(), values, texts, pointer: keyPointer });
    }
  }
  return out;
}

function pushConditionValue(values: ConditionModel["values"], texts: string[], value: JsonValue, pointer: string): void {
  if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") return;
  values.push({ value, pointer });
  texts.push(String(value));
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
