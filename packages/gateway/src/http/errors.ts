import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Logger } from "pino";
import type { z } from "zod";
import { ReelayError, type ErrorCode, ERROR_CODES } from "../core/errors.ts";
import type { BudgetFigures, ValidationIssue } from "../core/types.ts";
import { InvalidCursorError } from "../jobs/job-store.ts";
import { requestLogger } from "./request-log.ts";

/** An error answer; `X-Should-Retry` tells clients whether sending the same request again may help. */
export function errorResponse(
  c: Context,
  code: ErrorCode,
  message: string,
  issues?: ValidationIssue[],
  budget?: BudgetFigures,
): Response {
  const body = {
    error: { code, message, ...(issues && issues.length > 0 ? { issues } : {}), ...(budget ? { budget } : {}) },
  };
  c.header("X-Should-Retry", String(ERROR_CODES[code].retryable));
  return c.json(body, ERROR_CODES[code].status as ContentfulStatusCode);
}

/** Turns zod's findings into issues a person can act on. */
export function issuesFromZod(error: z.ZodError, where: string): ValidationIssue[] {
  return error.issues.flatMap((issue): ValidationIssue[] => {
    const field = issue.path.length > 0 ? issue.path.join(".") : where;
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        field: issue.path.length > 0 ? `${field}.${key}` : key,
        code: "unknown_field",
        message: `Unknown field "${key}"; it is not part of this API.`,
      }));
    }
    if (issue.code === "invalid_type") {
      return [{ field, code: "invalid_type", message: `Expected ${issue.expected}. ${issue.message}` }];
    }
    if (issue.code === "invalid_value") {
      return [
        {
          field,
          code: "unsupported_value",
          message: issue.message,
          allowed: issue.values.filter((value) => ["string", "number", "boolean"].includes(typeof value)) as Array<
            string | number | boolean
          >,
        },
      ];
    }
    return [{ field, code: issue.code, message: issue.message }];
  });
}

/** The `defaultHook` of every route: a request that fails its schema gets a 400 naming each problem. */
export function validationHook(
  result: { success: true } | { success: false; error: z.ZodError; target: string },
  c: Context,
): Response | undefined {
  if (result.success) return undefined;
  const where = result.target === "json" ? "body" : result.target;
  const issues = issuesFromZod(result.error, where);
  const summary = issues.map((issue) => `${issue.field}: ${issue.message}`).join("; ");
  return errorResponse(c, "invalid_request", `The ${where} is not valid: ${summary}`, issues);
}

/** The app's `onError`: known errors keep their status; anything else is a 500 without details. */
export function handleError(logger: Logger) {
  return (error: Error, c: Context): Response => {
    if (error instanceof ReelayError) return errorResponse(c, error.code, error.message, error.issues, error.budget);
    if (error instanceof InvalidCursorError) return errorResponse(c, "invalid_cursor", error.message);
    if (error instanceof HTTPException) {
      if (error.status === 413) {
        return errorResponse(c, "payload_too_large", "The request body is too large.");
      }
      if (error.status === 400) {
        const message = /json/i.test(error.message)
          ? "The body is not valid JSON; send a JSON object with Content-Type: application/json."
          : error.message;
        return errorResponse(c, /json/i.test(error.message) ? "invalid_json" : "invalid_request", message);
      }
    }
    requestLogger(c.req.raw, logger).error({ err: error, path: c.req.path }, "unhandled error");
    return errorResponse(c, "internal_error", "Something went wrong inside Reelay; the error has been logged.");
  };
}
