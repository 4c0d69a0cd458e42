import { pgStoreHarness } from "../db/test-support/pg-test-database.ts";
import { createPgUploadStore } from "./pg-upload-store.ts";
import { describeUploadStoreContract } from "./upload-store.contract.ts";

describeUploadStoreContract("PostgreSQL", () => pgStoreHarness(createPgUploadStore));
