export * from "./wire.ts";
export { Reelay, ReelayApiError, type ListJobsOptions, type ReelayOptions } from "./client.ts";
