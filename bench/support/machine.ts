import os from "node:os";

/** What the numbers were measured on, for the head of RESULTS.md. */
export function describeMachine(): string[] {
  const cpus = os.cpus();
  return [
    `- Date: ${new Date().toISOString()}`,
    `- CPU: ${cpus[0]?.model.trim() ?? "unknown"}, ${cpus.length} cores (os.availableParallelism ${os.availableParallelism()})`,
    `- Memory: ${(os.totalmem() / 1_073_741_824).toFixed(1)} GiB`,
    `- Node.js ${process.version}, ${os.type()} ${os.release()} (${process.arch})`,
  ];
}
