import type { Database } from "better-sqlite3";

/**
 * Name of the SQL function that lower-cases text as JavaScript does. SQLite's own `lower()` and
 * `LIKE` fold ASCII letters only, so "ÎNCEPUT" would not find "început".
 */
export const FOLD_CASE_FUNCTION = "reelay_fold_case";

const foldCase = (text: string) => text.toLowerCase();

/** Makes `reelay_fold_case(text)` available on this connection. */
export function registerFoldCase(db: Database): void {
  db.function(FOLD_CASE_FUNCTION, { deterministic: true }, (text: unknown) =>
    typeof text === "string" ? foldCase(text) : text,
  );
}

/**
 * A `LIKE … ESCAPE '\'` pattern matching folded text that contains `text` anywhere; `%`, `_` and
 * `\` in `text` match only themselves.
 */
export function containsPattern(text: string): string {
  return `%${foldCase(text).replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}
