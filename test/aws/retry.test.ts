import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { callWithRetry, classify } from "../../src/aws/retry.js";
import type { RetryOptions } from "../../src/aws/retry.js";
import { ServiceError } from "../../src/engine/services.js";

interface FakeFields {
  status?: number;
  fault?: "client" | "server";
  requestId?: string;
  extendedRequestId?: string;
  retryAfterSeconds?: number;
  retryable?: { throttling?: boolean };
  headers?: Record<string, string>;
}

/** Shaped like an AWS SDK v3 service exception. */
function sdkError(name: string, message: string, fields: FakeFields = {}): Error {
  const error = Object.assign(new Error(message), {
    name,
    $fault: fields.fault ?? (fields.status !== undefined && fields.status >= 500 ? "server" : "client"),
    $metadata: { httpStatusCode: fields.status, requestId: fields.requestId, extendedRequestId: fields.extendedRequestId, attempts: 1 },
  });
  if (fields.retryAfterSeconds !== undefined) Object.assign(error, { retryAfterSeconds: fields.retryAfterSeconds });
  if (fields.retryable !== undefined) Object.assign(error, { $retryable: fields.retryable });
  if (fields.headers !== undefined) Object.assign(error, { $response: { statusCode: fields.status, headers: fields.headers } });
  return error;
}

function nodeError(code: string, message = `connect ${code}`): Error {
  return Object.assign(new Error(message), { code });
}

const throttle = (): Error => sdkError("ThrottlingException", "Rate exceeded", { status: 429, requestId: "req-1" });

/** Fails with `errors` in turn, then returns "ok". */
function script(errors: unknown[]): { call: (signal: AbortSignal) => Promise<string>; calls: () => number } {
  let calls = 0;
  return {
    call: async () => {
      const error = errors[calls++];
      if (calls <= errors.length) throw error;
      return "ok";
    },
    calls: () => calls,
  };
}

/** Instant sleep that records the delays asked for. */
function recorder(random = 0.5): { options: RetryOptions; delays: number[]; retries: { attempt: number; delayMs: number; code: string }[] } {
  const delays: number[] = [];
  const retries: { attempt: number; delayMs: number; code: string }[] = [];
  return {
    delays,
    retries,
    options: {
      random: () => random,
      sleep: async (ms) => {
        delays.push(ms);
      },
      onRetry: (info) => retries.push(info),
    },
  };
}

async function serviceError(promise: Promise<unknown>): Promise<ServiceError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ServiceError, `expected a ServiceError, got ${String(error)}`);
    return error;
  }
  assert.fail("expected a ServiceError");
}

describe("callWithRetry backoff", () => {
  const cases: { name: string; errors: Error[]; random: number; options?: RetryOptions; delays: number[] }[] = [
    { name: "full jitter doubles from the base", errors: [throttle(), throttle(), throttle()], random: 0.5, delays: [100, 200, 400] },
    { name: "random() = 0 retries at once", errors: [throttle(), throttle()], random: 0, delays: [0, 0] },
    { name: "custom base", errors: [throttle(), throttle()], random: 0.25, options: { baseDelayMs: 1000 }, delays: [250, 500] },
    {
      name: "capped at maxDelayMs",
      errors: [throttle(), throttle(), throttle(), throttle()],
      random: 0.9,
      options: { maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 500 },
      delays: [180, 360, 450, 450],
    },
    {
      name: "retryAfterSeconds is a floor",
      errors: [sdkError("ThrottlingException", "Rate exceeded", { status: 429, retryAfterSeconds: 2 })],
      random: 0.5,
      delays: [2000],
    },
    {
      name: "retryAfterSeconds below the jitter changes nothing",
      errors: [throttle(), throttle(), sdkError("InternalServerException", "oops", { status: 500, retryAfterSeconds: 0.1 })],
      random: 1,
      options: { baseDelayMs: 300 },
      delays: [300, 600, 1200],
    },
    {
      name: "retryAfterSeconds is capped at maxDelayMs",
      errors: [sdkError("ThrottlingException", "Rate exceeded", { status: 429, retryAfterSeconds: 3600 })],
      random: 0.5,
      delays: [20_000],
    },
    {
      name: "Retry-After header in seconds",
      errors: [sdkError("SlowDown", "Please reduce your request rate.", { status: 503, headers: { "retry-after": "3" } })],
      random: 0.5,
      delays: [3000],
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { call, calls } = script(c.errors);
      const { options, delays, retries } = recorder(c.random);
      assert.equal(await callWithRetry("access-analyzer", "ValidatePolicy", call, { maxAttempts: 4, ...options, ...c.options }), "ok");
      assert.equal(calls(), c.errors.length + 1);
      assert.deepEqual(delays, c.delays);
      assert.deepEqual(
        retries,
        c.delays.map((delayMs, i) => ({ attempt: i + 1, delayMs, code: c.errors[i]!.name })),
      );
    });
  }

  it("uses Math.random and a real sleep by default", async () => {
    const { call, calls } = script([throttle()]);
    const started = Date.now();
    assert.equal(await callWithRetry("s3", "GetBucketPolicy", call, { baseDelayMs: 20 }), "ok");
    assert.equal(calls(), 2);
    assert.ok(Date.now() - started < 1000);
  });
});

