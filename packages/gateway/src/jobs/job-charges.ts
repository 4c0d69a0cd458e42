import type { BudgetFigures } from "../core/types.ts";

/** What a new job will cost: its quoted price, reserved against the tenant's budget at insert. */
export interface JobCharge {
  /** The quoted price of the whole request, in US dollars. */
  priceUsd: number;
  /** The seconds of video the price is for. */
  seconds: number;
}

/** Thrown by a job insert whose charge does not fit the tenant's budget; nothing is written. */
export class BudgetExceededError extends Error {
  readonly figures: BudgetFigures;

  constructor(figures: BudgetFigures) {
    super(
      `This request costs $${figures.requestUsd.toFixed(2)}, more than the $${figures.remainingUsd.toFixed(2)} left of the tenant's $${figures.budgetUsd.toFixed(2)} budget for ${figures.period} ($${figures.spentUsd.toFixed(2)} spent, $${figures.reservedUsd.toFixed(2)} reserved by unfinished jobs).`,
    );
    this.name = "BudgetExceededError";
    this.figures = figures;
  }
}

/** The start of the calendar month (UTC) holding `ms`, and its name (`2026-12`). */
export function budgetPeriodOf(ms: number): { startMs: number; endMs: number; name: string } {
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  return {
    startMs: Date.UTC(year, month, 1),
    endMs: Date.UTC(year, month + 1, 1),
    name: `${year}-${String(month + 1).padStart(2, "0")}`,
  };
}

/** Money rounded to a hundredth of a cent, dropping binary float noise. */
export function roundUsd(amountUsd: number): number {
  return Math.round(Number((amountUsd * 10_000).toPrecision(12))) / 10_000;
}

/** One model's charges in one period. */
export interface UsageLine {
  /** Calendar month (UTC), e.g. `2026-12`. */
  period: string;
  model: string;
  jobs: number;
  /** Seconds of video charged for (succeeded jobs). */
  seconds: number;
  spentUsd: number;
  reservedUsd: number;
}

/** Reads a tenant's charges; the job store writes them. */
export interface UsageLedger {
  /** A tenant's charges created in [fromMs, toMs), by period and model, oldest period first. */
  usage(tenantId: string, fromMs: number, toMs: number): Promise<UsageLine[]>;
  /** A tenant's spend and reservations in the budget period holding `nowMs`. */
  periodTotals(tenantId: string, nowMs: number): Promise<{ spentUsd: number; reservedUsd: number }>;
}

/** A charge as the tables keep it: the price per second of the request, and the seconds quoted. */
export function chargeRow(charge: JobCharge): { usdPerSecond: number; seconds: number; reservedUsd: number } {
  return {
    usdPerSecond: charge.seconds > 0 ? charge.priceUsd / charge.seconds : 0,
    seconds: charge.seconds,
    reservedUsd: charge.priceUsd,
  };
}

/** The seconds a succeeded job is charged for: its stored video's, to a hundredth. */
export function chargedSeconds(job: {
  video: { durationSeconds: number } | null;
  request: { durationSeconds: number };
}): number {
  return Math.round((job.video?.durationSeconds ?? job.request.durationSeconds) * 100) / 100;
}

/**
 * Throws `BudgetExceededError` when `charge` does not fit what is left of `budgetUsd` in the period
 * after `totals` (raw sums of the tenant's settled spend and open reservations in it).
 */
export function checkBudget(budgetUsd: number, period: string, totals: ChargeTotals, charge: JobCharge): void {
  const spentUsd = roundUsd(totals.spent ?? 0);
  const reservedUsd = roundUsd(totals.reserved ?? 0);
  const remainingUsd = Math.max(0, roundUsd(budgetUsd - spentUsd - reservedUsd));
  if (charge.priceUsd > remainingUsd) {
    throw new BudgetExceededError({
      period,
      budgetUsd,
      spentUsd,
      reservedUsd,
      requestUsd: charge.priceUsd,
      remainingUsd,
    });
  }
}

/** Settled spend counts what was charged; a reservation counts what was reserved; a release counts nothing. */
export const SPENT_SQL = "SUM(CASE state WHEN 'settled' THEN charged_usd ELSE 0 END)";
export const RESERVED_SQL = "SUM(CASE state WHEN 'reserved' THEN reserved_usd ELSE 0 END)";

/** The raw sums of `SPENT_SQL` and `RESERVED_SQL` (null over no rows). */
export interface ChargeTotals {
  spent: number | null;
  reserved: number | null;
}
