import { createEventsResource, type EventsResource } from "./events-resource.ts";
import {
  createItemResource,
  type CategoriesResource,
  type PresetsResource,
  type StylesResource,
} from "./item-resources.ts";
import { createJobsResource, type JobsResource } from "./jobs-resource.ts";
import { createModelsResource, type ModelsResource } from "./models-resource.ts";
import { DEFAULT_RETRY_POLICY } from "./retry-policy.ts";
import { createTransport, type RequestOptions, type Transport } from "./transport.ts";
import { createUploadsResource, type UploadsResource } from "./uploads-resource.ts";
import { createUsageResource, type UsageResource } from "./usage-resource.ts";
import { createWebhooksResource, type WebhooksResource } from "./webhooks-resource.ts";
import type { CreateJobRequest, ValidateResponse } from "./wire.ts";

/** How to reach Reelay and how persistent to be. */
export interface ReelayOptions {
  /** Where Reelay runs, e.g. `http://127.0.0.1:8787`. */
  baseUrl: string;
  /** A Reelay API key, sent as a bearer token. */
  apiKey?: string;
  /** A `fetch` implementation; the global one by default. */
  fetch?: typeof fetch;
  /** Retries after a failed attempt (network error, timeout, 408, 409, 429, 5xx); 3 by default. */
  maxRetries?: number;
  /** How long one attempt may wait for the response headers, in milliseconds; 60 000 by default. */
  timeoutMs?: number;
  /** Longest `Retry-After` waited for before retrying, in milliseconds; a longer one is thrown. 60 000 by default. */
  maxRetryAfterMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/** A typed client for Reelay's native API. No dependencies; runs in Node ≥ 20 and browsers. */
export class Reelay {
  /** The server address, without a trailing slash. */
  readonly baseUrl: string;
  /** Generation jobs: create, inspect, follow, wait for, cancel, download. */
  readonly jobs: JobsResource;
  /** Input images. */
  readonly uploads: UploadsResource;
  /** The capability catalog. */
  readonly models: ModelsResource;
  /** Events of all the caller's jobs. */
  readonly events: EventsResource;
  /** The delivery log of webhooks: inspect deliveries and send failed ones again. */
  readonly webhooks: WebhooksResource;
  /** Named model and parameter sets a job can start from (`preset` on a create). */
  readonly presets: PresetsResource;
  /** Prompt styles a job can apply (`style` on a create). */
  readonly styles: StylesResource;
  /** Categories that group jobs (`category` on a create and on `jobs.list`). */
  readonly categories: CategoriesResource;
  /** What the caller's jobs cost, per model and month, against its budget. */
  readonly usage: UsageResource;
  readonly #transport: Transport;

  constructor(options: ReelayOptions) {
    this.#transport = createTransport({
      baseUrl: options.baseUrl,
      apiKey: options.apiKey,
      fetch: options.fetch,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      retryPolicy: {
        maxRetries: options.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries,
        maxRetryAfterMs: options.maxRetryAfterMs ?? DEFAULT_RETRY_POLICY.maxRetryAfterMs,
      },
    });
    this.baseUrl = this.#transport.baseUrl;
    this.jobs = createJobsResource(this.#transport);
    this.uploads = createUploadsResource(this.#transport);
    this.models = createModelsResource(this.#transport);
    this.events = createEventsResource(this.#transport);
    this.webhooks = createWebhooksResource(this.#transport);
    this.presets = createItemResource(this.#transport, "presets");
    this.styles = createItemResource(this.#transport, "styles");
    this.categories = createItemResource(this.#transport, "categories");
    this.usage = createUsageResource(this.#transport);
  }

  /** Checks a request against its model without creating a job: every problem, the price and the render time. */
  async validate(request: CreateJobRequest, options: RequestOptions = {}): Promise<ValidateResponse> {
    const result = await this.#transport.json<ValidateResponse>({
      ...options,
      method: "POST",
      path: "/api/v1/validate",
      body: request,
    });
    return result.data;
  }
}
