import { github } from "./github.js";
import { json, jsonChunks } from "./json.js";
import { junit } from "./junit.js";
import { sarif } from "./sarif.js";
import { stylish } from "./stylish.js";
import type { ChunkedFormatter, Formatter } from "./types.js";

export type { Formatter, FormatterContext } from "./types.js";

export const formatters = { stylish, json, sarif, github, junit } as const satisfies Record<string, Formatter>;

export type FormatName = keyof typeof formatters;

/** Each formatter's text in pieces (json writes one per finding; the others, for now, one for the whole report). */
export const formatterChunks: Record<FormatName, ChunkedFormatter> = {
  stylish: (results, context) => [stylish(results, context)],
  json: jsonChunks,
  sarif: (results, context) => [sarif(results, context)],
  github: (results, context) => [github(results, context)],
  junit: (results, context) => [junit(results, context)],
};

export const FORMAT_NAMES = Object.keys(formatters) as FormatName[];

export function isFormatName(name: string): name is FormatName {
  return Object.hasOwn(formatters, name);
}

/** The formatter called `name`, or `undefined` for an unknown name (never an inherited property). */
export function getFormatter(name: string): Formatter | undefined {
  return isFormatName(name) ? formatters[name] : undefined;
}
