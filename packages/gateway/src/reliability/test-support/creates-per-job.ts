import { expect } from "vitest";
import type { FakeProvider } from "../../providers/shared/fake-server.ts";
import type { RemoteProvider } from "./fake-environment.ts";
import { callsOf } from "./upstream-calls.ts";

/** Creates each job made at the fakes, by the job number its prompt's marker carries. */
export interface CreateCount {
  createsOf: Map<number, number>;
  /** PixVerse creates re-sent with the trace id of an earlier one: PixVerse answers them with the first's video. */
  pixverseResends: number;
}

/**
 * Counts the creates every fake received, by the number `marker` (a pattern with one group of
 * digits) finds in each create's body. A create without a marker fails the calling test.
 */
export function countCreates(fakes: ReadonlyMap<RemoteProvider, { fake: FakeProvider }>, marker: RegExp): CreateCount {
  const createsOf = new Map<number, number>();
  const pixverseTraces = new Set<string>();
  let pixverseResends = 0;
  for (const [provider, { fake }] of fakes) {
    for (const request of callsOf(provider, fake.faults.requests, "create")) {
      const found = marker.exec(request.body)?.[1];
      expect(found, `a ${provider} create without a job marker`).toBeDefined();
      const index = Number(found);
      if (provider === "pixverse") {
        const trace = `${index}/${request.headers["ai-trace-id"] ?? ""}`;
        if (pixverseTraces.has(trace)) {
          pixverseResends += 1;
          continue;
        }
        pixverseTraces.add(trace);
      }
      createsOf.set(index, (createsOf.get(index) ?? 0) + 1);
    }
  }
  return { createsOf, pixverseResends };
}
