/** One lookup for condition keys: the documented global and cross-service keys first, then service keys. */
import { conditionKey, type ConditionKeyType } from "./service-reference.js";
import { globalConditionKey } from "./global-condition-keys.js";

export interface KnownConditionKey {
  /** Canonical spelling of the key as written. */
  key: string;
  type: ConditionKeyType;
  /** Operator families the key works with besides the one of its type. */
  alsoWorksWith: readonly ("Numeric" | "Arn")[];
  multivalued: boolean;
  /** An `aws:` key or a cross-service key from the global keys page: usable whatever the statement's actions. */
  global: boolean;
}

export function lookupConditionKey(key: string): KnownConditionKey | undefined {
  const global = globalConditionKey(key);
  if (global) {
    const { definition } = global;
    return { key: global.key, type: definition.type, alsoWorksWith: definition.alsoWorksWith ?? [], multivalued: definition.multivalued, global: true };
  }
  if (key.toLowerCase().startsWith("aws:")) return undefined;
  const service = conditionKey(key);
  if (!service) return undefined;
  return { key: service.key, type: service.type, alsoWorksWith: [], multivalued: service.type.startsWith("ArrayOf"), global: false };
}

/** The service prefix of a key (`s3` for `s3:prefix`), lowercase; undefined without one. */
export function keyService(key: string): string | undefined {
  const colon = key.indexOf(":");
  return colon > 0 ? key.slice(0, colon).toLowerCase() : undefined;
}
