/** A secret as kept: its value, and whether this call made it. */
export interface KeptSecret {
  value: Buffer;
  created: boolean;
}

/**
 * Keeps the secrets Reelay generates for itself (media URL signing, webhook signing) when none is
 * configured, so they survive restarts and, on a shared database, are the same in every process.
 */
export interface SecretKeeper {
  /** Where the secrets are, for log lines: a file path or "the database". Never the value. */
  describe(name: string): string;
  /**
   * The secret kept as `name`, or else `create()`'s value, kept now. When two processes race, both
   * get the one kept first.
   */
  keep(name: string, create: () => Buffer): Promise<KeptSecret>;
}
