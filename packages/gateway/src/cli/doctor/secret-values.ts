/** Settings whose values are credentials (API keys, tokens, webhook and media secrets, S3 keys). */
const SECRET_SETTING = /KEY|SECRET|TOKEN|PASSWORD/;
/** Shorter values would mask ordinary words of the report; no real credential is this short. */
const MIN_SECRET_LENGTH = 4;

/**
 * Every credential in `environment`'s Reelay settings, and the database URL's password, so that the
 * doctor's report can be scrubbed of them whatever a provider or library put into a message.
 */
export function secretValues(environment: NodeJS.ProcessEnv): string[] {
  const values = Object.entries(environment)
    .filter(([name, value]) => name.startsWith("REELAY_") && SECRET_SETTING.test(name) && value !== undefined)
    .map(([, value]) => (value ?? "").trim());
  const databaseUrl = environment.REELAY_DATABASE_URL;
  if (databaseUrl !== undefined && URL.canParse(databaseUrl)) {
    const { password } = new URL(databaseUrl);
    values.push(password);
    try {
      values.push(decodeURIComponent(password));
    } catch {
      // A password that is not valid percent-encoding is masked as written.
    }
  }
  return [...new Set(values)].filter((value) => value.length >= MIN_SECRET_LENGTH);
}
