import { FakeRejection, onlyKeys, record } from "./veo-fake-checks.ts";
import type { FakeSurface, FakeVeoModel } from "./veo-fake-models.ts";

/** The `parameters` a Veo fake accepted, with Google's defaults applied. */
export interface AcceptedParameters {
  aspectRatio: "16:9" | "9:16";
  durationSeconds: number;
  /** The output resolution (720p where the field is absent or refused). */
  resolution: string;
  sampleCount: number;
  /** Vertex: where the videos go instead of inline bytes. */
  storageUri?: string;
  /** Set when the duration does not render: the operation ends in error code 3 (§5). */
  operationError?: string;
}

const KNOWN_PARAMETERS = [
  "aspectRatio",
  "durationSeconds",
  "resolution",
  "negativePrompt",
  "personGeneration",
  "sampleCount",
  "seed",
  "generateAudio",
  "enhancePrompt",
  "storageUri",
  "resizeMode",
  "compressionQuality",
  "fps",
  "pubsubTopic",
];

// unverified: Google's SDK refuses these on the Gemini API; what the endpoint does with them raw
// is not documented. The fake refuses them so an adapter that sends them is caught.
const GEMINI_REFUSED = [
  "seed",
  "generateAudio",
  "storageUri",
  "fps",
  "pubsubTopic",
  "compressionQuality",
  "resizeMode",
];

const UINT32_MAX = 4_294_967_295;

/** `durationSeconds` is an integer on the wire; one edition of the guide printed strings, so "8" passes too. */
function durationOf(value: unknown): number {
  if (value === undefined) return 8;
  const number = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== "number" || !Number.isInteger(number) || number <= 0) {
    throw new FakeRejection(
      `Invalid value at 'parameters.durationSeconds' (${JSON.stringify(value)}): expected an integer.`,
    );
  }
  return number;
}

function oneOf(value: unknown, allowed: readonly string[], name: string): void {
  if (typeof value !== "string" || !allowed.includes(value)) {
    throw new FakeRejection(`Unsupported ${name} ${JSON.stringify(value)}; supported: ${allowed.join(", ")}.`);
  }
}

/**
 * Enum-like values in either case: the docs write `allow_adult`, Google's JS SDK sends its enum
 * names (`ALLOW_ADULT`) unchanged, and the live API takes both (the SDK works against it).
 */
function anyCase(value: unknown): unknown {
  return typeof value === "string" ? value.toLowerCase() : value;
}

export function validateVeoParameters(
  value: unknown,
  model: FakeVeoModel,
  surface: FakeSurface,
  context: { mode: "text" | "image"; lastFrame: boolean; references: number },
): AcceptedParameters {
  const parameters = record(value, "parameters");
  onlyKeys(parameters, KNOWN_PARAMETERS, "parameters");
  if (surface === "gemini") {
    const refused = GEMINI_REFUSED.find((key) => parameters[key] !== undefined);
    if (refused) throw new FakeRejection(`${refused} parameter is not supported in the Gemini API.`);
  }
  const aspectRatio = parameters.aspectRatio ?? "16:9";
  oneOf(aspectRatio, ["16:9", "9:16"], "aspect ratio");
  const durationSeconds = durationOf(parameters.durationSeconds);

  let resolution = "720p";
  if (parameters.resolution !== undefined) {
    if (model.resolutions === null) throw new FakeRejection("resolution is not supported by this model.");
    oneOf(parameters.resolution, model.resolutions, "resolution");
    resolution = parameters.resolution as string;
  }
  if (model.eightSecondRules && durationSeconds !== 8) {
    if (resolution !== "720p") throw new FakeRejection(`${resolution} output requires durationSeconds 8.`);
    if (context.lastFrame) throw new FakeRejection("lastFrame requires durationSeconds 8.");
  }
  if (context.references > 0 && (durationSeconds !== 8 || aspectRatio !== "16:9")) {
    throw new FakeRejection("referenceImages require durationSeconds 8 and aspectRatio 16:9.");
  }

  const sampleCount = parameters.sampleCount ?? 1;
  if (
    typeof sampleCount !== "number" ||
    !Number.isInteger(sampleCount) ||
    sampleCount < 1 ||
    sampleCount > model.maxSampleCount
  ) {
    throw new FakeRejection(`sampleCount must be between 1 and ${model.maxSampleCount}.`);
  }
  if (parameters.seed !== undefined) {
    if (!model.seed) throw new FakeRejection("seed is not supported by this model.");
    const seed = parameters.seed;
    if (typeof seed !== "number" || !Number.isInteger(seed) || seed < 0 || seed > UINT32_MAX) {
      throw new FakeRejection("seed must be an unsigned 32-bit integer.");
    }
  }
  if (parameters.generateAudio !== undefined) {
    if (!model.generateAudio) throw new FakeRejection("generateAudio is not supported by this model.");
    if (typeof parameters.generateAudio !== "boolean") throw new FakeRejection("generateAudio must be a boolean.");
  }
  for (const key of ["negativePrompt", "pubsubTopic"]) {
    if (parameters[key] !== undefined && typeof parameters[key] !== "string")
      throw new FakeRejection(`${key} must be a string.`);
  }
  if (parameters.enhancePrompt !== undefined && typeof parameters.enhancePrompt !== "boolean") {
    throw new FakeRejection("enhancePrompt must be a boolean.");
  }
  if (parameters.personGeneration !== undefined) {
    const people = anyCase(parameters.personGeneration);
    oneOf(people, ["allow_all", "allow_adult", "dont_allow"], "personGeneration");
    // Wording from a reported live answer (§2).
    if (!model.personGeneration[context.mode].includes(people as string)) {
      throw new FakeRejection(`${String(people)} for personGeneration is currently not supported.`);
    }
  }
  if (parameters.resizeMode !== undefined) oneOf(anyCase(parameters.resizeMode), ["pad", "crop"], "resizeMode");
  if (parameters.compressionQuality !== undefined) {
    oneOf(anyCase(parameters.compressionQuality), ["optimized", "lossless"], "compressionQuality");
  }
  let storageUri: string | undefined;
  if (parameters.storageUri !== undefined) {
    if (typeof parameters.storageUri !== "string" || !/^gs:\/\/[a-z0-9._-]+(\/.*)?$/.test(parameters.storageUri)) {
      throw new FakeRejection("storageUri must be a gs:// URI.");
    }
    storageUri = parameters.storageUri;
  }

  const accepted: AcceptedParameters = {
    aspectRatio: aspectRatio as AcceptedParameters["aspectRatio"],
    durationSeconds,
    resolution,
    sampleCount,
    ...(storageUri === undefined ? {} : { storageUri }),
  };
  if (!model.durations.includes(durationSeconds)) {
    // The one captured operation error (§5); it names the durations in Google's own order.
    const supported = [...model.durations.slice(-1), ...model.durations.slice(0, -1)].join(",");
    accepted.operationError = `Unsupported output video duration ${durationSeconds} seconds, supported durations are [${supported}] for feature ${context.mode}_to_video.`;
  }
  return accepted;
}
