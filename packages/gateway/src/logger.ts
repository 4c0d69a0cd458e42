import { pino, type DestinationStream, type Logger } from "pino";

/**
 * Structured JSON logs. Anything that looks like a credential is redacted wherever it appears in
 * a logged object, so a provider key can never reach the log by accident. Lines about a request
 * carry its `requestId` (and `tenantId`); lines about a job carry `jobId`, `tenantId`, `provider`
 * and `model` (see `jobs/job-log-fields.ts`).
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: "reelay" },
    redact: {
      paths: [
        "apiKey",
        "*.apiKey",
        "authorization",
        "*.authorization",
        "headers.authorization",
        "*.headers.authorization",
        "headers.cookie",
        "*.headers.cookie",
        "*.headers['x-api-key']",
        "*.headers['api-key']",
        "accessToken",
        "*.accessToken",
        "secret",
        "*.secret",
        "secretAccessKey",
        "*.secretAccessKey",
        "webhookSecret",
        "*.webhookSecret",
        "password",
        "*.password",
        "token",
        "*.token",
      ],
      censor: "[redacted]",
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
