import { PIXVERSE_FAKE_BASE_PATH } from "../../providers/pixverse/fake.ts";

/** The remote providers the reliability tests run jobs on, each through its own fake. */
export type RemoteProvider = "runway" | "vidu" | "pixverse" | "pollo" | "openai" | "google";

/** The key every adapter sends; the fakes are made without one, so they take any non-empty key. */
const TEST_KEY = "reliability-test-key";

/** Short fake timings: a task is done half a second after its create. */
export const FAST_TIMING = { queuedMs: 100, renderMs: 400 };

/** A text-to-video model of each provider, with the defaults its fake renders quickly. */
export const MODEL_OF: Record<RemoteProvider, string> = {
  runway: "runway/gen4.5",
  vidu: "vidu/vidu1.5",
  pixverse: "pixverse/v4.5",
  pollo: "pollo/google/veo3-fast",
  openai: "openai/sora-2",
  google: "google/veo-2.0-generate-001",
};

/** The settings that point a gateway's adapter for `provider` at a fake served on `url`. */
export function providerEnvironment(provider: RemoteProvider, url: string): Record<string, string> {
  switch (provider) {
    case "runway":
      return { REELAY_RUNWAY_BASE_URL: url, REELAY_RUNWAY_API_KEY: TEST_KEY };
    case "vidu":
      return { REELAY_VIDU_BASE_URL: `${url}/ent/v2`, REELAY_VIDU_API_KEY: TEST_KEY };
    case "pixverse":
      return { REELAY_PIXVERSE_BASE_URL: `${url}${PIXVERSE_FAKE_BASE_PATH}`, REELAY_PIXVERSE_API_KEY: TEST_KEY };
    case "pollo":
      return { REELAY_POLLO_BASE_URL: url, REELAY_POLLO_API_KEY: TEST_KEY };
    case "openai":
      return { REELAY_OPENAI_BASE_URL: `${url}/v1`, REELAY_OPENAI_API_KEY: TEST_KEY };
    case "google":
      return { REELAY_GOOGLE_BASE_URL: `${url}/v1beta`, REELAY_GOOGLE_API_KEY: TEST_KEY };
  }
}

/**
 * What every reliability gateway runs with: fakes on 127.0.0.1 are allowed as output hosts, and
 * provider calls give up after `timeoutSeconds` so hangs and lost answers end quickly.
 */
export function baseEnvironment(timeoutSeconds: number): Record<string, string> {
  return {
    REELAY_ALLOW_PRIVATE_URLS: "true",
    REELAY_PROVIDER_TIMEOUT_SECONDS: String(timeoutSeconds),
  };
}
