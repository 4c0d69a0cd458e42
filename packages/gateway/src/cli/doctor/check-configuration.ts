import path from "node:path";
import { ConfigError, loadConfig, type Config, type ConfigOverrides } from "../../config.ts";
import { describePgUrl } from "../../db/pg-database.ts";
import { failed, passed, type DoctorCheck } from "./doctor-check.ts";

const NAME = "configuration";

/** The database, without its user or password. */
export function describeDatabase(database: Config["database"]): string {
  return database.kind === "sqlite" ? `SQLite ${database.path}` : `PostgreSQL ${describePgUrl(database.url)}`;
}

/** Where media lives, without credentials. */
export function describeStorage(config: Config): string {
  const { s3 } = config;
  if (s3 === undefined) return `files in ${path.join(config.dataDir, "media")}`;
  const where = s3.endpoint === undefined ? `AWS ${s3.region}` : `${new URL(s3.endpoint).origin} (${s3.region})`;
  return `S3 bucket ${s3.bucket}${s3.prefix ? `, prefix ${s3.prefix}` : ""}, at ${where}`;
}

/** Aliases of the OpenAI-compatible API that name no model: `reelay serve` refuses to start with them. */
async function unknownCompatModels(config: Config): Promise<string[]> {
  const [{ createCatalog }, { deploymentModels }, { ALL_MODEL_SPECS }, { createCompatModels }] = await Promise.all([
    import("../../catalog/catalog.ts"),
    import("../../deployment-models.ts"),
    import("../../providers/all-models.ts"),
    import("../../openai-compat/model-aliases.ts"),
  ]);
  const catalog = createCatalog(deploymentModels(ALL_MODEL_SPECS, config));
  return createCompatModels(config.openAiCompat).targets.filter((id) => catalog.get(id) === undefined);
}

/**
 * Reads the configuration as `reelay serve` does; a configuration it would refuse is the failed
 * check, with the message that names every setting at fault.
 */
export async function loadDoctorConfig(
  environment: NodeJS.ProcessEnv,
  overrides: ConfigOverrides,
): Promise<{ config: Config } | { check: DoctorCheck }> {
  let config: Config;
  try {
    config = loadConfig(environment, overrides);
  } catch (error) {
    if (error instanceof ConfigError) return { check: failed(NAME, error.message) };
    throw error;
  }
  const unknown = await unknownCompatModels(config);
  if (unknown.length > 0) {
    return {
      check: failed(
        NAME,
        `REELAY_COMPAT_MODEL_ALIASES / REELAY_COMPAT_DEFAULT_MODEL: no model ${unknown.join(", ")}; \`reelay models\` lists them.`,
      ),
    };
  }
  return { config };
}

/** The passed configuration check: what is configured, and which providers can run. */
export function configurationCheck(config: Config, providers: string[]): DoctorCheck {
  const roles = [
    config.http ? `HTTP on ${config.host}:${config.port}` : "no HTTP",
    config.worker.enabled ? "worker" : "no worker",
  ];
  const sandbox = config.sandbox ? " (sandbox: remote providers are simulated)" : "";
  return passed(
    NAME,
    `database ${describeDatabase(config.database)}; media ${describeStorage(config)}; ${roles.join(", ")}; providers ${providers.join(", ")}${sandbox}`,
  );
}
