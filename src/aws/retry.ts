import { setTimeout as delay } from "node:timers/promises";
import { ServiceError } from "../engine/services.js";

export interface RetryOptions {
  /** Attempts in all, the first included (default 4). */
  maxAttempts?: number;
  /** Backoff base (default 200 ms). */
  baseDelayMs?: number;
  /** Cap on any one wait, Retry-After included (default 20 s). */
  maxDelayMs?: number;
  /** Per attempt (default 30 s); a timed-out attempt is retried with code `TimeoutError`. */
  timeoutMs?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** In [0, 1) like `Math.random` (the default). */
  random?: () => number;
  /** Called before each wait; `attempt` is the number of the attempt that just failed (1-based). */
  onRetry?: (info: { attempt: number; delayMs: number; code: string }) => void;
  /** Cancels the whole call: stops at once with a ServiceError coded `Aborted`. */
  signal?: AbortSignal;
  /**
   * When the caller's deadline is (epoch ms, read at each attempt; `undefined`: none). Each attempt's timeout and
   * each wait are cut to what is left; once it has passed, one last attempt of at most `graceMs` is made, so a
   * final read of the live state can still tell what happened, and no further retry.
   */
  deadline?: () => number | undefined;
  /** The last attempt's timeout once the deadline has passed (default 2 s). */
  graceMs?: number;
}

export interface Classification {
  retryable: boolean;
  code: string;
  requestId?: string;
  httpStatus?: number;
  retryAfterMs?: number;
  message: string;
}

const THROTTLING_CODES = new Set([
  "ThrottlingException",
  "Throttling",
  "ThrottledException",
  "RequestThrottled",
  "RequestThrottledException",
  "TooManyRequestsException",
  "SlowDown",
  "RequestLimitExceeded",
  "BandwidthLimitExceeded",
  "ProvisionedThroughputExceededException",
]);
const SERVER_CODES = new Set(["InternalServerException", "InternalError", "InternalFailure", "ServiceUnavailable", "ServiceUnavailableException"]);
const TRANSIENT_CODES = new Set(["TimeoutError", "AbortError", "RequestTimeout", "RequestTimeoutException"]);
const NETWORK_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "EAI_AGAIN"]);

type Fields = Record<string, unknown>;

