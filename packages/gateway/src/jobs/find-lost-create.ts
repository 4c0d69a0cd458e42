import type { Failure, JobRecord, ProviderTask } from "../core/types.ts";
import type { ProviderAdapter } from "../providers/provider.ts";
import type { JobStore } from "./job-store.ts";
import type { ProviderCaller } from "./step-telemetry.ts";
import { submissionUnknown } from "./step-outcomes.ts";

/** How far the provider's clock may be behind ours when it stamps a task's creation. */
const CLOCK_SKEW_MS = 60_000;

/** What looking for a create of unknown outcome found. */
export type LostCreateSearch =
  | { outcome: "not_searchable" }
  | { outcome: "found"; task: ProviderTask }
  | { outcome: "none" }
  | { outcome: "ambiguous"; count: number }
  | { outcome: "lookup_failed"; error: unknown };

/**
 * Looks for the task a create of unknown outcome may have started (DESIGN.md §5.1), where the
 * provider can be searched. A match that another job already follows is not this job's, so only
 * exactly one free match counts as found; anything else leaves the outcome unknown.
 */
export async function findLostCreate(
  adapter: ProviderAdapter,
  job: JobRecord,
  sentSinceMs: number,
  call: ProviderCaller,
  store: JobStore,
): Promise<LostCreateSearch> {
  const { findStarted } = adapter;
  if (findStarted === undefined) return { outcome: "not_searchable" };
  let candidates: ProviderTask[];
  try {
    candidates = await call("lookup", (context) =>
      findStarted.call(adapter, job.request, sentSinceMs - CLOCK_SKEW_MS, context),
    );
  } catch (error) {
    return { outcome: "lookup_failed", error };
  }
  const free: ProviderTask[] = [];
  for (const task of candidates) {
    const owner = await store.jobOfProviderTask(job.model, task);
    if (owner === null || owner === job.id) free.push(task);
  }
  const [only] = free;
  if (only !== undefined && free.length === 1) return { outcome: "found", task: only };
  return free.length === 0 ? { outcome: "none" } : { outcome: "ambiguous", count: free.length };
}

/** The `submission_unknown` failure of a search that did not find the one task, saying what it saw. */
export function unsettledCreateFailure(
  search: Exclude<LostCreateSearch, { outcome: "found" }>,
  provider: string,
  detail: string,
): Failure {
  switch (search.outcome) {
    case "not_searchable":
      return submissionUnknown(provider, detail);
    case "lookup_failed":
      return submissionUnknown(provider, `${detail}; looking it up in ${provider}'s records failed too`);
    case "none":
      return submissionUnknown(provider, `${detail}; ${provider}'s records show no matching generation`);
    case "ambiguous":
      return submissionUnknown(
        provider,
        `${detail}; ${provider}'s records show ${search.count} matching generations, so Reelay cannot tell which is this job's`,
      );
  }
}
