/**
 * The apply's deadline as callWithRetry applies it to every AWS call: each attempt's timeout and each backoff
 * are cut to what is left, and once it has passed one short last attempt is made and nothing more.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { callWithRetry } from "../../src/aws/retry.js";
import { ServiceError } from "../../src/engine/services.js";

/** Never settles unless its signal aborts. */
const hang = (signal: AbortSignal): Promise<never> => new Promise((_resolve, reject) => signal.addEventListener("abort", () => reject(signal.reason as Error), { once: true }));

describe("callWithRetry under a deadline", () => {
  it("cuts a hung call's attempts to the deadline instead of 30 s per attempt × 4", async () => {
    const deadline = Date.now() + 1_500;
    const started = Date.now();
    let attempts = 0;
    await assert.rejects(
      callWithRetry(
        "S3 Control",
        "DescribeMultiRegionAccessPointOperation",
        (signal) => {
          attempts++;
          return hang(signal);
        },
        { deadline: () => deadline, graceMs: 300 },
      ),
      (error: unknown) => error instanceof ServiceError && error.code === "TimeoutError" && /\(the deadline\)/.test(error.message),
    );
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 1_500 + 300 + 400, `took ${elapsed} ms`);
    assert.ok(attempts >= 1 && attempts <= 2, `${attempts} attempts`);
  });

  it("cuts the backoff (and Retry-After) to what is left", async () => {
    const deadline = Date.now() + 1_000;
    const waits: number[] = [];
    await assert.rejects(
      callWithRetry(
        "S3 Control",
        "GetMultiRegionAccessPointPolicy",
        () => Promise.reject(Object.assign(new Error("slow down"), { name: "SlowDown", $metadata: { httpStatusCode: 503 }, retryAfterSeconds: 30 })),
        { deadline: () => deadline, graceMs: 200, sleep: async (ms) => void waits.push(ms), maxAttempts: 10 },
      ),
      (error: unknown) => error instanceof ServiceError && error.code === "SlowDown",
    );
    assert.ok(waits.length > 0 && waits.every((ms) => ms <= 1_000), JSON.stringify(waits));
  });

  it("past the deadline makes one short last attempt, so a final read of the live state can still tell", async () => {
    let attempts = 0;
    const out = await callWithRetry(
      "S3 Control",
      "GetMultiRegionAccessPointPolicy",
      () => {
        attempts++;
        return Promise.resolve("live");
      },
      { deadline: () => Date.now() - 5_000 },
    );
    assert.equal(out, "live");
    assert.equal(attempts, 1);
    let failed = 0;
    await assert.rejects(
      callWithRetry(
        "S3 Control",
        "GetMultiRegionAccessPointPolicy",
        () => {
          failed++;
          return Promise.reject(Object.assign(new Error("reset"), { code: "ECONNRESET" }));
        },
        { deadline: () => Date.now() - 5_000, maxAttempts: 4 },
      ),
      (error: unknown) => error instanceof ServiceError && error.code === "ECONNRESET",
    );
    assert.equal(failed, 1, "no retry once the deadline has passed");
  });

  it("without a deadline keeps its old behaviour", async () => {
    let attempts = 0;
    await assert.rejects(
      callWithRetry(
        "S3",
        "GetBucketPolicy",
        () => {
          attempts++;
          return Promise.reject(Object.assign(new Error("reset"), { code: "ECONNRESET" }));
        },
        { sleep: async () => undefined },
      ),
    );
    assert.equal(attempts, 4);
  });
});