function isObject(value: unknown): value is Fields {
  return typeof value === "object" && value !== null;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** `Retry-After` is either delta-seconds or an HTTP date. */
function parseRetryAfter(value: unknown, now: number): number | undefined {
  const text = Array.isArray(value) ? (value as unknown[])[0] : value;
  if (typeof text === "number") return text >= 0 ? text * 1000 : undefined;
  if (typeof text !== "string" || text.trim() === "") return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function retryAfterMs(error: Fields): number | undefined {
  const seconds = error.retryAfterSeconds;
  if (typeof seconds === "number" && Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const response = error.$response;
  if (!isObject(response) || !isObject(response.headers)) return undefined;
  const headers = response.headers;
  return parseRetryAfter(headers["retry-after"] ?? headers["Retry-After"], Date.now());
}

/** What an error thrown by an AWS SDK call (or the network under it) means for a retry. */
export function classify(error: unknown): Classification {
  if (error instanceof ServiceError) {
    return { retryable: false, code: error.code, requestId: error.requestId, httpStatus: error.httpStatus, message: error.message };
  }
  if (!isObject(error)) return { retryable: false, code: "UnknownError", message: String(error) };

  const name = nonEmptyString(error.name);
  const nodeCode = nonEmptyString(error.code);
  const message = typeof error.message === "string" ? error.message : "";
  // Plain Node errors are all named "Error"; their `code` (ECONNRESET…) is what tells them apart.
  const code = nodeCode !== undefined && (name === undefined || name === "Error" || NETWORK_CODES.has(nodeCode)) ? nodeCode : (name ?? "UnknownError");

  const metadata = isObject(error.$metadata) ? error.$metadata : {};
  const requestId = nonEmptyString(metadata.requestId) ?? nonEmptyString(metadata.extendedRequestId);
  const response = isObject(error.$response) ? error.$response : {};
  const status = typeof metadata.httpStatusCode === "number" ? metadata.httpStatusCode : typeof response.statusCode === "number" ? response.statusCode : undefined;

  const throttling =
    THROTTLING_CODES.has(code) || status === 429 || status === 503 || (isObject(error.$retryable) && error.$retryable.throttling === true);
  const server = SERVER_CODES.has(code) || (status !== undefined && status >= 500) || error.$fault === "server";
  const hangUp = /^socket hang up$/i.test(message);
  const network = NETWORK_CODES.has(code) || TRANSIENT_CODES.has(code) || hangUp;
  const flagged = error.$retryable !== undefined && error.$retryable !== null && error.$retryable !== false;

  const result: Classification = {
    retryable: throttling || server || network || flagged,
    code: hangUp && code === "Error" ? "NetworkError" : code,
    message,
  };
  if (requestId !== undefined) result.requestId = requestId;
  if (status !== undefined) result.httpStatus = status;
  const after = retryAfterMs(error);
  if (after !== undefined) result.retryAfterMs = after;
  return result;
}

function count(value: number | undefined, fallback: number, minimum: number): number {
  return value !== undefined && Number.isFinite(value) ? Math.max(minimum, value) : fallback;
}

/** Settles like `promise`, or rejects as soon as `signal` aborts (a call that ignores its signal is left behind). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> => delay(ms, undefined, { signal });

/**
 * Runs `call` with per-attempt timeouts and jittered exponential backoff on throttling, server and network
 * errors; anything else, or the last failure, becomes a `ServiceError`.
 */
export async function callWithRetry<T>(
  service: string,
  operation: string,
  call: (signal: AbortSignal) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const maxAttempts = Math.floor(count(options.maxAttempts, 4, 1));
  const baseDelayMs = count(options.baseDelayMs, 200, 0);
  const maxDelayMs = count(options.maxDelayMs, 20_000, 0);
  const timeoutMs = count(options.timeoutMs, 30_000, 1);
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const overall = options.signal;

  const aborted = (attempts: number): ServiceError =>
    new ServiceError(service, operation, "Aborted", `Aborted: ${operation} was cancelled${attempts > 1 ? ` (after ${attempts} attempts)` : ""}`);

  for (let attempt = 1; ; attempt++) {
    if (overall?.aborted) throw aborted(attempt - 1);

    const deadline = options.deadline?.();
    const left = deadline === undefined ? Number.POSITIVE_INFINITY : deadline - Date.now();
    const graceMs = count(options.graceMs, 2_000, 1);
    const lastChance = left <= graceMs;
    const attemptMs = Math.max(1, Math.round(Math.min(timeoutMs, lastChance ? graceMs : left)));
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error(`attempt timed out after ${attemptMs} ms`));
    }, attemptMs);
    const onAbort = (): void => controller.abort(overall?.reason);
    overall?.addEventListener("abort", onAbort, { once: true });

    let failure: Classification;
    try {
      const run = async (): Promise<T> => call(controller.signal);
      return await untilAborted(run(), controller.signal);
    } catch (error) {
      if (error instanceof ServiceError) throw error;
      if (overall?.aborted) throw aborted(attempt);
      failure = timedOut
        ? { retryable: true, code: "TimeoutError", message: `attempt timed out after ${attemptMs} ms${attemptMs < timeoutMs ? " (the deadline)" : ""}` }
        : classify(error);
    } finally {
      clearTimeout(timer);
      overall?.removeEventListener("abort", onAbort);
    }

    const remaining = deadline === undefined ? Number.POSITIVE_INFINITY : deadline - Date.now();
    if (!failure.retryable || attempt >= maxAttempts || lastChance || remaining <= 0) {
      const detail = failure.message !== "" && failure.message !== failure.code ? `${failure.code}: ${failure.message}` : failure.code;
      const suffix = attempt > 1 ? ` (after ${attempt} attempts)` : "";
      throw new ServiceError(service, operation, failure.code, detail + suffix, failure.requestId, failure.httpStatus, failure.retryable);
    }

    let delayMs = random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
    if (failure.retryAfterMs !== undefined) delayMs = Math.max(delayMs, Math.min(failure.retryAfterMs, maxDelayMs));
    delayMs = Math.round(Math.min(delayMs, Math.max(0, remaining - graceMs)));
    options.onRetry?.({ attempt, delayMs, code: failure.code });
    try {
      await untilAborted(sleep(delayMs, overall), overall);
    } catch (error) {
      if (overall?.aborted) throw aborted(attempt);
      throw error;
    }
  }
}
