import { randomBytes } from "node:crypto";
import type { SecretKeeper } from "../secrets/secret-keeper.ts";

/** Where a generated media secret is kept: a file of the data dir, or a row of the shared database. */
export const MEDIA_SECRET_NAME = "media-secret";

/** Shortest kept secret accepted: a shorter one was cut or edited, and would sign weakly. */
const MIN_SECRET_BYTES = 32;

/**
 * The secret that signs media URLs: the configured one, else one generated on first start and
 * kept by `keeper`, so URLs survive restarts (and, on PostgreSQL, hold on every instance). A kept
 * secret that is too short stops the start instead of being replaced: replacing it would break
 * every URL already handed out.
 */
export async function loadMediaSecret(keeper: SecretKeeper, configured: string | undefined): Promise<Buffer> {
  if (configured !== undefined) return Buffer.from(configured, "utf8");
  const { value } = await keeper.keep(MEDIA_SECRET_NAME, () => randomBytes(48));
  if (value.length < MIN_SECRET_BYTES) {
    throw new Error(
      `The media secret kept in ${keeper.describe(MEDIA_SECRET_NAME)} is shorter than ${MIN_SECRET_BYTES} bytes; delete it to make a new one, or set REELAY_MEDIA_SECRET.`,
    );
  }
  return value;
}
