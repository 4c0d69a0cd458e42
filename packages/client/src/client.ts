import type {
  CreateJobRequest,
  ErrorBody,
  JobList,
  JobStatus,
  JobView,
  ModelList,
  ModelView,
  UploadView,
  ValidateResponse,
  ValidationIssue,
} from "./wire.ts";

/** An answer from Reelay that was not a success. */
export class ReelayApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: ValidationIssue[];

  constructor(status: number, code: string, message: string, issues: ValidationIssue[] = []) {
    super(message);
    this.name = "ReelayApiError";
    this.status = status;
    this.code = code;
    this.issues = issues;
  }
}

export interface ReelayOptions {
  /** Where Reelay runs, e.g. `http://127.0.0.1:8787`. */
  baseUrl: string;
  /** A Reelay API key, sent as a bearer token. */
  apiKey?: string;
  /** A `fetch` implementation; the global one by default. */
  fetch?: typeof fetch;
}

export interface ListJobsOptions {
  status?: JobStatus;
  model?: string;
  cursor?: string;
  limit?: number;
}

/** A thin, typed client for Reelay's native API. No dependencies; runs in Node and browsers. */
export class Reelay {
  readonly #baseUrl: string;
  readonly #apiKey: string | undefined;
  readonly #fetch: typeof fetch;

  constructor(options: ReelayOptions) {
    this.#baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.#apiKey = options.apiKey;
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  readonly jobs = {
    create: (request: CreateJobRequest, options: { idempotencyKey?: string } = {}): Promise<JobView> =>
      this.#json(
        "POST",
        "/api/v1/jobs",
        request,
        options.idempotencyKey ? { "Idempotency-Key": options.idempotencyKey } : {},
      ),
    get: (id: string): Promise<JobView> => this.#json("GET", `/api/v1/jobs/${encodeURIComponent(id)}`),
    list: (options: ListJobsOptions = {}): Promise<JobList> => {
      const query = new URLSearchParams();
      for (const [name, value] of Object.entries(options)) if (value !== undefined) query.set(name, String(value));
      const suffix = query.size > 0 ? `?${query}` : "";
      return this.#json("GET", `/api/v1/jobs${suffix}`);
    },
    cancel: (id: string): Promise<JobView> => this.#json("POST", `/api/v1/jobs/${encodeURIComponent(id)}/cancel`),
    /** The finished video as a streaming response. */
    download: (id: string, variant: "content" | "thumbnail" = "content"): Promise<Response> =>
      this.#request("GET", `/api/v1/jobs/${encodeURIComponent(id)}/${variant}`),
  };

  readonly uploads = {
    /**
     * Uploads an image once: a `Blob` (a `File` in browsers) is sent as multipart; `{url}` and
     * `{dataUri}` as JSON. The same bytes give the same upload.
     */
    create: (image: Blob | { url: string } | { dataUri: string }, filename = "image"): Promise<UploadView> => {
      if (image instanceof Blob) {
        const form = new FormData();
        form.append("file", image, filename);
        return this.#json("POST", "/api/v1/uploads", form);
      }
      return this.#json("POST", "/api/v1/uploads", image);
    },
    get: (id: string): Promise<UploadView> => this.#json("GET", `/api/v1/uploads/${encodeURIComponent(id)}`),
    delete: async (id: string): Promise<void> => {
      await this.#request("DELETE", `/api/v1/uploads/${encodeURIComponent(id)}`);
    },
  };

  readonly models = {
    list: (): Promise<ModelList> => this.#json("GET", "/api/v1/models"),
    get: (id: string): Promise<ModelView> => this.#json("GET", `/api/v1/models/${encodeURIComponent(id)}`),
  };

  /** Checks a request against its model without creating a job. */
  validate(request: CreateJobRequest): Promise<ValidateResponse> {
    return this.#json("POST", "/api/v1/validate", request);
  }

  async #request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    // FormData sets its own multipart content type (with the boundary); everything else is JSON.
    const isForm = body instanceof FormData;
    const response = await this.#fetch(`${this.#baseUrl}${path}`, {
      method,
      headers: {
        accept: "application/json",
        ...(body === undefined || isForm ? {} : { "content-type": "application/json" }),
        ...(this.#apiKey ? { authorization: `Bearer ${this.#apiKey}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
    });
    if (response.ok) return response;
    const text = await response.text();
    let parsed: Partial<ErrorBody> = {};
    try {
      parsed = JSON.parse(text) as Partial<ErrorBody>;
    } catch {
      // Not a Reelay error body (a proxy's page, say): keep the raw text as the message.
    }
    const error = parsed.error;
    throw new ReelayApiError(
      response.status,
      error?.code ?? `http_${response.status}`,
      error?.message ?? (text.slice(0, 500) || response.statusText),
      error?.issues ?? [],
    );
  }

  async #json<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
    const response = await this.#request(method, path, body, headers);
    return (await response.json()) as T;
  }
}
