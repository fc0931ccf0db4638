import { setTimeout as delay } from "node:timers/promises";
import type { ControlPlane } from "../aws/control.js";

export interface Clock {
  /** The whole timeout, for messages. */
  readonly seconds: number;
  /** Milliseconds left before the deadline. */
  left(): number;
  /** Waits the next backoff step (never past the deadline). */
  pause(): Promise<void>;
  /** The backoff from its first step again, up to the same deadline (a read-back after the operation's poll). */
  fresh(): Clock;
}

export function clock(timeoutSeconds: number, interval: { initial?: number; max?: number } = {}, signal?: AbortSignal, deadline = Date.now() + timeoutSeconds * 1000): Clock {
  let next = interval.initial ?? 1000;
  const max = interval.max ?? 15_000;
  return {
    seconds: timeoutSeconds,
    fresh: () => clock(timeoutSeconds, interval, signal, deadline),
    left: () => deadline - Date.now(),
    async pause() {
      const wait = Math.max(0, Math.min(next, deadline - Date.now()));
      next = Math.min(max, Math.max(1, next * 2));
      await delay(wait, undefined, signal ? { signal } : {});
    },
  };
}

export type OperationOutcome =
  | { done: "succeeded"; status: string }
  | { done: "failed"; status: string; error: { code: string; message: string; requestId?: string } }
  | { done: "timeout"; status: string | undefined }
  | { done: "unknown-token" };

// The user guide lists NEW, IN_PROGRESS, SUCCESS and FAILED; the Terraform provider waits for SUCCEEDED. Both
// spellings of success count, and anything unrecognised is logged and polled (the API types RequestStatus as a
// plain string): https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiRegionAccessPointMonitoring.html,
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_AsyncOperation.html.
const SUCCESS = new Set(["SUCCEEDED", "SUCCESS"]);
const IN_PROGRESS = new Set(["NEW", "IN_PROGRESS", "INPROGRESS", "PENDING", "RUNNING"]);

/** Polls DescribeMultiRegionAccessPointOperation until the operation ends or the clock runs out. */
export async function waitForOperation(
  control: ControlPlane,
  accountId: string,
  requestTokenArn: string,
  time: Clock,
  warn: (line: string) => void,
): Promise<OperationOutcome> {
  let last: string | undefined;
  const reported = new Set<string>();
  for (;;) {
    const operation = await control.describeOperation(accountId, requestTokenArn);
    if (operation === undefined) return { done: "unknown-token" };
    last = operation.status;
    const status = operation.status.toUpperCase();
    if (SUCCESS.has(status)) return { done: "succeeded", status: operation.status };
    if (status === "FAILED") {
      const error = operation.error ?? {};
      return {
        done: "failed",
        status: operation.status,
        error: { code: error.code ?? "FAILED", message: error.message ?? "the operation ended FAILED", ...(error.requestId ? { requestId: error.requestId } : {}) },
      };
    }
    if (!IN_PROGRESS.has(status) && !reported.has(status)) {
      reported.add(status);
      warn(`DescribeMultiRegionAccessPointOperation returned RequestStatus "${operation.status}", which mrap-guard does not know; still waiting for SUCCEEDED or FAILED.`);
    }
    if (time.left() <= 0) return { done: "timeout", status: last };
    await time.pause();
  }
}

/** Re-reads until `check` holds or the clock runs out; returns the last value read. */
export async function waitUntil<T>(read: () => Promise<T>, check: (value: T) => boolean, time: Clock): Promise<{ ok: boolean; value: T }> {
  for (;;) {
    const value = await read();
    if (check(value)) return { ok: true, value };
    if (time.left() <= 0) return { ok: false, value };
    await time.pause();
  }
}
