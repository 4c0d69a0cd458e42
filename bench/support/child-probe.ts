/**
 * The child side of a benchmarked process: tells the parent it is ready, and answers its requests
 * for memory and CPU figures over the IPC channel. Peak RSS is sampled every 20 ms, so a short rise
 * (a download buffering) is seen even between the parent's samples.
 */
import type { ProcessSample, ToChildMessage } from "./process-messages.ts";

const PEAK_SAMPLE_MS = 20;

export function serveProbe(ready: Record<string, unknown>, close: () => Promise<void>): void {
  const send = process.send?.bind(process);
  if (send === undefined)
    throw new Error("run this file through bench/support/spawn-child.ts (it needs an IPC channel)");
  let peakRssBytes = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peakRssBytes = Math.max(peakRssBytes, process.memoryUsage.rss());
  }, PEAK_SAMPLE_MS);

  const sample = (): ProcessSample => {
    const memory = process.memoryUsage();
    const cpu = process.cpuUsage();
    peakRssBytes = Math.max(peakRssBytes, memory.rss);
    return {
      rssBytes: memory.rss,
      peakRssBytes,
      heapUsedBytes: memory.heapUsed,
      externalBytes: memory.external + memory.arrayBuffers,
      cpuMicros: cpu.user + cpu.system,
      atMs: Date.now(),
    };
  };

  process.on("message", (message: ToChildMessage) => {
    switch (message.type) {
      case "sample":
        if (message.collectGarbage) globalThis.gc?.();
        send({ type: "sample", id: message.id, sample: sample() });
        return;
      case "reset-peak":
        peakRssBytes = process.memoryUsage.rss();
        send({ type: "sample", id: message.id, sample: sample() });
        return;
      case "close":
        clearInterval(sampler);
        close().then(
          () => process.exit(0),
          (error: unknown) => {
            process.stderr.write(`close failed: ${String(error)}\n`);
            process.exit(1);
          },
        );
        return;
    }
  });
  send({ type: "ready", ...ready });
}
