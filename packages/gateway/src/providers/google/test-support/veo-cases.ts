import sharp from "sharp";
import { allowedAudioValues, constraintApplies, violatedFields } from "../../../catalog/constraint-rules.ts";
import { systemClock } from "../../../core/clock.ts";
import type { ModelSpec } from "../../../core/model-spec.ts";
import type { AspectRatio, NormalizedRequest, Resolution } from "../../../core/types.ts";
import type { PreparedImage, ProviderContext } from "../../provider.ts";
import type { VeoSurface } from "../veo-request.ts";

/** A small real image, so the fakes' byte sniffing sees a PNG or a JPEG. */
export async function testImage(format: "png" | "jpeg", color = { r: 200, g: 90, b: 40 }): Promise<PreparedImage> {
  const canvas = sharp({ create: { width: 64, height: 36, channels: 3, background: color } });
  const bytes = await (format === "png" ? canvas.png() : canvas.jpeg()).toBuffer();
  return {
    mediaType: `image/${format}`,
    width: 64,
    height: 36,
    sizeBytes: bytes.byteLength,
    sha256: "",
    read: async () => bytes,
    localPath: null,
    signedUrl: () => Promise.reject(new Error("Veo takes images inline, never by URL")),
  };
}

export function veoContext(
  spec: ModelSpec,
  images: ProviderContext["images"] = {},
  timeoutMs = 5_000,
): ProviderContext {
  return {
    jobId: "job_veo_test",
    spec,
    clock: systemClock,
    fetch,
    images,
    signal: AbortSignal.timeout(timeoutMs),
    callbackUrl: null,
  };
}

export interface VeoCase {
  name: string;
  request: NormalizedRequest;
  /** The body the reference says this request becomes, built without the adapter's code. */
  expected: { instances: [Record<string, unknown>]; parameters: Record<string, unknown> };
}

/**
 * Every combination of aspect ratio, duration, resolution and audio that `spec` offers (its
 * constraints applied), as text-to-video, image-to-video and (where the model takes one) with a
 * last frame, with the body the reference prescribes for `surface`.
 */
export function veoCases(
  spec: ModelSpec,
  surface: VeoSurface,
  first: PreparedImage,
  last: PreparedImage,
  images: Record<string, string>,
): VeoCase[] {
  const veo2 = spec.vendorModelId.startsWith("veo-2.");
  const cases: VeoCase[] = [];
  for (const aspectRatio of spec.aspectRatios) {
    for (const durationSeconds of spec.durationsSeconds) {
      for (const resolution of spec.resolutions) {
        for (const audio of allowedAudioValues(spec.audio)) {
          const values = { aspectRatio, durationSeconds, resolution, audio };
          if (
            spec.constraints.some((rule) => constraintApplies(rule, values) && violatedFields(rule, values).length > 0)
          )
            continue;
          const parameters: Record<string, unknown> = { aspectRatio, durationSeconds, sampleCount: 1 };
          // Veo 2 refuses `resolution` and `generateAudio`; the Gemini API refuses `generateAudio`.
          if (!veo2) parameters.resolution = resolution;
          if (!veo2 && surface === "vertex") parameters.generateAudio = audio;
          const base = combination(spec, aspectRatio, durationSeconds, resolution, audio);
          const label = `${aspectRatio} ${durationSeconds}s ${resolution} audio=${audio}`;
          cases.push({
            name: `text ${label}`,
            request: base,
            expected: { instances: [{ prompt: base.prompt }], parameters },
          });
          if (spec.inputs.firstFrame) {
            cases.push({
              name: `image ${label}`,
              request: { ...base, image: { uploadId: "upl_first" } },
              expected: {
                instances: [
                  { prompt: base.prompt, image: { bytesBase64Encoded: images.first, mimeType: first.mediaType } },
                ],
                parameters,
              },
            });
          }
          // The Gemini API takes a last frame only for 8-second videos (tested separately).
          if (spec.inputs.lastFrame && (surface === "vertex" || durationSeconds === 8)) {
            cases.push({
              name: `image+lastFrame ${label}`,
              request: { ...base, image: { uploadId: "upl_first" }, lastFrame: { uploadId: "upl_last" } },
              expected: {
                instances: [
                  {
                    prompt: base.prompt,
                    image: { bytesBase64Encoded: images.first, mimeType: first.mediaType },
                    lastFrame: { bytesBase64Encoded: images.last, mimeType: last.mediaType },
                  },
                ],
                parameters,
              },
            });
          }
        }
      }
    }
  }
  return cases;
}

function combination(
  spec: ModelSpec,
  aspectRatio: AspectRatio,
  durationSeconds: number,
  resolution: Resolution,
  audio: boolean,
): NormalizedRequest {
  return {
    model: spec.id,
    prompt: "A paper boat drifting down a rainy street, neon reflections",
    durationSeconds,
    aspectRatio,
    resolution,
    audio,
    providerOptions: {},
    metadata: {},
  };
}

/** Posts a body to a Veo fake in-process and reads the operation once it should be done. */
export async function runOnFake(
  app: { fetch: (request: Request) => Response | Promise<Response> },
  clock: { nowMs: number },
  create: { url: string; headers: Record<string, string> },
  poll: (name: string) => Request,
  body: unknown,
): Promise<{ createStatus: number; createBody: unknown; operation?: Record<string, unknown> }> {
  const created = await app.fetch(
    new Request(create.url, {
      method: "POST",
      headers: { ...create.headers, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  );
  const createBody = (await created.json()) as { name?: string };
  if (created.status !== 200 || typeof createBody.name !== "string")
    return { createStatus: created.status, createBody };
  clock.nowMs += 60_000;
  const polled = await app.fetch(poll(createBody.name));
  return { createStatus: created.status, createBody, operation: (await polled.json()) as Record<string, unknown> };
}
