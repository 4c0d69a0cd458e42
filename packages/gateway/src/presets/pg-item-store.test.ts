import { pgStoreHarness } from "../db/test-support/pg-test-database.ts";
import { describePresetStoresContract } from "./item-store.contract.ts";
import { createPgPresetStores } from "./pg-item-store.ts";

describePresetStoresContract("PostgreSQL", () => pgStoreHarness(createPgPresetStores));
