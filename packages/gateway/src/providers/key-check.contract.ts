import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../core/clock.ts";
import type { ProviderId } from "../core/types.ts";
import type { KeyCheck, ProviderAdapter, ProviderCallContext } from "./provider.ts";
import { serveFake, type FakeProvider, type ServedFake } from "./shared/fake-server.ts";

export interface KeyCheckContractSetup {
  provider: ProviderId;
  /** The provider's fake, accepting only `key`. */
  createFake(key: string): FakeProvider;
  /** The adapter pointed at the fake served on `url`, sending `key`. */
  createAdapter(url: string, key: string): ProviderAdapter;
  /** The one call the check makes, as the provider documents it (the path with its query). */
  probe: { method: "GET" | "POST"; path: string };
  /** What the accepted check says about the fake's account. */
  accepted: RegExp;
  /** The provider's own refusal of a wrong key, as the fake answers it. */
  refusal: RegExp;
  /** The setting the refusal tells the operator to check. */
  keyVariable: string;
}

const context = (): ProviderCallContext => ({ clock: systemClock, fetch, signal: AbortSignal.timeout(5_000) });

/** `checkKey` against the provider's fake: what `reelay doctor` relies on (provider.ts). */
export function describeKeyCheckContract(setup: KeyCheckContractSetup): void {
  describe(`${setup.provider} checkKey`, () => {
    const key = `${setup.provider}-doctor-key-7f3a9c`;
    const wrongKey = `${setup.provider}-wrong-key-0b1d2e`;
    let fake: FakeProvider;
    let served: ServedFake;
    const adapters: ProviderAdapter[] = [];
    const adapter = (withKey: string) => {
      const created = setup.createAdapter(served.url, withKey);
      adapters.push(created);
      return created;
    };
    const check = async (withKey: string): Promise<KeyCheck> => {
      const result = await adapter(withKey).checkKey?.(context());
      expect(result, "the adapter has checkKey").toBeDefined();
      // Whatever the outcome, no form of either key is in it.
      expect(JSON.stringify(result)).not.toContain(withKey);
      return result as KeyCheck;
    };
    const probes = () =>
      fake.faults.requests.filter(
        (request) => request.method === setup.probe.method && request.path === setup.probe.path,
      );

    beforeAll(async () => {
      fake = setup.createFake(key);
      served = await serveFake(fake.app);
    });
    afterAll(async () => {
      await Promise.all(adapters.map((created) => created.close?.()));
      await served.close();
      fake.close?.();
    });

    it("accepts the fake's key with one call of the documented endpoint, starting nothing", async () => {
      const before = fake.faults.requests.length;
      const result = await check(key);
      expect(result).toEqual({ outcome: "accepted", detail: expect.stringMatching(setup.accepted) });
      const sent = fake.faults.requests.slice(before);
      expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual([
        `${setup.probe.method} ${setup.probe.path}`,
      ]);
    });

    it("reports a wrong key refused with the provider's own message and the setting to fix", async () => {
      const result = await check(wrongKey);
      expect(result.outcome).toBe("refused");
      if (result.outcome !== "refused") return;
      expect(result.message).toMatch(setup.refusal);
      expect(result.message).toContain(setup.provider);
      expect(result.message).toContain(setup.keyVariable);
    });

    it("has no verdict when the provider fails or cannot be reached", async () => {
      const { method, path } = setup.probe;
      const pathIncludes = path.split("?")[0] ?? path;
      fake.faults.inject({ method, pathIncludes, fault: { type: "status", status: 503, body: {} } });
      const before = probes().length;
      const failed = await check(key);
      expect(probes()).toHaveLength(before + 1);
      expect(failed).toMatchObject({ outcome: "unreachable", message: expect.stringContaining("503") });

      // A port that was just free: nothing listens there any more.
      const spare = await serveFake({ fetch: () => new Response() });
      await spare.close();
      const gone = setup.createAdapter(spare.url, key);
      adapters.push(gone);
      const unreachable = await gone.checkKey?.(context());
      expect(unreachable).toMatchObject({ outcome: "unreachable", message: expect.stringMatching(/ECONNREFUSED/) });
    });
  });
}
