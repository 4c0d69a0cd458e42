/**
 * OpenAI's error envelope as the fake answers it. Wording comes from OpenAI's other endpoints
 * and third-party captures; for the Videos API most of it is unverified (see each caller).
 */

export interface OpenAiErrorFields {
  /** `invalid_request_error` unless said otherwise. */
  type?: string;
  param?: string | null;
  code?: string | null;
}

/** An error answer `{error:{message,type,param,code}}`; every field present, nullable ones as null. */
export function openAiError(status: number, message: string, fields: OpenAiErrorFields = {}): Response {
  const body = {
    error: {
      message,
      type: fields.type ?? "invalid_request_error",
      param: fields.param ?? null,
      code: fields.code ?? null,
    },
  };
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

/** Thrown while reading a request; the route answers with `response`. */
export class FakeRequestError extends Error {
  readonly response: Response;

  constructor(status: number, message: string, fields: OpenAiErrorFields = {}) {
    super(message);
    this.name = "FakeRequestError";
    this.response = openAiError(status, message, fields);
  }
}

/** OpenAI's list style: `'4', '8', and '12'`, or `'a' and 'b'` for two. */
export function quotedList(values: readonly string[]): string {
  const quoted = values.map((value) => `'${value}'`);
  if (quoted.length <= 2) return quoted.join(" and ");
  return `${quoted.slice(0, -1).join(", ")}, and ${quoted.at(-1) ?? ""}`;
}

/** OpenAI's name for a JSON value's type in `invalid_type` messages. */
export function jsonTypeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number") return Number.isInteger(value) ? "an integer" : "a decimal";
  if (typeof value === "boolean") return "a boolean";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}
