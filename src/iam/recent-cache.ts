/**
 * Values derived from the objects used most recently, looked up by identity. Rules ask for the same policy
 * model, manifest view or delegation many times while the linter works on one manifest and its policies, so a
 * few entries give the hits a WeakMap would. A WeakMap would also keep every value for as long as its key lives,
 * and the linter keeps every document until the run ends, so each cached value outlived many minor GCs and was
 * copied into the old generation: a measurable share of a run's GC time.
 */
export class RecentCache<K extends object, V> {
  private readonly keys: (K | undefined)[];
  private readonly values: (V | undefined)[];
  private next = 0;
  private last = 0;

  constructor(size = 32) {
    this.keys = new Array<K | undefined>(size).fill(undefined);
    this.values = new Array<V | undefined>(size).fill(undefined);
  }

  /** The value for `key`, built with `make` when it is not among the recent ones. */
  get(key: K, make: (key: K) => V): V {
    const keys = this.keys;
    if (keys[this.last] === key) return this.values[this.last] as V;
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] === key) {
        this.last = i;
        return this.values[i] as V;
      }
    }
    const value = make(key);
    const slot = this.next;
    this.next = (slot + 1) % keys.length;
    keys[slot] = key;
    this.values[slot] = value;
    this.last = slot;
    return value;
  }
}
