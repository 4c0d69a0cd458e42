import { pgStoreHarness } from "../db/test-support/pg-test-database.ts";
import { createPgJobStore } from "../jobs/pg-job-store.ts";
import { createPgTimelineStore } from "./pg-timeline-store.ts";
import { describeTimelineStoreContract } from "./timeline-store.contract.ts";

describeTimelineStoreContract("PostgreSQL", () =>
  pgStoreHarness((pool) => ({ jobs: createPgJobStore(pool), timeline: createPgTimelineStore(pool) })),
);
