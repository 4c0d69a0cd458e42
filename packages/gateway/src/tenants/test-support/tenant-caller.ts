import { makeTestImage } from "../../media/test-support/make-test-image.ts";

/** One exchange as a test keeps it. */
export interface Answer {
  /** The request: method, path and body, to tell an echo of what was sent from a leak. */
  request: string;
  status: number;
  body: string;
  /** Every header of the answer and its body, as one text to search for what must not be there. */
  text: string;
}

/** Answers a request: `fetch` over a socket, or a gateway's in-process `fetch`. */
export type Send = (request: Request) => Promise<Response>;

/** Sends a request as one key holder; a FormData body goes as multipart, any other as JSON. */
export type TenantCaller = (method: string, path: string, body?: unknown) => Promise<Answer>;

export interface TenantCallerOptions {
  send?: Send;
  /** Gets every answer, e.g. to check afterwards that none of them holds another tenant's things. */
  record?(answer: Answer): void;
  /** Headers sent with every request, beside the key. */
  headers?: Record<string, string>;
}

/**
 * Calls the gateway at `baseUrl` with `token` as `Authorization: Bearer` (null: no header). Event
 * streams are not read here: open them with `openEventStream` (`test-support/read-events.ts`).
 */
export function tenantCaller(baseUrl: string, token: string | null, options: TenantCallerOptions = {}): TenantCaller {
  const send = options.send ?? ((request: Request) => fetch(request));
  return async (method, path, body) => {
    const headers = new Headers(options.headers);
    if (token !== null) headers.set("authorization", `Bearer ${token}`);
    let payload: BodyInit | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers.set("content-type", "application/json");
      payload = JSON.stringify(body);
    }
    const response = await send(new Request(new URL(path, baseUrl), { method, headers, body: payload }));
    const text = await response.text();
    const answer: Answer = {
      request: `${method} ${path} ${payload instanceof FormData ? "(multipart)" : (payload ?? "")}`,
      status: response.status,
      body: text,
      text: `${[...response.headers].map(([name, value]) => `${name}: ${value}`).join("\n")}\n\n${text}`,
    };
    options.record?.(answer);
    return answer;
  };
}

/** The body of an answer as JSON, after checking its status. */
export function jsonOf<T>(answer: Answer, status: number): T {
  if (answer.status !== status) {
    throw new Error(`${answer.request} answered ${answer.status}, not ${status}: ${answer.body.slice(0, 500)}`);
  }
  return JSON.parse(answer.body) as T;
}

/** A tenant's things a test made, each with a known id; all of them carry `marker` somewhere. */
export interface SeededTenant {
  jobId: string;
  uploadId: string;
  styleId: string;
  categoryId: string;
  presetId: string;
}

export interface SeedOptions {
  /** Text every seeded thing carries (prompt, names), so any answer holding it is a leak. */
  marker: string;
  /** Starts the ids of the style, category and preset. */
  prefix: string;
  /** Fields of the job beside the defaults (a short `local/preview` render of the marker). */
  job?: Record<string, unknown>;
}

/**
 * Seeds a tenant through the API as `call`: a PNG upload (multipart), a style, a category, a
 * preset using both, and a job made with the preset and the upload as first frame.
 */
export async function seedTenant(call: TenantCaller, options: SeedOptions): Promise<SeededTenant> {
  const { marker, prefix } = options;
  const form = new FormData();
  const png = await makeTestImage({ width: 64, height: 36, format: "png", pattern: "gradient" });
  form.append("file", new Blob([new Uint8Array(png)], { type: "image/png" }), `${prefix}.png`);
  const uploadId = jsonOf<{ id: string }>(await call("POST", "/api/v1/uploads", form), 201).id;
  const ids = { styleId: `${prefix}-style`, categoryId: `${prefix}-category`, presetId: `${prefix}-preset` };
  const items = [
    ["styles", { id: ids.styleId, name: `${marker} style`, promptSuffix: `, ${marker} light` }],
    ["categories", { id: ids.categoryId, name: `${marker} category`, description: marker }],
    [
      "presets",
      {
        id: ids.presetId,
        name: `${marker} preset`,
        description: marker,
        model: "local/preview",
        parameters: { durationSeconds: 2, resolution: "360p" },
        style: ids.styleId,
        category: ids.categoryId,
      },
    ],
  ] as const;
  for (const [kind, item] of items) jsonOf(await call("POST", `/api/v1/${kind}`, item), 201);
  const job = {
    preset: ids.presetId,
    prompt: `${marker} over the harbour`,
    image: { uploadId },
    metadata: { note: marker },
    ...options.job,
  };
  const jobId = jsonOf<{ id: string }>(await call("POST", "/api/v1/jobs", job), 202).id;
  return { jobId, uploadId, ...ids };
}

/** Whether an answer refuses its request: an error status, or a validation that found it invalid. */
function isRefusal(answer: Answer): boolean {
  if (answer.status >= 400) return true;
  try {
    return (JSON.parse(answer.body) as { valid?: unknown }).valid === false;
  } catch {
    return false;
  }
}

/**
 * Which of `secrets` an answer holds. An id the request itself named may come back in a refusal
 * (a 404 names the id it did not find); in anything else, and anywhere in a success, it is a leak.
 */
export function leakedIn(answer: Answer, secrets: readonly string[]): string[] {
  return secrets.filter(
    (secret) => answer.text.includes(secret) && !(isRefusal(answer) && answer.request.includes(secret)),
  );
}
