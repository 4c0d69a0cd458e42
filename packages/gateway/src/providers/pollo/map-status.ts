import { ProviderCallError } from "../../core/errors.ts";
import type { ProviderOutput } from "../../core/types.ts";
import type { PollResult } from "../provider.ts";
import type { PolloGeneration, PolloStatusData } from "./api.ts";

/** Pollo asks for polls no more often than every few seconds; Veo 3 Fast takes under a minute. */
export const POLLO_POLL_AFTER_MS = 5_000;

/**
 * Pollo has no failure codes, only `failMsg` text, so moderation is recognised by its wording
 * (pollo.md §5: "did not pass content moderation"). unverified: Pollo's other wordings.
 */
const MODERATION_TEXT =
  /moderat|content (policy|safety|filter)|sensitive|nsfw|inappropriate|prohibited|policy violation|violat|not pass|flagged|unsafe/i;

type GenerationState = "waiting" | "processing" | "succeed" | "failed";

/** Per-generation states; the spellings clients reported besides Pollo's own are tolerated. */
const STATES: Record<string, GenerationState> = {
  waiting: "waiting",
  pending: "waiting",
  queued: "waiting",
  processing: "processing",
  running: "processing",
  succeed: "succeed",
  success: "succeed",
  succeeded: "succeed",
  failed: "failed",
  fail: "failed",
};

function stateOf(status: string): GenerationState {
  const state = STATES[status.trim().toLowerCase()];
  if (state === undefined) {
    // Guessing could end a paid render; a bad response is retried until the deadline.
    throw new ProviderCallError(`pollo sent a generation status Reelay does not know: ${status}.`, {
      kind: "bad_response",
      retryable: true,
      delivery: "answered",
    });
  }
  return state;
}

const isHttpUrl = (url: string | null | undefined): url is string =>
  typeof url === "string" && /^https?:\/\//i.test(url);

/** Video URLs: generations whose `mediaType` is video (or absent), else the `result[].videoUrl` variant. */
function outputsOf(data: PolloStatusData): ProviderOutput[] {
  const urls = [
    ...(data.generations ?? [])
      .filter((generation) => (generation.mediaType ?? "video").toLowerCase() === "video")
      .map((generation) => generation.url),
    ...(data.result ?? []).map((item) => item.videoUrl),
  ].filter(isHttpUrl);
  // Pollo's URLs are public: no headers, nothing to authorise at download time.
  return urls.map((url) => ({ kind: "video", source: { type: "url", url }, mediaType: "video/mp4" }));
}

function failedResult(generations: PolloGeneration[]): PollResult {
  const reason =
    generations
      .filter((generation) => stateOf(generation.status) === "failed")
      .map((generation) => generation.failMsg?.trim() ?? "")
      .find((text) => text !== "") ?? "";
  if (MODERATION_TEXT.test(reason)) {
    return {
      state: "failed",
      failure: { code: "content_filtered", message: `Pollo's moderation blocked it: ${reason}` },
    };
  }
  return {
    state: "failed",
    failure: {
      code: "provider_error",
      message: `Pollo failed the generation: ${reason === "" ? "no reason given" : reason}`,
    },
  };
}

/**
 * Turns a status payload into a poll result. There is no task status: all generations `succeed`
 * → succeeded; any `failed` → failed; any `processing` → running (no progress); else queued.
 */
export function mapPolloStatus(data: PolloStatusData): PollResult {
  const generations = data.generations ?? [];
  const states = generations.map((generation) => stateOf(generation.status));
  // A top-level status (a client-reported variant) counts only when there are no generations.
  if (states.length === 0 && data.status !== undefined) states.push(stateOf(data.status));
  if (states.length === 0 && (data.result ?? []).length > 0) states.push("succeed");

  if (states.includes("failed")) {
    return failedResult(generations.length > 0 ? generations : [{ status: "failed", failMsg: null }]);
  }
  if (states.length > 0 && states.every((state) => state === "succeed")) {
    const outputs = outputsOf(data);
    if (outputs.length > 0) return { state: "succeeded", outputs };
    return {
      state: "failed",
      failure: { code: "no_output", message: "Pollo reported the generation succeeded but returned no video URL." },
    };
  }
  if (states.includes("processing") || states.includes("succeed")) {
    return { state: "running", pollAfterMs: POLLO_POLL_AFTER_MS };
  }
  // All waiting, or no generation yet.
  return { state: "queued", pollAfterMs: POLLO_POLL_AFTER_MS };
}
