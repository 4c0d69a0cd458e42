import { pgStoreHarness } from "../db/test-support/pg-test-database.ts";
import { describeCallbackLogContract } from "./callback-log.contract.ts";
import { createPgCallbackLog } from "./pg-callback-log.ts";

describeCallbackLogContract("PostgreSQL", () => pgStoreHarness(createPgCallbackLog));