describe("callWithRetry failures", () => {
  it("gives up after maxAttempts with code, requestId, status and attempt count", async () => {
    const { call, calls } = script([throttle(), throttle(), throttle(), throttle(), throttle()]);
    const { options, delays } = recorder();
    const error = await serviceError(callWithRetry("access-analyzer", "CheckNoNewAccess", call, options));
    assert.equal(calls(), 4);
    assert.equal(delays.length, 3);
    assert.equal(error.service, "access-analyzer");
    assert.equal(error.operation, "CheckNoNewAccess");
    assert.equal(error.code, "ThrottlingException");
    assert.equal(error.requestId, "req-1");
    assert.equal(error.httpStatus, 429);
    assert.equal(error.message, "ThrottlingException: Rate exceeded (after 4 attempts)");
  });

  it("honours maxAttempts: 1", async () => {
    const { call, calls } = script([throttle(), throttle()]);
    const error = await serviceError(callWithRetry("s3", "GetBucketPolicy", call, { ...recorder().options, maxAttempts: 1 }));
    assert.equal(calls(), 1);
    assert.equal(error.message, "ThrottlingException: Rate exceeded");
  });

  const clientErrors: { name: string; error: unknown; code: string; status?: number; requestId?: string }[] = [
    {
      name: "ValidationException",
      error: sdkError("ValidationException", "Invalid policy", { status: 400, requestId: "r-400" }),
      code: "ValidationException",
      status: 400,
      requestId: "r-400",
    },
    {
      name: "AccessDenied (extendedRequestId as fallback)",
      error: sdkError("AccessDenied", "Access Denied", { status: 403, extendedRequestId: "ext-1" }),
      code: "AccessDenied",
      status: 403,
      requestId: "ext-1",
    },
    { name: "AccessDeniedException", error: sdkError("AccessDeniedException", "no", { status: 403 }), code: "AccessDeniedException", status: 403 },
    { name: "UnprocessableEntityException", error: sdkError("UnprocessableEntityException", "x", { status: 422 }), code: "UnprocessableEntityException", status: 422 },
    { name: "NoSuchBucketPolicy (404)", error: sdkError("NoSuchBucketPolicy", "none", { status: 404 }), code: "NoSuchBucketPolicy", status: 404 },
    { name: "a programming error", error: new TypeError("x is not a function"), code: "TypeError" },
    { name: "a thrown string", error: "boom", code: "UnknownError" },
    { name: "ENOTFOUND (a wrong endpoint, not transient)", error: nodeError("ENOTFOUND", "getaddrinfo ENOTFOUND x"), code: "ENOTFOUND" },
  ];
  for (const c of clientErrors) {
    it(`does not retry ${c.name}`, async () => {
      const { call, calls } = script([c.error, c.error]);
      const error = await serviceError(callWithRetry("access-analyzer", "ValidatePolicy", call, recorder().options));
      assert.equal(calls(), 1);
      assert.equal(error.code, c.code);
      assert.equal(error.httpStatus, c.status);
      assert.equal(error.requestId, c.requestId);
      assert.doesNotMatch(error.message, /after \d+ attempts/);
    });
  }

  it("passes a ServiceError from the call through unchanged", async () => {
    const original = new ServiceError("s3", "Inner", "Custom", "inner failure", "rid", 418);
    const { call, calls } = script([original]);
    await assert.rejects(callWithRetry("s3", "Outer", call, recorder().options), (error) => error === original);
    assert.equal(calls(), 1);
  });
});

