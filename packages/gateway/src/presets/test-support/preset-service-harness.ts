import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach } from "vitest";
import { createCatalog } from "../../catalog/catalog.ts";
import { systemClock } from "../../core/clock.ts";
import { openSqliteDatabase } from "../../db/sqlite-database.ts";
import { ALL_MODEL_SPECS } from "../../providers/all-models.ts";
import { createPresetService, type PresetService } from "../preset-service.ts";
import type { PresetStores } from "../item-store.ts";
import { createSqlitePresetStores } from "../sqlite-item-store.ts";

/** The catalog of every model Reelay knows, as the gateway builds it. */
export const TEST_CATALOG = createCatalog(ALL_MODEL_SPECS);

/** The real preset service over a fresh SQLite file and the real catalog, with its stores. */
export interface PresetHarness {
  service: PresetService;
  stores: PresetStores;
}

/** Registers per-test setup in the enclosing `describe` and returns the current test's harness. */
export function usePresetService(): () => PresetHarness {
  let current: (PresetHarness & { cleanup: () => Promise<void> }) | undefined;
  beforeEach(async () => {
    const directory = await mkdtemp(path.join(tmpdir(), "reelay-presets-"));
    const database = openSqliteDatabase(path.join(directory, "reelay.db"));
    const stores = createSqlitePresetStores(database);
    const service = createPresetService({
      stores,
      clock: systemClock,
      findModel: (id) => TEST_CATALOG.get(id),
      checkRequest: (input) => TEST_CATALOG.validate(input),
    });
    current = {
      service,
      stores,
      cleanup: async () => {
        database.close();
        await rm(directory, { recursive: true, force: true });
      },
    };
  });
  afterEach(async () => {
    await current?.cleanup();
  });
  return () => {
    if (current === undefined) throw new Error("The preset service is only available inside a test.");
    return current;
  };
}
