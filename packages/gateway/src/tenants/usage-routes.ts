import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { UsagePeriod, UsageReport } from "@reelay/client";
import type { Clock } from "../core/clock.ts";
import { ReelayError } from "../core/errors.ts";
import { jsonResponse } from "../http/json-response.ts";
import { errorBodySchema } from "../http/schemas.ts";
import { budgetPeriodOf, roundUsd, type UsageLedger, type UsageLine } from "../jobs/job-charges.ts";
import { NO_LIMITS, type TenantStore } from "./tenant-store.ts";

export interface UsageRouteDependencies {
  clock: Clock;
  usage: UsageLedger;
  tenants: TenantStore;
  tenantOf(request: Request): string;
}

/** Longest range one report covers. */
const MAX_MONTHS = 24;

const month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be a month as YYYY-MM, e.g. 2026-12")
  .openapi({ example: "2026-12" });

const usageQuerySchema = z.object({ from: month.optional(), to: month.optional() }).strict().openapi("UsageQuery");

const money = z.number();
const usageLineSchema = z.object({
  model: z.string(),
  jobs: z.number().int(),
  seconds: z.number(),
  spentUsd: money,
  reservedUsd: money,
});
const usageReportSchema = z
  .object({
    object: z.literal("usage"),
    tenant: z.string(),
    from: z.string(),
    to: z.string(),
    budget: z.object({
      period: z.string(),
      budgetUsd: money.nullable(),
      spentUsd: money,
      reservedUsd: money,
      remainingUsd: money.nullable(),
    }),
    limits: z.object({
      rate: z.object({ requests: z.number().int(), windowSeconds: z.number().int() }).nullable(),
      maxRunningJobs: z.number().int().nullable(),
      monthlyBudgetUsd: money.nullable(),
    }),
    periods: z.array(
      z.object({
        period: z.string(),
        jobs: z.number().int(),
        seconds: z.number(),
        spentUsd: money,
        reservedUsd: money,
        models: z.array(usageLineSchema),
      }),
    ),
  })
  .openapi("UsageReport");

const monthStartMs = (name: string) => Date.UTC(Number(name.slice(0, 4)), Number(name.slice(5, 7)) - 1, 1);

/** Lines of one report grouped by month, each month's totals summed from its models. */
function byPeriod(lines: UsageLine[]): UsagePeriod[] {
  const periods = new Map<string, UsagePeriod>();
  for (const { period: name, ...line } of lines) {
    const period = periods.get(name) ?? { period: name, jobs: 0, seconds: 0, spentUsd: 0, reservedUsd: 0, models: [] };
    period.jobs += line.jobs;
    period.seconds = Math.round((period.seconds + line.seconds) * 100) / 100;
    period.spentUsd = roundUsd(period.spentUsd + line.spentUsd);
    period.reservedUsd = roundUsd(period.reservedUsd + line.reservedUsd);
    period.models.push(line);
    periods.set(name, period);
  }
  return [...periods.values()];
}

/** `GET /api/v1/usage`: what the caller's jobs cost, per month and model, against its budget. */
export function registerUsageRoutes(app: OpenAPIHono, deps: UsageRouteDependencies): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/usage",
      summary: "Spend per model and month, and the monthly budget",
      description:
        "A job's quoted price is reserved when it is created, settled from the real duration when it succeeds, and released when it fails or is cancelled. `from` and `to` are months (UTC, inclusive); both default to the current month.",
      request: { query: usageQuerySchema },
      responses: {
        200: jsonResponse(usageReportSchema, "The caller's usage"),
        400: jsonResponse(errorBodySchema, "The query is malformed"),
      },
    }),
    async (c) => {
      const tenantId = deps.tenantOf(c.req.raw);
      const now = deps.clock.now();
      const current = budgetPeriodOf(now).name;
      const { from = current, to = from > current ? from : current } = c.req.valid("query");
      const months =
        (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5)) - Number(from.slice(5));
      if (months < 0 || months >= MAX_MONTHS) {
        throw new ReelayError(
          "invalid_request",
          `from (${from}) must be a month before or equal to to (${to}), at most ${MAX_MONTHS} months apart.`,
        );
      }
      const limits = (await deps.tenants.getTenant(tenantId))?.limits ?? NO_LIMITS;
      const lines = await deps.usage.usage(tenantId, monthStartMs(from), budgetPeriodOf(monthStartMs(to)).endMs);
      const totals = await deps.usage.periodTotals(tenantId, now);
      const budgetUsd = limits.monthlyBudgetUsd;
      const report: UsageReport = {
        object: "usage",
        tenant: tenantId,
        from,
        to,
        budget: {
          period: current,
          budgetUsd,
          ...totals,
          remainingUsd:
            budgetUsd === null ? null : Math.max(0, roundUsd(budgetUsd - totals.spentUsd - totals.reservedUsd)),
        },
        limits,
        periods: byPeriod(lines),
      };
      return c.json(report, 200);
    },
  );
}
