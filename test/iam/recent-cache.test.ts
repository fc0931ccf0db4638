import assert from "node:assert/strict";
import { it } from "node:test";
import { RecentCache } from "../../src/iam/recent-cache.js";

it("builds a value once per key while the key is among the recent ones", () => {
  const cache = new RecentCache<object, number>(2);
  let built = 0;
  const make = (): number => ++built;
  const a = {};
  const b = {};
  assert.equal(cache.get(a, make), 1);
  assert.equal(cache.get(b, make), 2);
  assert.equal(cache.get(a, make), 1);
  assert.equal(cache.get(b, make), 2);
  assert.equal(built, 2);
});

it("looks keys up by identity and forgets the oldest entry when full", () => {
  const cache = new RecentCache<object, string>(2);
  const [a, b, c] = [{ k: 1 }, { k: 1 }, { k: 1 }];
  cache.get(a, () => "a");
  assert.equal(cache.get(b, () => "b"), "b", "an equal object is another key");
  cache.get(c, () => "c");
  assert.equal(cache.get(a, () => "a again"), "a again");
  assert.equal(cache.get(c, () => "c again"), "c");
});
