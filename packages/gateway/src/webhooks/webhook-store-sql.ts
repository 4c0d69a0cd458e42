/*
 * What the SQLite and PostgreSQL webhook stores say alike. `PENDING` is spelled like the partial
 * indexes' WHERE clauses in both engines' migrations, which SQLite needs to use them.
 */

/** The name of the dispatcher's row in `webhook_cursor`. */
export const DISPATCH_CURSOR = "dispatcher";

export const PENDING = "status = 'pending'";

/** No earlier delivery of the same job to the same URL is still pending: deliveries go out in order. */
export const FIRST_IN_LINE = `NOT EXISTS (SELECT 1 FROM webhook_deliveries AS earlier
  WHERE earlier.job_id = d.job_id AND earlier.url = d.url AND earlier.${PENDING} AND earlier.event_id < d.event_id)`;
