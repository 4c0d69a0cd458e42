/**
 * How long a server asked us to wait, from `retry-after-ms` (milliseconds) or `Retry-After`
 * (seconds, or an HTTP date). Undefined when neither is present or parseable.
 */
export function retryAfterMs(headers: Headers, nowMs: number): number | undefined {
  const milliseconds = Number(headers.get("retry-after-ms"));
  if (headers.has("retry-after-ms") && Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;
  const value = headers.get("retry-after");
  if (value === null || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
