import type { PgQueryable } from "../db/pg-database.ts";
import type { JobRecord } from "../core/types.ts";
import {
  budgetPeriodOf,
  chargedSeconds,
  chargeRow,
  checkBudget,
  roundUsd,
  SPENT_SQL,
  RESERVED_SQL,
  type ChargeTotals,
  type JobCharge,
  type UsageLedger,
  type UsageLine,
} from "./job-charges.ts";

async function totalsOf(client: PgQueryable, tenantId: string, startMs: number, endMs: number): Promise<ChargeTotals> {
  const result = await client.query<ChargeTotals>(
    `SELECT ${SPENT_SQL} AS spent, ${RESERVED_SQL} AS reserved FROM job_charges
     WHERE tenant_id = $1 AND created_at >= $2 AND created_at < $3`,
    [tenantId, startMs, endMs],
  );
  return result.rows[0] ?? { spent: null, reserved: null };
}

/**
 * Reserves a new job's price inside the insert's transaction, or throws `BudgetExceededError`.
 * The caller holds the tenant's lock, so two processes cannot both spend the last of a budget.
 */
export async function reservePgCharge(client: PgQueryable, job: JobRecord, charge: JobCharge): Promise<void> {
  const budget = await client.query<{ budget: number | null }>(
    "SELECT monthly_budget_usd AS budget FROM tenants WHERE id = $1",
    [job.tenantId],
  );
  const budgetUsd = budget.rows[0]?.budget ?? null;
  if (budgetUsd !== null) {
    const period = budgetPeriodOf(job.createdAt);
    checkBudget(budgetUsd, period.name, await totalsOf(client, job.tenantId, period.startMs, period.endMs), charge);
  }
  const row = chargeRow(charge);
  await client.query(
    `INSERT INTO job_charges (job_id, tenant_id, model, usd_per_second, requested_seconds, reserved_usd, state, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'reserved', $7)`,
    [job.id, job.tenantId, job.model, row.usdPerSecond, row.seconds, row.reservedUsd, job.createdAt],
  );
}

/** Settles a job that just ended, in the transaction of the write that ended it. */
export async function settlePgCharge(client: PgQueryable, job: JobRecord, nowMs: number): Promise<void> {
  if (job.status === "succeeded") {
    await client.query(
      `UPDATE job_charges SET state = 'settled', charged_seconds = $1,
         charged_usd = round((usd_per_second * $1)::numeric, 4)::float8, settled_at = $2
       WHERE job_id = $3 AND state = 'reserved'`,
      [chargedSeconds(job), nowMs, job.id],
    );
  } else {
    await client.query(
      "UPDATE job_charges SET state = 'released', charged_usd = 0, settled_at = $1 WHERE job_id = $2 AND state = 'reserved'",
      [nowMs, job.id],
    );
  }
}

interface UsageRow extends ChargeTotals {
  period: string;
  model: string;
  jobs: number;
  seconds: number | null;
}

/** Reads the charges the PostgreSQL job store writes. */
export function createPgUsageLedger(pool: PgQueryable): UsageLedger {
  return {
    async usage(tenantId, fromMs, toMs) {
      const result = await pool.query<UsageRow>(
        `SELECT to_char(to_timestamp(created_at / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM') AS period, model,
           COUNT(*)::int AS jobs, SUM(CASE state WHEN 'settled' THEN charged_seconds ELSE 0 END) AS seconds,
           ${SPENT_SQL} AS spent, ${RESERVED_SQL} AS reserved
         FROM job_charges WHERE tenant_id = $1 AND created_at >= $2 AND created_at < $3
         GROUP BY period, model ORDER BY period, model`,
        [tenantId, fromMs, toMs],
      );
      return result.rows.map((row): UsageLine => ({
        period: row.period,
        model: row.model,
        jobs: row.jobs,
        seconds: Math.round((row.seconds ?? 0) * 100) / 100,
        spentUsd: roundUsd(row.spent ?? 0),
        reservedUsd: roundUsd(row.reserved ?? 0),
      }));
    },
    async periodTotals(tenantId, nowMs) {
      const period = budgetPeriodOf(nowMs);
      const row = await totalsOf(pool, tenantId, period.startMs, period.endMs);
      return { spentUsd: roundUsd(row.spent ?? 0), reservedUsd: roundUsd(row.reserved ?? 0) };
    },
  };
}
