import type { JsonValue } from "../../src/document/index.js";

type Obj = { [key: string]: JsonValue };

/** A valid two-Region manifest; `mrap` fields override (a field set to undefined is removed). */
export function manifest(mrap: Record<string, JsonValue | undefined> = {}, top: Record<string, JsonValue | undefined> = {}): Obj {
  const base: Obj = {
    Name: "orders-global",
    Regions: [
      { Bucket: "orders-use1", Region: "us-east-1" },
      { Bucket: "orders-euw1", Region: "eu-west-1" },
    ],
  };
  const merged = strip({ ...base, ...mrap });
  return strip({ AccountId: "111122223333", MultiRegionAccessPoint: merged, ...top });
}

function strip(value: Record<string, JsonValue | undefined>): Obj {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Obj;
}
