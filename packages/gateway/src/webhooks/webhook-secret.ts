import type { Logger } from "pino";
import type { SecretKeeper } from "../secrets/secret-keeper.ts";
import { createWebhookSecret, isWebhookSecret } from "./webhook-signature.ts";

/** Where the generated secret is kept: a file of the data dir, or a row of the shared database. */
export const WEBHOOK_SECRET_NAME = "webhook-secret";

/**
 * The secret that signs webhooks: the configured one, else one generated on first start and kept
 * by `keeper`, so receivers keep verifying across restarts (and, on PostgreSQL, whichever instance
 * sends). A kept value that is not a valid secret stops the start instead of being replaced: a new
 * secret would silently break every receiver.
 */
export async function loadWebhookSecret(
  keeper: SecretKeeper,
  configured: string | undefined,
  logger: Logger,
): Promise<string> {
  if (configured !== undefined) return configured;
  const where = keeper.describe(WEBHOOK_SECRET_NAME);
  const kept = await keeper.keep(WEBHOOK_SECRET_NAME, () => Buffer.from(`${createWebhookSecret()}\n`, "utf8"));
  const secret = kept.value.toString("utf8").trim();
  if (!isWebhookSecret(secret)) {
    throw new Error(`${where} does not hold a whsec_ webhook secret; fix it, delete it, or set REELAY_WEBHOOK_SECRET.`);
  }
  logger.info(
    { where },
    kept.created
      ? "generated a webhook signing secret; give receivers the one kept there"
      : "webhooks are signed with the secret kept there",
  );
  return secret;
}
