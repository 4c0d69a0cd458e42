import { collectDefaultMetrics, Registry } from "prom-client";

let processRegistry: Registry | undefined;

/**
 * The process's own metrics (CPU, memory, event loop, GC: prom-client's defaults), in one registry
 * per process: several gateways in one process (tests, embedding apps) share them, since their
 * collectors watch the process and cannot be stopped.
 */
export function processMetrics(): Registry {
  if (processRegistry === undefined) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}
