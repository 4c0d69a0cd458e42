/** A Reelay API token anywhere in a line: `rly_` + 16-character id + `_` + 43 characters of secret. */
export const REELAY_TOKEN_PATTERN = /rly_[0-9a-z]{16}_[A-Za-z0-9_-]{43}/g;

/** A secret the logs must not hold, with the name it is reported by (never the value). */
export interface KnownSecret {
  name: string;
  value: string;
}

/** One line of a log that holds a secret, the secrets masked. */
export interface SecretFinding {
  /** 1-based. */
  line: number;
  /** What was found: the secrets' names, or "a Reelay API token". */
  found: string[];
  /** The line with every secret replaced by `[masked: <name>]`, cut to about 400 characters around the first one. */
  excerpt: string;
}

const EXCERPT_CHARS = 400;

const TOKEN_ANYWHERE = new RegExp(REELAY_TOKEN_PATTERN.source);

/** `line` with every secret and token replaced by its mask, and the names of what was replaced. */
export function maskSecrets(line: string, secrets: readonly KnownSecret[]): { masked: string; found: string[] } {
  const found = new Set<string>();
  // Longest first, so a secret that contains another is masked whole.
  let masked = line;
  for (const secret of secrets.toSorted((a, b) => b.value.length - a.value.length)) {
    if (!masked.includes(secret.value)) continue;
    found.add(secret.name);
    masked = masked.split(secret.value).join(`[masked: ${secret.name}]`);
  }
  masked = masked.replace(REELAY_TOKEN_PATTERN, () => {
    found.add("a Reelay API token");
    return "[masked: Reelay API token]";
  });
  return { masked, found: [...found] };
}

/** Every line of `text` that holds one of `secrets` or anything shaped like a Reelay API token. */
export function findSecrets(text: string, secrets: readonly KnownSecret[]): SecretFinding[] {
  for (const secret of secrets) {
    if (secret.value.length < 6) throw new Error(`${secret.name} is too short to search logs for`);
  }
  // Cheap test of the whole text first: a clean log (the usual case) is never split into lines.
  if (!secrets.some((secret) => text.includes(secret.value)) && !TOKEN_ANYWHERE.test(text)) return [];
  const findings: SecretFinding[] = [];
  text.split("\n").forEach((line, index) => {
    const { masked, found } = maskSecrets(line, secrets);
    if (found.length === 0) return;
    const at = Math.max(0, masked.indexOf("[masked: ") - EXCERPT_CHARS / 2);
    const excerpt = `${at > 0 ? "…" : ""}${masked.slice(at, at + EXCERPT_CHARS)}${at + EXCERPT_CHARS < masked.length ? "…" : ""}`;
    findings.push({ line: index + 1, found, excerpt });
  });
  return findings;
}
