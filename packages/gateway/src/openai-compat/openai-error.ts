import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Logger } from "pino";
import type { z } from "zod";
import { ReelayError, type ErrorCode } from "../core/errors.ts";
import { issuesFromZod } from "../http/errors.ts";

/**
 * An answer of the OpenAI-compatible API that is an error, sent in OpenAI's envelope
 * `{ error: { message, type, param, code } }` with the status OpenAI would use: its clients turn
 * statuses into error classes (400 `BadRequestError`, 404 `NotFoundError`, …).
 */
export class OpenAiError extends Error {
  readonly status: number;
  /** The request parameter at fault, e.g. `seconds`; null when none is. */
  readonly param: string | null;
  /** A machine-readable reason, e.g. `invalid_value`; null when there is none. */
  readonly code: string | null;

  constructor(status: number, message: string, options: { param?: string | null; code?: string | null } = {}) {
    super(message);
    this.name = "OpenAiError";
    this.status = status;
    this.param = options.param ?? null;
    this.code = options.code ?? null;
  }
}

/**
 * Native errors whose status differs on this surface: OpenAI answers every bad value with 400 and
 * every missing thing with 404, and its clients have no class for 410, 415 or 422.
 */
const OPENAI_STATUS: Partial<Record<ErrorCode, number>> = {
  unsupported_media_type: 400,
  validation_failed: 400,
  invalid_image: 400,
  unsafe_url: 400,
  image_fetch_failed: 400,
  model_unavailable: 400,
  model_retired: 404,
  video_purged: 404,
};

/** Native request fields → the OpenAI parameters they are made from. */
const PARAM_OF_FIELD = new Map([
  ["prompt", "prompt"],
  ["model", "model"],
  ["durationSeconds", "seconds"],
  ["aspectRatio", "size"],
  ["resolution", "size"],
  ["image", "input_reference"],
]);

/** The body OpenAI's clients read: `type` is `server_error` for Reelay's faults, else `invalid_request_error`. */
export function openAiErrorResponse(c: Context, error: OpenAiError): Response {
  const type = error.status >= 500 ? "server_error" : "invalid_request_error";
  return c.json(
    { error: { message: error.message, type, param: error.param, code: error.code } },
    error.status as ContentfulStatusCode,
  );
}

/** A body or query that failed its schema: every problem in the message, the first one's field as `param`. */
export function invalidRequestError(error: z.ZodError, where: string): OpenAiError {
  const issues = issuesFromZod(error, where);
  const summary = issues.map((issue) => `${issue.field}: ${issue.message}`).join("; ");
  const first = issues[0];
  return new OpenAiError(400, `Invalid request: ${summary}`, {
    param: first?.field ?? null,
    code: first?.code ?? null,
  });
}

/** Too large a body, in OpenAI's envelope. */
export function payloadTooLarge(maxBytes: number): OpenAiError {
  return new OpenAiError(413, `The request body is larger than ${maxBytes} bytes.`, { code: "payload_too_large" });
}

/** Any error of a request on this surface as OpenAI's error; unexpected ones are logged and hidden. */
export function toOpenAiError(error: Error, logger: Logger, path: string): OpenAiError {
  if (error instanceof OpenAiError) return error;
  if (error instanceof ReelayError) {
    const field = error.issues?.[0]?.field;
    return new OpenAiError(OPENAI_STATUS[error.code] ?? error.status, error.message, {
      param: field === undefined ? null : (PARAM_OF_FIELD.get(field) ?? null),
      code: error.code,
    });
  }
  if (error instanceof HTTPException && error.status < 500) {
    return new OpenAiError(error.status, error.message || "The request could not be read.");
  }
  logger.error({ err: error, path }, "unhandled error");
  return new OpenAiError(500, "Something went wrong inside Reelay; the error has been logged.");
}
