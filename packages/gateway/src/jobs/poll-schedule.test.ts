import { describe, expect, it } from "vitest";
import { nextPollDelayMs, type PollScheduleInput } from "./poll-schedule.ts";

const START = 1_000_000;
const at = (seconds: number) => START + seconds * 1000;
const base = (overrides: Partial<PollScheduleInput>): PollScheduleInput => ({
  nowMs: at(10),
  providerDelayMs: 5_000,
  startedAt: START,
  expectedFinishAt: at(100),
  ...overrides,
});

/**
 * Polls a render that runs `renderSeconds` after `queueSeconds`, reporting linear progress, the
 * way the worker does; returns the reads it took and how late the last one saw the finish.
 */
function follow(queueSeconds: number, renderSeconds: number, firstPollSeconds = 5) {
  const finish = queueSeconds + renderSeconds;
  const progressAt = (seconds: number) => Math.min(1, Math.max(0, (seconds - queueSeconds) / renderSeconds));
  let now = firstPollSeconds;
  let previous: { progress: number; atMs: number } | undefined;
  let reads = 0;
  for (;;) {
    reads += 1;
    const progress = progressAt(now);
    if (progress >= 1) return { reads, lagSeconds: now - finish };
    const elapsed = now;
    const expected = progress >= 0.05 ? at(now + (elapsed * (1 - progress)) / progress) : at(30);
    const delay = nextPollDelayMs({
      nowMs: at(now),
      providerDelayMs: 5_000,
      startedAt: START,
      expectedFinishAt: expected,
      ...(progress > 0 ? { progress } : {}),
      ...(previous === undefined ? {} : { previous }),
    });
    if (progress > 0) previous = { progress, atMs: at(now) };
    now += delay / 1000;
  }
}

describe("the poll schedule", () => {
  it("sees a render with a steady pace end within a second, with fewer reads than a 5 s loop", () => {
    for (const renderSeconds of [9.6, 20.85, 32.1, 48.35, 600]) {
      const { reads, lagSeconds } = follow(1, renderSeconds);
      const fixedLoopReads = Math.ceil((1 + renderSeconds) / 5);
      expect({ renderSeconds, lagWithinASecond: lagSeconds <= 1 }).toEqual({ renderSeconds, lagWithinASecond: true });
      expect(reads, `${renderSeconds} s render`).toBeLessThanOrEqual(fixedLoopReads);
      if (renderSeconds > 20) expect(reads, `${renderSeconds} s render`).toBeLessThan(fixedLoopReads);
    }
  });

  it("spaces polls of a long render by at most a minute", () => {
    const far = nextPollDelayMs(base({ progress: 0.02, previous: { progress: 0.01, atMs: at(0) }, nowMs: at(10) }));
    expect(far).toBe(60_000);
  });

  it("never asks more often than the provider's interval while far from the finish", () => {
    // 50 s left at this pace: half of it, 25 s.
    expect(nextPollDelayMs(base({ progress: 0.5, previous: { progress: 0.25, atMs: at(-15) } }))).toBe(25_000);
    // 12 s left, within three intervals: straight to the finish.
    expect(nextPollDelayMs(base({ progress: 0.8, previous: { progress: 0.6, atMs: at(-2) } }))).toBe(12_250);
  });

  it("waits at least a second, or a twentieth of the render so far, however close the finish", () => {
    expect(nextPollDelayMs(base({ progress: 0.999, previous: { progress: 0.9, atMs: at(0) } }))).toBe(1_000);
    expect(nextPollDelayMs(base({ nowMs: at(60), progress: 0.999, previous: { progress: 0.9, atMs: at(50) } }))).toBe(
      3_000,
    );
  });

  it("without a pace, only brings a poll forward to the expected finish, never pushes it back", () => {
    expect(nextPollDelayMs(base({ expectedFinishAt: at(12) }))).toBe(2_250);
    expect(nextPollDelayMs(base({ expectedFinishAt: at(100) }))).toBe(5_000);
    // Stalled progress gives no pace.
    expect(nextPollDelayMs(base({ progress: 0.5, previous: { progress: 0.5, atMs: at(5) } }))).toBe(5_000);
    // An expected finish already past says nothing: the provider's interval.
    expect(nextPollDelayMs(base({ expectedFinishAt: at(9) }))).toBe(5_000);
  });
});
