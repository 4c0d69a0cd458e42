import { decodeJobCursor, encodeJobCursor } from "../jobs/job-cursor.ts";
import { rowToDelivery, type DeliveryRow } from "./webhook-row.ts";
import type { DeliveryPage, ListDeliveriesQuery } from "./webhook-store.ts";

/** One condition of a listing, `column operator value`, for each engine to spell with its placeholders. */
export interface DeliveryListCondition {
  column: "tenant_id" | "job_id" | "status" | "id";
  operator: "=" | "<";
  value: string;
}

/**
 * What a listing asks the database for, newest first (`ORDER BY id DESC`): rows matching every
 * condition, at most `fetchLimit`, one more than the page holds, which tells whether another page
 * exists. Throws `RangeError` for a page size out of 1–100, `InvalidCursorError` for a cursor that
 * `toDeliveryPage` did not make.
 */
export function deliveryListQuery(query: ListDeliveriesQuery): {
  conditions: DeliveryListCondition[];
  fetchLimit: number;
} {
  if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > 100) {
    throw new RangeError(`List limit must be an integer from 1 to 100, got ${query.limit}.`);
  }
  const conditions: DeliveryListCondition[] = [{ column: "tenant_id", operator: "=", value: query.tenantId }];
  if (query.jobId !== undefined) conditions.push({ column: "job_id", operator: "=", value: query.jobId });
  if (query.status !== undefined) conditions.push({ column: "status", operator: "=", value: query.status });
  if (query.cursor !== undefined) {
    conditions.push({ column: "id", operator: "<", value: decodeJobCursor(query.cursor) });
  }
  return { conditions, fetchLimit: query.limit + 1 };
}

/** The page the rows fetched for `deliveryListQuery` make. */
export function toDeliveryPage(rows: DeliveryRow[], limit: number): DeliveryPage {
  const page = rows.slice(0, limit).map(rowToDelivery);
  const last = page.at(-1);
  return {
    deliveries: page,
    nextCursor: rows.length > limit && last !== undefined ? encodeJobCursor(last.id) : null,
  };
}
