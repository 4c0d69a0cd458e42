import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CallbackLog } from "./callback-log.ts";

/** A fresh, empty database for one test. */
export interface CallbackLogDatabase {
  /** A log on a connection (SQLite) or pool (PostgreSQL) of its own, as another process would have. */
  connect(): Promise<CallbackLog>;
  /** Closes every connection made and removes the database. */
  cleanup(): Promise<void>;
}

/** The suite every callback log passes; it talks to the log only through the interface. */
export function describeCallbackLogContract(name: string, open: () => Promise<CallbackLogDatabase>): void {
  describe(`CallbackLog contract: ${name}`, () => {
    let database: CallbackLogDatabase | undefined;
    let log: CallbackLog;
    beforeEach(async () => {
      database = await open();
      log = await database.connect();
    });
    afterEach(async () => {
      await database?.cleanup();
    });
    const connect = () => {
      if (database === undefined) throw new Error("The database is only available inside a test.");
      return database.connect();
    };

    it("knows a message the second time, per provider", async () => {
      expect(await log.remember("pollo", "msg_1", 1_000, 0)).toBe(true);
      expect(await log.remember("pollo", "msg_1", 2_000, 0)).toBe(false);
      expect(await log.remember("vidu", "msg_1", 2_000, 0)).toBe(true);
    });

    it("forgets messages received before the given time, and only those", async () => {
      await log.remember("pollo", "old", 1_000, 0);
      await log.remember("pollo", "edge", 4_000, 0);
      await log.remember("pollo", "recent", 5_000, 0);
      await log.remember("pollo", "new", 9_000, 4_000);
      expect(await log.remember("pollo", "old", 9_500, 4_000)).toBe(true);
      expect(await log.remember("pollo", "edge", 9_500, 4_000)).toBe(false);
      expect(await log.remember("pollo", "recent", 9_500, 4_000)).toBe(false);
      expect(await log.remember("pollo", "new", 9_500, 4_000)).toBe(false);
    });

    it("is shared by every connection, and of two processes recording one message at once, one sees a replay", async () => {
      const other = await connect();
      expect(await log.remember("openai", "wh_1", 1_000, 0)).toBe(true);
      expect(await other.remember("openai", "wh_1", 1_000, 0)).toBe(false);
      const raced = await Promise.all(
        [log, other, log, other].map((each) => each.remember("openai", "wh_2", 2_000, 0)),
      );
      expect(raced.filter((fresh) => fresh)).toHaveLength(1);
    });
  });
}
