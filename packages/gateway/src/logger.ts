import { pino, type DestinationStream, type Logger } from "pino";

/**
 * Structured JSON logs. Anything that looks like a credential is redacted wherever it appears in
 * a logged object, so a provider key can never reach the log by accident.
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
        "*.headers['x-api-key']",
        "*.headers['api-key']",
        "accessToken",
        "*.accessToken",
      ],
      censor: "[redacted]",
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
