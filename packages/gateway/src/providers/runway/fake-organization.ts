/**
 * The fake's `GET /v1/organization`: the organisation's credit balance, its tier's limits per
 * model and the past day's generations per model. The shape is `OrganizationRetrieveResponse` of
 * Runway's official SDK (`client.organization.retrieve()`, @runwayml/sdk 4.20.x); runway.md does not
 * list the endpoint. unverified: the tier figures, which are the fake's own.
 */

/** What the fake has run: each task's model, credits and creation time. */
export interface OrganizationTask {
  model: string;
  credits: number;
  createdAtMs: number;
}

/** The fake organisation's starting credits. unverified: any real account's figure. */
export const FAKE_CREDIT_BALANCE = 10_000;
const MAX_MONTHLY_CREDIT_SPEND = 100_000;
const MODELS = ["gen4_turbo", "gen4.5", "veo3", "veo3.1", "veo3.1_fast"] as const;
const DAY_MS = 86_400_000;

/** The organisation as `GET /v1/organization` shows it at `nowMs`. */
export function organizationView(tasks: Iterable<OrganizationTask>, nowMs: number): Record<string, unknown> {
  let spent = 0;
  const dailyGenerations = new Map<string, number>();
  for (const task of tasks) {
    spent += task.credits;
    if (nowMs - task.createdAtMs < DAY_MS)
      dailyGenerations.set(task.model, (dailyGenerations.get(task.model) ?? 0) + 1);
  }
  return {
    creditBalance: Math.max(0, FAKE_CREDIT_BALANCE - spent),
    tier: {
      maxMonthlyCreditSpend: MAX_MONTHLY_CREDIT_SPEND,
      models: Object.fromEntries(
        MODELS.map((model) => [model, { maxConcurrentGenerations: 2, maxDailyGenerations: 50 }]),
      ),
    },
    usage: {
      models: Object.fromEntries([...dailyGenerations].map(([model, count]) => [model, { dailyGenerations: count }])),
    },
  };
}
