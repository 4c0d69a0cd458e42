import type { z } from "zod";
import { ProviderCallError } from "../../core/errors.ts";
import { redact } from "./redact.ts";

/**
 * Checks a provider's answer against a lenient schema (unknown fields pass, the fields Reelay
 * reads must be there). A mismatch is a `bad_response`: the provider changed or misbehaved.
 */
export function parseProviderResponse<T>(
  schema: z.ZodType<T>,
  body: unknown,
  provider: string,
  secrets: ReadonlyArray<string | undefined>,
): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`).join("; ");
  throw new ProviderCallError(`${provider} sent an answer Reelay does not understand (${problems}).`, {
    kind: "bad_response",
    retryable: true,
    delivery: "unknown",
    redactedBody: redact(JSON.stringify(body), secrets),
  });
}
