import type { TenantLimits } from "../tenants/tenant-store.ts";
import { CliError } from "./cli-error.ts";
import { EXIT } from "./exit-codes.ts";

/** The word that clears a limit, since an absent flag keeps the limit as it is. */
export const NO_LIMIT = "none";

/** The units `--rate` accepts, in the order the help and messages name them. */
const RATE_UNITS = { s: 1, min: 60, h: 3600 } as const;

/** The limit flags of `reelay keys create`, as Commander hands them over. */
export interface LimitFlags {
  rate?: string;
  concurrency?: string;
  budget?: string;
}

function refuse(flag: string, allowed: string, value: string): never {
  throw new CliError(`--${flag} must be ${allowed}, or ${NO_LIMIT} for no limit; got "${value}".`, EXIT.rejected);
}

/** Whole numbers only: the database keeps these limits as integers and a fraction of a job means nothing. */
function positiveInteger(text: string): number | null {
  if (!/^\d+$/.test(text)) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) && value > 0 ? value : null;
}

/** `N/s`, `N/min` or `N/h`, e.g. `60/min` → 60 requests per 60 seconds. */
export function parseRate(value: string): TenantLimits["rate"] {
  const text = value.trim();
  if (text === NO_LIMIT) return null;
  const match = /^(\d+)\/([a-z]+)$/.exec(text);
  const requests = positiveInteger(match?.[1] ?? "");
  const unit = match?.[2] ?? "";
  if (requests === null || !Object.hasOwn(RATE_UNITS, unit)) {
    refuse("rate", "N/s, N/min or N/h with N a whole number above 0 (e.g. 60/min)", value);
  }
  return { requests, windowSeconds: RATE_UNITS[unit as keyof typeof RATE_UNITS] };
}

/** Jobs running upstream at once. */
export function parseConcurrency(value: string): number | null {
  const text = value.trim();
  if (text === NO_LIMIT) return null;
  return positiveInteger(text) ?? refuse("concurrency", "a whole number above 0 (e.g. 4)", value);
}

/** US dollars per calendar month; 0 is a real budget (nothing may be spent), unlike `none`. */
export function parseBudget(value: string): number | null {
  const text = value.trim();
  if (text === NO_LIMIT) return null;
  const amount = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
  return Number.isFinite(amount) ? amount : refuse("budget", "a dollar amount of 0 or more (e.g. 50 or 12.50)", value);
}

/** The limits the flags set; a flag left out is left out here too, so the tenant keeps that limit. */
export function parseLimitFlags(flags: LimitFlags): Partial<TenantLimits> {
  const limits: Partial<TenantLimits> = {};
  if (flags.rate !== undefined) limits.rate = parseRate(flags.rate);
  if (flags.concurrency !== undefined) limits.maxRunningJobs = parseConcurrency(flags.concurrency);
  if (flags.budget !== undefined) limits.monthlyBudgetUsd = parseBudget(flags.budget);
  return limits;
}

/** A rate in the form `--rate` takes (so a listing can be copied into a command), or N/<seconds>s for another window. */
export function formatRate(rate: TenantLimits["rate"]): string {
  if (rate === null) return NO_LIMIT;
  const unit = Object.entries(RATE_UNITS).find(([, seconds]) => seconds === rate.windowSeconds)?.[0];
  return unit === undefined ? `${rate.requests}/${rate.windowSeconds}s` : `${rate.requests}/${unit}`;
}

/** Dollars with cents, or every digit given when the amount is finer than a cent. */
export function formatBudget(budgetUsd: number | null): string {
  if (budgetUsd === null) return NO_LIMIT;
  const cents = budgetUsd * 100;
  return `$${Math.abs(cents - Math.round(cents)) < 1e-6 ? budgetUsd.toFixed(2) : String(budgetUsd)}`;
}

export function formatConcurrency(maxRunningJobs: number | null): string {
  return maxRunningJobs === null ? NO_LIMIT : String(maxRunningJobs);
}
