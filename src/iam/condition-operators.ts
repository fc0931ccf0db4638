/**
 * The IAM condition operators, as the page "IAM JSON policy elements: Condition operators" lists them:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * String, Numeric, Date, Boolean, Binary, IP address and ARN operators; `IfExists` may end any of them but
 * `Null`; `ForAllValues:` / `ForAnyValue:` qualify an operator for multivalued keys. Policy variables work
 * with the String and ARN operators only ("You can not use a policy variable with the … condition operator").
 */
import type { ConditionKeyType } from "./service-reference.js";

export type OperatorFamily = "String" | "Numeric" | "Date" | "Bool" | "Binary" | "IpAddress" | "Arn" | "Null";

export const OPERATORS: Readonly<Record<string, OperatorFamily>> = {
  StringEquals: "String",
  StringNotEquals: "String",
  StringEqualsIgnoreCase: "String",
  StringNotEqualsIgnoreCase: "String",
  StringLike: "String",
  StringNotLike: "String",
  NumericEquals: "Numeric",
  NumericNotEquals: "Numeric",
  NumericLessThan: "Numeric",
  NumericLessThanEquals: "Numeric",
  NumericGreaterThan: "Numeric",
  NumericGreaterThanEquals: "Numeric",
  DateEquals: "Date",
  DateNotEquals: "Date",
  DateLessThan: "Date",
  DateLessThanEquals: "Date",
  DateGreaterThan: "Date",
  DateGreaterThanEquals: "Date",
  Bool: "Bool",
  BinaryEquals: "Binary",
  IpAddress: "IpAddress",
  NotIpAddress: "IpAddress",
  ArnEquals: "Arn",
  ArnLike: "Arn",
  ArnNotEquals: "Arn",
  ArnNotLike: "Arn",
  Null: "Null",
};

export const SET_QUALIFIERS = ["ForAllValues", "ForAnyValue"] as const;

/** Every operator name a policy can use without a qualifier: the base operators and their IfExists forms. */
export function operatorNames(): string[] {
  const names = Object.keys(OPERATORS);
  return [...names, ...names.filter((n) => n !== "Null").map((n) => `${n}IfExists`)];
}

export interface OperatorAnalysis {
  text: string;
  /** The text before the first colon, if any (a set qualifier when it is one of SET_QUALIFIERS). */
  qualifier: string | undefined;
  /** The text after the qualifier, e.g. `StringLikeIfExists`. */
  name: string;
  /** `name` without `IfExists`. */
  base: string;
  ifExists: boolean;
  /** The base operator's family; undefined when the base is not an IAM operator (case-sensitive). */
  family: OperatorFamily | undefined;
}

export function analyzeOperator(text: string): OperatorAnalysis {
  const colon = text.indexOf(":");
  const qualifier = colon >= 0 ? text.slice(0, colon) : undefined;
  const name = colon >= 0 ? text.slice(colon + 1) : text;
  const ifExists = name.endsWith("IfExists");
  const base = ifExists ? name.slice(0, -"IfExists".length) : name;
  const family = Object.prototype.hasOwnProperty.call(OPERATORS, base) ? OPERATORS[base] : undefined;
  return { text, qualifier, name, base, ifExists, family };
}

/** Whether policy variables (`${aws:username}`) are resolved in values of this family. */
export function allowsPolicyVariables(family: OperatorFamily): boolean {
  return family === "String" || family === "Arn";
}

/** The `Like` operator to use instead of an exact one when a value has a wildcard. */
export const LIKE_OPERATOR: Readonly<Record<string, string>> = {
  StringEquals: "StringLike",
  StringNotEquals: "StringNotLike",
  StringEqualsIgnoreCase: "StringLike",
  StringNotEqualsIgnoreCase: "StringNotLike",
  ArnEquals: "ArnLike",
  ArnNotEquals: "ArnNotLike",
};

/** The operator families a key of this type is compared with (besides Null, which works for every key). */
export function familiesForType(type: ConditionKeyType): OperatorFamily[] {
  switch (type) {
    case "String":
    case "ArrayOfString":
      return ["String"];
    // AWS recommends ARN operators for ARN keys, and its own examples compare them with StringEquals too.
    case "ARN":
    case "ArrayOfARN":
      return ["Arn", "String"];
    case "Bool":
    case "ArrayOfBool":
      return ["Bool"];
    case "Numeric":
      return ["Numeric"];
    case "Date":
      return ["Date"];
    case "IPAddress":
      return ["IpAddress"];
  }
}

/** An operator of the family to name in a message. */
export const FAMILY_EXAMPLE: Readonly<Record<OperatorFamily, string>> = {
  String: "StringEquals",
  Numeric: "NumericLessThanEquals",
  Date: "DateGreaterThan",
  Bool: "Bool",
  Binary: "BinaryEquals",
  IpAddress: "IpAddress",
  Arn: "ArnEquals",
  Null: "Null",
};
