import type { Database } from "better-sqlite3";
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

/** A tenant's spend and reservations among its charges created in [from, to). */
function prepareTotals(db: Database) {
  return db.prepare<[string, number, number], ChargeTotals>(
    `SELECT ${SPENT_SQL} AS spent, ${RESERVED_SQL} AS reserved FROM job_charges
     WHERE tenant_id = ? AND created_at >= ? AND created_at < ?`,
  );
}

/** The job store's charge table (migration 0010): written inside the store's transactions. */
export interface SqliteJobCharges {
  /** Reserves a new job's price, or throws `BudgetExceededError` when it does not fit the tenant's budget. */
  reserve(job: JobRecord, charge: JobCharge): void;
  /** Settles a job that just ended: charged from its video's duration when it succeeded, released otherwise. */
  settle(job: JobRecord, nowMs: number): void;
}

export function createSqliteJobCharges(db: Database): SqliteJobCharges {
  const budgetOf = db.prepare<[string], number | null>("SELECT monthly_budget_usd FROM tenants WHERE id = ?").pluck();
  const totals = prepareTotals(db);
  const insert = db.prepare<[string, string, string, number, number, number, number]>(
    `INSERT INTO job_charges (job_id, tenant_id, model, usd_per_second, requested_seconds, reserved_usd, state, created_at)
     VALUES (?, ?, ?, ?, ?, ?, 'reserved', ?)`,
  );
  const settleSucceeded = db.prepare<{ seconds: number; now: number; jobId: string }>(
    `UPDATE job_charges SET state = 'settled', charged_seconds = @seconds,
       charged_usd = round(usd_per_second * @seconds, 4), settled_at = @now
     WHERE job_id = @jobId AND state = 'reserved'`,
  );
  const release = db.prepare<[number, string]>(
    "UPDATE job_charges SET state = 'released', charged_usd = 0, settled_at = ? WHERE job_id = ? AND state = 'reserved'",
  );

  return {
    reserve(job, charge) {
      const budgetUsd = budgetOf.get(job.tenantId) ?? null;
      if (budgetUsd !== null) {
        const period = budgetPeriodOf(job.createdAt);
        const row = totals.get(job.tenantId, period.startMs, period.endMs);
        checkBudget(budgetUsd, period.name, row ?? { spent: null, reserved: null }, charge);
      }
      const row = chargeRow(charge);
      insert.run(job.id, job.tenantId, job.model, row.usdPerSecond, row.seconds, row.reservedUsd, job.createdAt);
    },

    settle(job, nowMs) {
      if (job.status === "succeeded") {
        settleSucceeded.run({ seconds: chargedSeconds(job), now: nowMs, jobId: job.id });
      } else {
        release.run(nowMs, job.id);
      }
    },
  };
}

interface UsageRow {
  period: string;
  model: string;
  jobs: number;
  seconds: number | null;
  spent: number | null;
  reserved: number | null;
}

/** Reads the charges the SQLite job store writes. */
export function createSqliteUsageLedger(db: Database): UsageLedger {
  const byPeriodAndModel = db.prepare<[string, number, number], UsageRow>(
    `SELECT strftime('%Y-%m', created_at / 1000, 'unixepoch') AS period, model, COUNT(*) AS jobs,
       SUM(CASE state WHEN 'settled' THEN charged_seconds ELSE 0 END) AS seconds,
       ${SPENT_SQL} AS spent, ${RESERVED_SQL} AS reserved
     FROM job_charges WHERE tenant_id = ? AND created_at >= ? AND created_at < ?
     GROUP BY period, model ORDER BY period, model`,
  );
  const totals = prepareTotals(db);
  return {
    async usage(tenantId, fromMs, toMs) {
      return byPeriodAndModel.all(tenantId, fromMs, toMs).map((row): UsageLine => ({
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
      const row = totals.get(tenantId, period.startMs, period.endMs);
      return { spentUsd: roundUsd(row?.spent ?? 0), reservedUsd: roundUsd(row?.reserved ?? 0) };
    },
  };
}
