import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "pino";
import { createWebhookSecret, isWebhookSecret } from "./webhook-signature.ts";

/** Where the generated secret is kept, inside the data directory. */
export const WEBHOOK_SECRET_FILE = "webhook-secret";

/**
 * The secret that signs webhooks: the configured one, else one generated on first start and kept
 * (readable by the owner only) in the data directory, so receivers keep verifying across restarts.
 * A kept file that is not a valid secret stops the start instead of being replaced: a new secret
 * would silently break every receiver.
 */
export async function loadWebhookSecret(
  dataDir: string,
  configured: string | undefined,
  logger: Logger,
): Promise<string> {
  if (configured !== undefined) return configured;
  const file = path.join(dataDir, WEBHOOK_SECRET_FILE);
  try {
    const existing = (await readFile(file, "utf8")).trim();
    if (!isWebhookSecret(existing)) {
      throw new Error(
        `${file} does not hold a whsec_ webhook secret; fix it, delete it, or set REELAY_WEBHOOK_SECRET.`,
      );
    }
    logger.info({ file }, "webhooks are signed with the secret kept in the data directory");
    return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const secret = createWebhookSecret();
  // `wx` fails when another process created the file meanwhile, instead of overwriting its secret.
  await writeFile(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
  logger.info({ file }, "generated a webhook signing secret; give receivers the one in this file");
  return secret;
}
