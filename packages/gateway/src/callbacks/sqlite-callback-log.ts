import type { Database } from "better-sqlite3";
import type { CallbackLog } from "./callback-log.ts";

/** The callback log in the `provider_callbacks` table (migration 0008). */
export function createSqliteCallbackLog(db: Database): CallbackLog {
  const insert = db.prepare<[string, string, number]>(
    `INSERT INTO provider_callbacks (provider, message_id, received_at) VALUES (?, ?, ?)
     ON CONFLICT (provider, message_id) DO NOTHING`,
  );
  const forget = db.prepare<[number]>("DELETE FROM provider_callbacks WHERE received_at < ?");
  const record = db.transaction((provider: string, messageId: string, receivedAtMs: number, forgetBeforeMs: number) => {
    forget.run(forgetBeforeMs);
    return insert.run(provider, messageId, receivedAtMs).changes === 1;
  });
  return {
    async remember(provider, messageId, receivedAtMs, forgetBeforeMs) {
      return record.immediate(provider, messageId, receivedAtMs, forgetBeforeMs);
    },
  };
}
