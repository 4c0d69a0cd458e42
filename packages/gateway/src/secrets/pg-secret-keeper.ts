import type { PgQueryable } from "../db/pg-database.ts";
import type { KeptSecret, SecretKeeper } from "./secret-keeper.ts";

/**
 * Secrets in the `shared_secrets` table, so every process on the database signs and verifies
 * with the same ones without the operator copying them around.
 */
export function createPgSecretKeeper(pool: PgQueryable): SecretKeeper {
  return {
    describe: (name) => `the database (shared_secrets.${name})`,
    async keep(name, create): Promise<KeptSecret> {
      const value = create();
      const inserted = await pool.query(
        "INSERT INTO shared_secrets (name, value, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING",
        [name, value, Date.now()],
      );
      if (inserted.rowCount === 1) return { value, created: true };
      // A separate statement: its snapshot sees the row of a process that inserted it meanwhile.
      const kept = await pool.query<{ value: Buffer }>("SELECT value FROM shared_secrets WHERE name = $1", [name]);
      const row = kept.rows[0];
      if (row === undefined) throw new Error(`The shared secret ${name} vanished while it was being read.`);
      return { value: row.value, created: false };
    },
  };
}
