import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import { createLimiter } from "../../src/aws/limiter.js";

/** Runs `count` tasks through a limiter and reports the most that ran at once. */
async function peak(concurrency: number, count: number): Promise<{ peak: number; results: number[] }> {
  const limit = createLimiter(concurrency);
  let running = 0;
  let most = 0;
  const results = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      limit(async () => {
        running++;
        most = Math.max(most, running);
        await delay((i * 7) % 5);
        running--;
        return i;
      }),
    ),
  );
  return { peak: most, results };
}

describe("createLimiter", () => {
  const cases: { concurrency: number; count: number; peak: number }[] = [
    { concurrency: 1, count: 10, peak: 1 },
    { concurrency: 2, count: 10, peak: 2 },
    { concurrency: 3, count: 20, peak: 3 },
    { concurrency: 5, count: 3, peak: 3 },
    { concurrency: 2.7, count: 10, peak: 2 },
    { concurrency: 0, count: 5, peak: 1 },
    { concurrency: -3, count: 5, peak: 1 },
    { concurrency: Number.NaN, count: 5, peak: 1 },
  ];
  for (const c of cases) {
    it(`runs at most ${c.peak} of ${c.count} tasks at once with concurrency ${c.concurrency}`, async () => {
      const { peak: most, results } = await peak(c.concurrency, c.count);
      assert.equal(most, c.peak);
      assert.deepEqual(
        results,
        Array.from({ length: c.count }, (_, i) => i),
      );
    });
  }

  it("starts queued tasks in FIFO order", async () => {
    const limit = createLimiter(2);
    const started: number[] = [];
    await Promise.all(
      [30, 5, 5, 5, 5, 5].map((ms, i) =>
        limit(async () => {
          started.push(i);
          await delay(ms);
        }),
      ),
    );
    assert.deepEqual(started, [0, 1, 2, 3, 4, 5]);
  });

  it("does not start a queued task before a slot frees", async () => {
    const limit = createLimiter(1);
    let release = (): void => undefined;
    const first = limit(() => new Promise<void>((resolve) => (release = resolve)));
    let secondStarted = false;
    const second = limit(async () => {
      secondStarted = true;
    });
    await delay(10);
    assert.equal(secondStarted, false);
    release();
    await Promise.all([first, second]);
    assert.equal(secondStarted, true);
  });

  it("frees the slot of a task that rejects or throws", async () => {
    const limit = createLimiter(1);
    const failing = limit(async () => {
      throw new Error("async failure");
    });
    const throwing = limit((): Promise<never> => {
      throw new Error("sync failure");
    });
    const after = limit(async () => "still runs");
    await assert.rejects(failing, /async failure/);
    await assert.rejects(throwing, /sync failure/);
    assert.equal(await after, "still runs");
  });
});
