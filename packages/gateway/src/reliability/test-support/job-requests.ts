import type { JobList, JobView } from "@reelay/client";

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/**
 * Creates a job on the server `baseUrl()` names (asked again at every try) until one accepts it;
 * `idempotencyKey` makes every retry the same job. A refusal (4xx) throws.
 */
export async function createUntilAccepted(
  baseUrl: () => string,
  idempotencyKey: string,
  body: Record<string, unknown>,
): Promise<string> {
  for (;;) {
    const answer = await fetch(`${baseUrl()}/api/v1/jobs`, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": idempotencyKey },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    })
      .then(async (response) => ({ status: response.status, text: await response.text() }))
      .catch(() => null);
    if (answer !== null && (answer.status === 200 || answer.status === 202)) {
      return (JSON.parse(answer.text) as JobView).id;
    }
    if (answer !== null && answer.status < 500) throw new Error(`${idempotencyKey} refused: ${answer.text}`);
    await sleep(100);
  }
}

/** Every job the server at `baseUrl` knows, page by page, or null while it does not answer. */
export async function listAllJobs(baseUrl: string): Promise<JobView[] | null> {
  const jobs: JobView[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`;
    const page = await fetch(`${baseUrl}/api/v1/jobs?limit=100${query}`)
      .then(async (response) => (response.ok ? ((await response.json()) as JobList) : null))
      .catch(() => null);
    if (page === null) return null;
    jobs.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return jobs;
}
