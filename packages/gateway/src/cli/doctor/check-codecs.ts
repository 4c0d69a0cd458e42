import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { NormalizedRequest } from "../../core/types.ts";
import { failed, passed, type DoctorCheck } from "./doctor-check.ts";

const NAME = "media codecs";
/** Small enough to take well under a second; with audio, so AAC is checked too. */
const PROBE_SIZE = { width: 320, height: 180, frameCount: 12 };

/**
 * Renders a few frames the way the local provider does (canvas → H.264 + AAC through mediabunny and
 * @napi-rs/webcodecs), probes the MP4, decodes a frame and makes the WebP thumbnail with sharp:
 * every step a stored video goes through, on this machine's native modules.
 */
export async function checkCodecs(): Promise<DoctorCheck> {
  const [{ planRender }, { renderVideo }, { probeVideo }, { makeThumbnail }, { default: sharp }] = await Promise.all([
    import("../../providers/local/map-request.ts"),
    import("../../providers/local/render-video.ts"),
    import("../../media/probe-video.ts"),
    import("../../media/make-thumbnail.ts"),
    import("sharp"),
  ]);
  const directory = await mkdtemp(path.join(tmpdir(), "reelay-doctor-"));
  try {
    const request: NormalizedRequest = {
      model: "local/preview",
      prompt: "reelay doctor",
      durationSeconds: 1,
      aspectRatio: "16:9",
      resolution: "360p",
      audio: true,
      providerOptions: {},
      metadata: {},
    };
    const base = planRender(request);
    const plan = { ...base, ...PROBE_SIZE, durationSeconds: PROBE_SIZE.frameCount / base.fps };
    const file = path.join(directory, "probe.mp4");
    await renderVideo(plan, file);
    const probe = await probeVideo(file);
    if (!probe.codec?.startsWith("avc1"))
      return failed(NAME, `the encoder wrote ${probe.codec ?? "an unknown codec"}, not H.264.`);
    if (!probe.hasAudio) return failed(NAME, "the encoded MP4 has no AAC audio track.");
    const thumbnail = await sharp(await makeThumbnail(file, { maxSizePx: 160 })).metadata();
    if (thumbnail.format !== "webp") return failed(NAME, `the thumbnail is ${thumbnail.format}, not WebP.`);
    return passed(
      NAME,
      `encoded ${plan.frameCount} frames of ${plan.width}×${plan.height} to H.264 (${probe.codec}) + AAC, probed ${probe.durationSeconds.toFixed(2)} s, decoded a frame, made a ${thumbnail.width}×${thumbnail.height} WebP thumbnail.`,
    );
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