describe("callWithRetry retryable errors", () => {
  const retryable: { name: string; error: unknown; code: string }[] = [
    { name: "ECONNRESET", error: nodeError("ECONNRESET"), code: "ECONNRESET" },
    { name: "ECONNREFUSED", error: nodeError("ECONNREFUSED"), code: "ECONNREFUSED" },
    { name: "EPIPE", error: nodeError("EPIPE"), code: "EPIPE" },
    { name: "ETIMEDOUT", error: nodeError("ETIMEDOUT"), code: "ETIMEDOUT" },
    { name: "socket hang up", error: new Error("socket hang up"), code: "NetworkError" },
    { name: "SDK TimeoutError", error: Object.assign(new Error("Connection timed out"), { name: "TimeoutError" }), code: "TimeoutError" },
    { name: "SDK AbortError", error: Object.assign(new Error("Request aborted"), { name: "AbortError" }), code: "AbortError" },
    { name: "InternalServerException 500", error: sdkError("InternalServerException", "oops", { status: 500 }), code: "InternalServerException" },
    { name: "InternalError 500", error: sdkError("InternalError", "We encountered an internal error.", { status: 500 }), code: "InternalError" },
    { name: "ServiceUnavailable 503", error: sdkError("ServiceUnavailable", "down", { status: 503 }), code: "ServiceUnavailable" },
    { name: "unknown 502", error: sdkError("Unknown", "bad gateway", { status: 502 }), code: "Unknown" },
    { name: "$fault server without a status", error: sdkError("Weird", "w", { fault: "server" }), code: "Weird" },
    { name: "SlowDown 503", error: sdkError("SlowDown", "slow", { status: 503 }), code: "SlowDown" },
    { name: "Throttling sent as 400", error: sdkError("Throttling", "Rate exceeded", { status: 400 }), code: "Throttling" },
    { name: "TooManyRequestsException", error: sdkError("TooManyRequestsException", "t", { status: 429 }), code: "TooManyRequestsException" },
    { name: "RequestLimitExceeded", error: sdkError("RequestLimitExceeded", "t", { status: 400 }), code: "RequestLimitExceeded" },
    {
      name: "ProvisionedThroughputExceededException",
      error: sdkError("ProvisionedThroughputExceededException", "t", { status: 400 }),
      code: "ProvisionedThroughputExceededException",
    },
    { name: "an unknown error sent as 429", error: sdkError("Unknown", "t", { status: 429 }), code: "Unknown" },
    { name: "an unknown error sent as 503 by a client fault", error: sdkError("Unknown", "t", { status: 503, fault: "client" }), code: "Unknown" },
    { name: "$retryable on a 4xx", error: sdkError("SomethingTransient", "t", { status: 409, retryable: {} }), code: "SomethingTransient" },
  ];
  for (const c of retryable) {
    it(`retries ${c.name}`, async () => {
      assert.equal(classify(c.error).code, c.code);
      assert.equal(classify(c.error).retryable, true);
      const { call, calls } = script([c.error, c.error]);
      const { options, retries } = recorder();
      assert.equal(await callWithRetry("s3", "GetBucketPolicy", call, options), "ok");
      assert.equal(calls(), 3);
      assert.deepEqual(
        retries.map((r) => r.code),
        [c.code, c.code],
      );
    });
  }
});

describe("classify", () => {
  it("reads retryAfterSeconds, Retry-After (seconds and HTTP date) and the request id", () => {
    assert.deepEqual(classify(sdkError("ThrottlingException", "Rate exceeded", { status: 429, requestId: "abc", retryAfterSeconds: 5 })), {
      retryable: true,
      code: "ThrottlingException",
      requestId: "abc",
      httpStatus: 429,
      retryAfterMs: 5000,
      message: "Rate exceeded",
    });
    assert.equal(classify(sdkError("SlowDown", "s", { status: 503, headers: { "Retry-After": "1.5" } })).retryAfterMs, 1500);
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    const fromDate = classify(sdkError("SlowDown", "s", { status: 503, headers: { "retry-after": inTenSeconds } })).retryAfterMs;
    assert.ok(fromDate !== undefined && fromDate > 8000 && fromDate <= 10_000, String(fromDate));
    assert.equal(classify(sdkError("SlowDown", "s", { status: 503, headers: { "retry-after": "soon" } })).retryAfterMs, undefined);
  });

  it("marks $fault client 4xx errors as final and keeps the message", () => {
    assert.deepEqual(classify(sdkError("ValidationException", "bad", { status: 400 })), {
      retryable: false,
      code: "ValidationException",
      httpStatus: 400,
      message: "bad",
    });
  });
});

