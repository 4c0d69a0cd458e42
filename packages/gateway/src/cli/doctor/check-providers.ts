import type { Config } from "../../config.ts";
import { systemClock } from "../../core/clock.ts";
import type { ProviderId } from "../../core/types.ts";
import type { KeyCheck, ProviderAdapter } from "../../providers/provider.ts";
import { failed, passed, runCheck, skipped, type DoctorCheck } from "./doctor-check.ts";

/** Provider checks, with the adapters `reelay serve` would build from the same configuration. */
export interface ProviderChecks {
  /** The providers that can run with this configuration, local first. */
  available: ProviderId[];
  /** One check per provider; the local provider's follows the codec check, which renders as it does. */
  run(codecs: Promise<DoctorCheck>): Promise<DoctorCheck[]>;
  /** Stops the adapters (and the sandbox's fakes). */
  close(): Promise<void>;
}

/** Whether the operator set credentials for the provider: without any it is skipped, with some it must work. */
function hasCredentials(config: Config, id: ProviderId): boolean {
  if (config.sandbox || id === "local") return true;
  if (id === "google-vertex") {
    const { accessToken, credentialsFile } = config.providers.googleVertex;
    return Boolean(accessToken || credentialsFile);
  }
  return Boolean(config.providers[id].apiKey);
}

function keyLine(name: string, result: KeyCheck): DoctorCheck {
  if (result.outcome === "accepted") return passed(name, `key accepted: ${result.detail}`);
  if (result.outcome === "refused") return failed(name, `key refused: ${result.message}`);
  return failed(name, `could not check the key: ${result.message}`);
}

async function checkAdapter(config: Config, id: ProviderId, adapter: ProviderAdapter): Promise<DoctorCheck> {
  const name = `provider ${id}`;
  const reason = adapter.unavailableReason();
  if (reason !== null) {
    return hasCredentials(config, id) ? failed(name, `incomplete settings: ${reason}`) : skipped(name, reason);
  }
  const { checkKey } = adapter;
  if (checkKey === undefined) return skipped(name, "configured; this provider has no key check");
  const timeoutMs = config.providerTimeoutSeconds * 1000;
  const context = { clock: systemClock, fetch, signal: AbortSignal.timeout(timeoutMs) };
  // The adapter's own signal ends the call; the extra second only guards against one that ignores it.
  const check = await runCheck(name, timeoutMs + 1000, async () =>
    keyLine(name, await checkKey.call(adapter, context)),
  );
  return { ...check, provider: id };
}

export async function prepareProviderChecks(config: Config): Promise<ProviderChecks> {
  const { createProviderRegistry } = await import("../../provider-registry.ts");
  const registry = await createProviderRegistry(config, config.sandbox);
  const adapters = [...registry.adapters];
  return {
    available: adapters.filter(([, adapter]) => adapter.unavailableReason() === null).map(([id]) => id),
    async run(codecs) {
      return Promise.all(
        adapters.map(async ([id, adapter]): Promise<DoctorCheck> => {
          if (id !== "local") return checkAdapter(config, id, adapter);
          const rendering =
            (await codecs).status === "pass"
              ? passed("provider local", "renders on this machine (see media codecs)")
              : failed("provider local", "cannot render: see media codecs");
          return { ...rendering, provider: id };
        }),
      );
    },
    async close() {
      await Promise.all(adapters.map(([, adapter]) => adapter.close?.()));
      await registry.close();
    },
  };
}
