import type { RequestOptions, Transport } from "./transport.ts";
import type { UsageReport } from "./wire.ts";

/** Months to report, as `YYYY-MM` (UTC, inclusive); both default to the current month. */
export interface UsageRange {
  from?: string;
  to?: string;
}

/** The `client.usage` resource group. */
export interface UsageResource {
  /** The caller's spend per model and month, its budget and its limits. */
  get(range?: UsageRange, options?: RequestOptions): Promise<UsageReport>;
}

/** Creates the `usage` resource group over a transport. */
export function createUsageResource(transport: Transport): UsageResource {
  return {
    async get(range = {}, options = {}) {
      const query = { from: range.from, to: range.to };
      return (await transport.json<UsageReport>({ ...options, method: "GET", path: "/api/v1/usage", query })).data;
    },
  };
}