describe("callWithRetry timeouts and cancellation", () => {
  it("aborts a hung attempt after timeoutMs and retries", async () => {
    const signals: AbortSignal[] = [];
    const call = (signal: AbortSignal): Promise<string> => {
      signals.push(signal);
      // The first attempt hangs and ignores its signal; the second answers.
      return signals.length === 1 ? new Promise<string>(() => undefined) : Promise.resolve("ok");
    };
    const { options, retries } = recorder();
    const started = Date.now();
    assert.equal(await callWithRetry("access-analyzer", "ValidatePolicy", call, { ...options, timeoutMs: 50 }), "ok");
    assert.ok(Date.now() - started >= 45);
    assert.equal(signals.length, 2);
    assert.equal(signals[0]!.aborted, true);
    assert.equal(signals[1]!.aborted, false);
    assert.deepEqual(
      retries.map((r) => r.code),
      ["TimeoutError"],
    );
  });

  it("reports TimeoutError when every attempt hangs", async () => {
    let calls = 0;
    const call = (signal: AbortSignal): Promise<string> => {
      calls++;
      // This one honours its signal, like the SDK does.
      return new Promise<string>((_resolve, reject) => {
        signal.addEventListener("abort", () => reject(Object.assign(new Error("Request aborted"), { name: "AbortError" })));
      });
    };
    const error = await serviceError(callWithRetry("s3", "GetBucketPolicy", call, { ...recorder().options, timeoutMs: 30, maxAttempts: 2 }));
    assert.equal(calls, 2);
    assert.equal(error.code, "TimeoutError");
    assert.match(error.message, /^TimeoutError: .*30 ms \(after 2 attempts\)$/);
  });

  it("does not call at all when the signal is already aborted", async () => {
    const { call, calls } = script([]);
    const error = await serviceError(callWithRetry("s3", "GetBucketPolicy", call, { signal: AbortSignal.abort() }));
    assert.equal(calls(), 0);
    assert.equal(error.code, "Aborted");
  });

  it("stops during a hung call when the signal aborts", async () => {
    const controller = new AbortController();
    let seen: AbortSignal | undefined;
    const call = (signal: AbortSignal): Promise<string> => {
      seen = signal;
      setTimeout(() => controller.abort(), 20);
      return new Promise<string>(() => undefined);
    };
    const started = Date.now();
    const error = await serviceError(callWithRetry("s3", "GetBucketPolicy", call, { signal: controller.signal, timeoutMs: 10_000 }));
    assert.ok(Date.now() - started < 5000);
    assert.equal(error.code, "Aborted");
    assert.equal(seen?.aborted, true);
  });

  it("stops during the backoff wait, even with a sleep that ignores its signal", async () => {
    const controller = new AbortController();
    const { call, calls } = script([throttle(), throttle()]);
    const sleep = (): Promise<void> => {
      controller.abort();
      return new Promise<void>(() => undefined);
    };
    const error = await serviceError(callWithRetry("s3", "GetBucketPolicy", call, { signal: controller.signal, sleep }));
    assert.equal(calls(), 1);
    assert.equal(error.code, "Aborted");
  });

  it("stops during a real backoff wait", async () => {
    const controller = new AbortController();
    const { call, calls } = script([throttle(), throttle()]);
    setTimeout(() => controller.abort(), 20);
    const started = Date.now();
    const error = await serviceError(
      callWithRetry("s3", "GetBucketPolicy", call, { signal: controller.signal, random: () => 1, baseDelayMs: 10_000 }),
    );
    assert.ok(Date.now() - started < 5000);
    assert.equal(calls(), 1);
    assert.equal(error.code, "Aborted");
  });
});
