import { stripVTControlCharacters } from "node:util";
import type { JobStatus, JobView, Progress } from "@reelay/client";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createProgressDisplay } from "./progress-display.ts";

/** A stand-in for stderr that records what is written, as a terminal or as a pipe. */
function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; written(): string } {
  const chunks: string[] = [];
  const stream = {
    isTTY,
    columns: 120,
    write(chunk: string) {
      chunks.push(chunk);
      return true;
    },
  };
  return { stream: stream as unknown as NodeJS.WriteStream, written: () => chunks.join("") };
}

/** The parts of a job the display reads. */
function job(status: JobStatus, progress: Partial<Progress> | null = null): JobView {
  return {
    id: "job_1",
    status,
    progress:
      progress === null
        ? null
        : { value: 0, source: "provider", etaSeconds: null, expectedFinishAt: null, ...progress },
  } as JobView;
}

/** Each redraw of the bar line, as text: cli-progress moves to column 1 before every redraw. */
function frames(output: string): string[] {
  return output
    .split("\u001b[1G")
    .slice(1)
    .map((frame) => stripVTControlCharacters(frame).trim());
}

describe("the progress display", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("draws a bar with Reelay's ETA after a queued start, never going back, ending at 100 %", () => {
    vi.useFakeTimers();
    const terminal = fakeStream(true);
    const display = createProgressDisplay(terminal.stream);
    const show = (update: JobView) => {
      display.update(update);
      vi.advanceTimersByTime(250);
    };
    show(job("queued"));
    show(job("running", { value: 0.25, etaSeconds: 12, source: "estimated" }));
    show(job("running", { value: 0.2, etaSeconds: 9, source: "provider" }));
    show(job("succeeded", { value: 1, etaSeconds: 0 }));
    display.stop();

    // The elapsed time is cli-progress's own; what matters here is the bar, the figure and the ETA.
    const drawn = frames(terminal.written()).map((frame) => frame.replace(/ \| \d+s elapsed$/, ""));
    const quarter = `${"█".repeat(8)}${"░".repeat(22)} 25%`;
    expect(drawn[0]).toBe(`${"░".repeat(30)} 0% | queued`);
    expect(drawn).toContain(`${quarter} | running, about 12 s left (estimated)`);
    expect(drawn).toContain(`${quarter} | running, about 9 s left`);
    expect(drawn.at(-1)).toBe(`${"█".repeat(30)} 100% | succeeded`);
  });

  it("writes a plain line per status change or 10 % step when stderr is not a terminal", () => {
    const pipe = fakeStream(false);
    const display = createProgressDisplay(pipe.stream);
    display.update(job("queued"));
    display.update(job("running", { value: 0.02, etaSeconds: 5, source: "estimated" }));
    display.update(job("running", { value: 0.05, etaSeconds: 4 }));
    display.update(job("running", { value: 0.12, etaSeconds: 3 }));
    display.update(job("running", { value: 0.11, etaSeconds: 3 }));
    display.update(job("succeeded", { value: 1, etaSeconds: 0 }));
    display.stop();

    expect(pipe.written().split("\n")).toEqual([
      "queued 0%",
      "running 0%, about 5 s left (estimated)",
      "running 10%, about 3 s left",
      "succeeded 100%",
      "",
    ]);
  });
});
