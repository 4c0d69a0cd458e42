import type { PgPool } from "../db/pg-database.ts";
import type { CallbackLog } from "./callback-log.ts";

/**
 * The callback log in the `provider_callbacks` table of the shared PostgreSQL database, so a
 * callback replayed to another process is known there too. Takes the pool every store of the
 * process shares; whoever opened it ends it.
 */
export function createPgCallbackLog(pool: PgPool): CallbackLog {
  return {
    async remember(provider, messageId, receivedAtMs, forgetBeforeMs) {
      // Two statements, no transaction: forgetting is housekeeping, and the insert alone decides.
      // Another process recording the same message at once makes the insert wait for its commit,
      // then skip: one of them sees a replay.
      await pool.query("DELETE FROM provider_callbacks WHERE received_at < $1", [forgetBeforeMs]);
      const inserted = await pool.query(
        `INSERT INTO provider_callbacks (provider, message_id, received_at) VALUES ($1, $2, $3)
         ON CONFLICT (provider, message_id) DO NOTHING`,
        [provider, messageId, receivedAtMs],
      );
      return inserted.rowCount === 1;
    },
  };
}
