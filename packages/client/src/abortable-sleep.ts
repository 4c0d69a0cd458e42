import { abortedError } from "./errors.ts";

/**
 * Resolves after `delayMs`, or rejects with an `aborted` error as soon as `signal` fires, so no
 * wait (a retry's backoff, a poll interval) outlives the caller's interest.
 */
export function abortableSleep(delayMs: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortedError(signal.reason));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedError(signal?.reason));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, delayMs);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
