import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

function encodeBase32(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) out += ALPHABET[byte & 31];
  return out;
}

function encodeTime(milliseconds: number): string {
  let out = "";
  let rest = milliseconds;
  for (let index = 0; index < 10; index++) {
    out = ALPHABET[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

/**
 * A prefixed, time-sortable id: `<prefix>_` + 10 characters of time + 16 random characters.
 * Sorting ids sorts by creation time, which keeps cursors and indexes simple.
 */
export function createId(prefix: string, nowMs: number): string {
  return `${prefix}_${encodeTime(nowMs)}${encodeBase32(randomBytes(16))}`;
}

/** An unguessable token for leases and secrets. */
export function createToken(bytes = 24): string {
  return randomBytes(bytes).toString("base64url");
}
