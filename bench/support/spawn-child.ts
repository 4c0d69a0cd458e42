import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { FromChildMessage, ProcessSample, ToChildMessage } from "./process-messages.ts";

function profileFlags(): string[] {
  const directory = process.env.BENCH_CPU_PROFILE_DIR;
  return directory === undefined || directory === "" ? [] : ["--cpu-prof", `--cpu-prof-dir=${directory}`];
}

/** A benchmarked process started by `spawnChild`. */
export interface Child {
  /** What the child sent when it was ready (e.g. its `url`). */
  ready: Record<string, unknown>;
  pid: number;
  /** Memory and CPU now; with `collectGarbage`, after a full GC (the child runs with --expose-gc). */
  sample(collectGarbage?: boolean): Promise<ProcessSample>;
  /** Starts peak RSS afresh from the current RSS. */
  resetPeak(): Promise<ProcessSample>;
  /** Asks the child to shut down and waits for it to exit. */
  close(): Promise<void>;
}

/**
 * Runs `script` (a bench/support TypeScript file that calls `serveProbe`) in a child Node process
 * through tsx, with `env` added to this process's environment. Its stdout goes to our stderr, so
 * logs never mix with the results printed on stdout. With `BENCH_CPU_PROFILE_DIR` set, every child
 * writes a V8 CPU profile there when it exits (open it in Chrome DevTools).
 */
export async function spawnChild(script: string, env: Record<string, string> = {}): Promise<Child> {
  const child: ChildProcess = fork(fileURLToPath(new URL(script, import.meta.url)), [], {
    execArgv: ["--import", "tsx", "--expose-gc", ...profileFlags()],
    env: { ...process.env, ...env },
    stdio: ["ignore", process.stderr, process.stderr, "ipc"],
  });
  let nextId = 0;
  const waiting = new Map<number, (sample: ProcessSample) => void>();
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    child.on("message", (message: FromChildMessage) => {
      if (message.type === "ready") resolve(message);
      else waiting.get(message.id)?.(message.sample);
    });
    exited.then((code) => reject(new Error(`${script} exited with ${code} before it was ready`)));
  });
  const ask = (message: ToChildMessage & { id: number }) =>
    new Promise<ProcessSample>((resolve) => {
      waiting.set(message.id, (sample) => {
        waiting.delete(message.id);
        resolve(sample);
      });
      child.send(message);
    });
  return {
    ready,
    pid: child.pid ?? -1,
    sample: (collectGarbage = false) => ask({ type: "sample", id: nextId++, collectGarbage }),
    resetPeak: () => ask({ type: "reset-peak", id: nextId++ }),
    async close() {
      child.send({ type: "close" } satisfies ToChildMessage);
      const code = await exited;
      if (code !== 0) throw new Error(`${script} exited with ${code}`);
    },
  };
}
