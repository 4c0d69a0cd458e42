import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** Every token starts with this, so secret scanners and log checks can spot one. */
export const API_KEY_PREFIX = "rly_";

/** `rly_` + a 16-character id + `_` + 43 characters of secret (32 random bytes). */
const TOKEN_PATTERN = /^rly_([0-9a-z]{16})_([A-Za-z0-9_-]{43})$/;

const ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

export interface NewApiKeyToken {
  /** The public id, stored in clear and shown in listings. */
  id: string;
  /** The whole token, shown to its owner once. */
  token: string;
  /** SHA-256 of the secret part, the only form stored. */
  secretSha256: string;
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** A new high-entropy token: 80 bits of id and 256 bits of secret. */
export function createApiKeyToken(): NewApiKeyToken {
  const id = [...randomBytes(16)].map((byte) => ID_ALPHABET[byte & 31]).join("");
  const secret = randomBytes(32).toString("base64url");
  return { id, token: `${API_KEY_PREFIX}${id}_${secret}`, secretSha256: sha256(secret) };
}

/** The id and secret of a token, or null when it is not shaped like one. */
export function parseApiKeyToken(token: string): { id: string; secret: string } | null {
  const match = TOKEN_PATTERN.exec(token);
  return match === null ? null : { id: match[1] ?? "", secret: match[2] ?? "" };
}

/** Whether `secret` hashes to `expectedSha256`, compared in constant time. */
export function secretMatches(secret: string, expectedSha256: string): boolean {
  const actual = Buffer.from(sha256(secret), "hex");
  const expected = Buffer.from(expectedSha256, "hex");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
