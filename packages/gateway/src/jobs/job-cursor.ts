import { InvalidCursorError } from "./job-store.ts";

/**
 * Shape of a job id (`<prefix>_<time><random>`, see `core/ids.ts`). Checked loosely on purpose: the
 * point is to turn garbage into `InvalidCursorError` before it reaches a query, not to police ids.
 */
const ID_PATTERN = /^[a-z][a-z0-9]*_[0-9a-z]{1,64}$/;

/**
 * Cursor for the page after the one ending with `lastId`. Pages are ordered by id (newest first),
 * so the last id is all a cursor needs; base64url keeps callers from building cursors themselves.
 */
export function encodeJobCursor(lastId: string): string {
  return Buffer.from(lastId, "utf8").toString("base64url");
}

/** The id a cursor made by `encodeJobCursor` stands for; throws `InvalidCursorError` otherwise. */
export function decodeJobCursor(cursor: string): string {
  const id = Buffer.from(cursor, "base64url").toString("utf8");
  // Node's decoder skips characters outside the alphabet; re-encoding rejects anything that was
  // not exactly what we produced.
  if (!ID_PATTERN.test(id) || encodeJobCursor(id) !== cursor) throw new InvalidCursorError();
  return id;
}
