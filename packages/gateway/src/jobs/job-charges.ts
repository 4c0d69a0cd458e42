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
