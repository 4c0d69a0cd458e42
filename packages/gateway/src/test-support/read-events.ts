import { expect } from "vitest";
import type { JobView } from "@reelay/client";

/** One server-sent event as it arrived, with its data parsed. */
export interface ReceivedEvent {
  id: string;
  type: string;
  job: JobView;
}

/** An open event stream: its events as they arrive, comments counted, and a way to hang up. */
export interface OpenStream {
  response: Response;
  events: AsyncGenerator<ReceivedEvent>;
  /** Comment lines (keep-alives) seen so far. */
  comments(): number;
  close(): void;
}

/**
 * Opens `url` as an event stream. A deliberately plain reader (blocks split on blank lines, LF
 * only, as Reelay writes them), so the server's wire format is checked apart from the SDK's parser.
 */
export async function openEventStream(url: string, headers: Record<string, string> = {}): Promise<OpenStream> {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { accept: "text/event-stream", ...headers },
    signal: controller.signal,
  });
  let comments = 0;
  async function* read(): AsyncGenerator<ReceivedEvent> {
    if (response.body === null) return;
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end = buffer.indexOf("\n\n");
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf("\n\n");
          const fields = new Map<string, string>();
          for (const line of block.split("\n")) {
            if (line.startsWith(":")) comments += 1;
            const colon = line.indexOf(":");
            if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1).trimStart());
          }
          const data = fields.get("data");
          if (data !== undefined) {
            yield {
              id: fields.get("id") ?? "",
              type: fields.get("event") ?? "message",
              job: JSON.parse(data) as JobView,
            };
          }
        }
      }
    } catch (error) {
      if (!controller.signal.aborted) throw error;
    }
  }
  return { response, events: read(), comments: () => comments, close: () => controller.abort() };
}

/** Creates a job and follows its event stream to the end; returns every view the stream carried. */
export async function runJobToEnd(baseUrl: string, body: Record<string, unknown>): Promise<JobView[]> {
  const response = await fetch(`${baseUrl}/api/v1/jobs`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(202);
  const job = (await response.json()) as JobView;
  const stream = await openEventStream(`${baseUrl}/api/v1/jobs/${job.id}/events`);
  const views: JobView[] = [];
  for await (const event of stream.events) views.push(event.job);
  return views;
}

/** The job succeeded, and its progress never went back, took several values and ended at 1. */
export function expectRisingToOne(views: JobView[]): void {
  const values = views.flatMap((view) => (view.progress === null ? [] : [view.progress.value]));
  expect(values.every((value, index) => index === 0 || value >= (values[index - 1] ?? 0))).toBe(true);
  expect(new Set(values).size).toBeGreaterThanOrEqual(3);
  expect(values.at(-1)).toBe(1);
  expect(views.at(-1)?.status).toBe("succeeded");
}
