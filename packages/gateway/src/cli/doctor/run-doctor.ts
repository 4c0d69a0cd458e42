import type { Config, ConfigOverrides } from "../../config.ts";
import { redactSecret } from "../redact-secret.ts";
import { checkCodecs } from "./check-codecs.ts";
import { configurationCheck, loadDoctorConfig } from "./check-configuration.ts";
import { checkDatabase } from "./check-database.ts";
import { prepareProviderChecks, type ProviderChecks } from "./check-providers.ts";
import { checkStorage } from "./check-storage.ts";
import {
  doctorReport,
  failed,
  messageOf,
  runCheck,
  skipped,
  type DoctorCheck,
  type DoctorReport,
} from "./doctor-check.ts";
import { secretValues } from "./secret-values.ts";

// Generous, for a loaded machine; each only stops a check that would otherwise hang the report.
const DATABASE_TIMEOUT_MS = 30_000;
const STORAGE_TIMEOUT_MS = 60_000;
const CODECS_TIMEOUT_MS = 120_000;
const NEEDS_CONFIGURATION = "needs a valid configuration";

/** Every check but the configuration's, which decided what there is to check. */
async function checkConfigured(config: Config): Promise<DoctorCheck[]> {
  // All at once; none of them waits for another but the local provider for the codecs.
  const codecs = runCheck("media codecs", CODECS_TIMEOUT_MS, checkCodecs);
  const database = runCheck("database", DATABASE_TIMEOUT_MS, () => checkDatabase(config));
  const storage = runCheck("storage", STORAGE_TIMEOUT_MS, () => checkStorage(config));
  let providers: ProviderChecks;
  try {
    providers = await prepareProviderChecks(config);
  } catch (error) {
    return [
      configurationCheck(config, []),
      await database,
      await storage,
      await codecs,
      failed("providers", messageOf(error)),
    ];
  }
  try {
    const providerChecks = await providers.run(codecs);
    return [
      configurationCheck(config, providers.available),
      await database,
      await storage,
      await codecs,
      ...providerChecks,
    ];
  } finally {
    await providers.close();
  }
}

/**
 * `reelay doctor`: reads the configuration as `reelay serve` does and checks everything it needs
 * (database, storage, codecs, each provider's key), changing nothing but a probe object it
 * deletes again. Checks run at once; the report keeps a fixed order and holds no credential.
 */
export async function runDoctor(environment: NodeJS.ProcessEnv, overrides: ConfigOverrides): Promise<DoctorReport> {
  const loaded = await loadDoctorConfig(environment, overrides);
  const checks =
    "check" in loaded
      ? [
          loaded.check,
          skipped("database", NEEDS_CONFIGURATION),
          skipped("storage", NEEDS_CONFIGURATION),
          await runCheck("media codecs", CODECS_TIMEOUT_MS, checkCodecs),
          skipped("providers", NEEDS_CONFIGURATION),
        ]
      : await checkConfigured(loaded.config);
  const secrets = secretValues(environment);
  const scrub = (text: string) => secrets.reduce((scrubbed, secret) => redactSecret(scrubbed, secret), text);
  return doctorReport(checks.map((check) => ({ ...check, detail: scrub(check.detail) })));
}
