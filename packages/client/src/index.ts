export * from "./wire.ts";
export * from "./wire-presets.ts";
export * from "./wire-timeline.ts";
export { Reelay, type ReelayOptions } from "./client.ts";
export {
  JobFailedError,
  ReelayApiError,
  WaitTimeoutError,
  type ReelayApiErrorOptions,
  type ReelayErrorCode,
  type WaitTimeoutErrorOptions,
} from "./errors.ts";
export type { EventsResource } from "./events-resource.ts";
export type { ImageSource } from "./image-source.ts";
export type { CategoriesResource, ItemResource, PresetsResource, StylesResource } from "./item-resources.ts";
export type { JobEventStreamOptions } from "./job-event-stream.ts";
export type { CreateJobOptions, DownloadVariant, JobsResource, ListJobsOptions } from "./jobs-resource.ts";
export type { ModelsResource } from "./models-resource.ts";
export type { ProgressListener } from "./progress-reporter.ts";
export { DEFAULT_RETRY_POLICY, isRetryable, type RetryPolicy } from "./retry-policy.ts";
export { parseEventStream, type EventStreamItem, type ReconnectionTime, type ServerSentEvent } from "./sse.ts";
export type { TaskStatus } from "./task-status.ts";
export type { RequestOptions } from "./transport.ts";
export type { UploadSource, UploadsResource } from "./uploads-resource.ts";
export type { UsageRange, UsageResource } from "./usage-resource.ts";
export type { ListDeliveriesOptions, WebhookDeliveriesResource, WebhooksResource } from "./webhooks-resource.ts";
export type { WaitOptions } from "./wait-for-job.ts";
export {
  createGenerationStore,
  type GenerationState,
  type GenerationStore,
  type GenerationStoreOptions,
} from "./generation-store.ts";
export {
  createVideoGenerationService,
  type GenerationParams,
  type ImageToVideoParams,
  type PollOptions,
  type TextToVideoParams,
  type VideoGenerationService,
  type VideoTask,
} from "./video-generation-service.ts";
