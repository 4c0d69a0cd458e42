/**
 * Image-to-video frames: a slow pan/zoom (Ken Burns) over the input image, an optional cross-fade
 * to the last frame, and the prompt as a caption band. Frame 0 is exactly the first image (scale 1,
 * no offset, no caption yet) and, with a last frame, the final frame is exactly the last image:
 * callers judge image-to-video by whether the video starts (and ends) on their images.
 */
import { readFile } from "node:fs/promises";
import { createCanvas, loadImage, type Canvas, type Image } from "@napi-rs/canvas";
import type { ImageMotionPlan, RenderPlan } from "./api.ts";
import type { FramePainter } from "./draw-frame.ts";
import { fitTextBlock, FONT_FAMILY, LINE_HEIGHT } from "./draw-text.ts";

/** A rectangle in source pixels. */
export interface ViewRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What a frame shows of an image: how close (1 = the whole cover crop) and which way it drifted. */
export interface View {
  zoom: number;
  /** Share (−1…1) of the room the zoom frees, horizontally and vertically. */
  panX: number;
  panY: number;
}

/**
 * The part of a `sourceWidth`×`sourceHeight` image that fills a frame of aspect `frameAspect`
 * (width ÷ height). At zoom 1 it is the centred cover crop, whatever the pan, because a pan only
 * moves within the room a zoom frees: that is what makes frame 0 the whole image.
 */
export function viewRect(sourceWidth: number, sourceHeight: number, frameAspect: number, view: View): ViewRect {
  const sourceAspect = sourceWidth / sourceHeight;
  const baseWidth = sourceAspect > frameAspect ? sourceHeight * frameAspect : sourceWidth;
  const baseHeight = sourceAspect > frameAspect ? sourceHeight : sourceWidth / frameAspect;
  const zoom = Math.max(1, view.zoom);
  const width = baseWidth / zoom;
  const height = baseHeight / zoom;
  const clamp = (value: number): number => Math.min(1, Math.max(-1, value));
  const centerX = sourceWidth / 2 + (clamp(view.panX) * (baseWidth - width)) / 2;
  const centerY = sourceHeight / 2 + (clamp(view.panY) * (baseHeight - height)) / 2;
  return { x: centerX - width / 2, y: centerY - height / 2, width, height };
}

/** 0 before `from`, 1 after `to`, linear between. */
function ramp(value: number, from: number, to: number): number {
  return Math.min(1, Math.max(0, (value - from) / (to - from)));
}

/** Eases a cross-fade in and out, so the blend neither starts nor ends with a jump in speed. */
function smoothstep(value: number): number {
  return value * value * (3 - 2 * value);
}

/** The caption stays hidden this long, so that frame 0 is the bare image. */
const CAPTION_DELAY_SECONDS = 0.5;
const CAPTION_FADE_SECONDS = 0.5;
/** Most of the frame height the caption band covers: the image stays the subject. */
const CAPTION_MAX_SHARE = 0.2;

/** Decodes an input image file. */
async function decodeImage(path: string, label: string): Promise<Image> {
  try {
    // Read the file ourselves: `loadImage` given a path that does not exist treats it as a URL and
    // tries to download it.
    return await loadImage(await readFile(path));
  } catch (error) {
    throw new Error(
      `could not read the ${label} (${path}): ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
}

/**
 * The image cover-cropped to the frame's shape and scaled, once and with the best filter, to the
 * largest size the zoom needs. Frames then sample this small bitmap with a cheap filter instead of
 * a (possibly 4096 px) original. The black fill makes transparent images opaque, so a cross-fade
 * never shows the other image through them.
 */
function workingCopy(image: Image, plan: RenderPlan, maxZoom: number): Canvas {
  const canvas = createCanvas(Math.round(plan.width * maxZoom), Math.round(plan.height * maxZoom));
  const context = canvas.getContext("2d");
  context.fillStyle = "#000";
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.imageSmoothingQuality = "high";
  const crop = viewRect(image.width, image.height, plan.width / plan.height, { zoom: 1, panX: 0, panY: 0 });
  context.drawImage(image, crop.x, crop.y, crop.width, crop.height, 0, 0, canvas.width, canvas.height);
  return canvas;
}

/** The caption band: the wrapped prompt on a translucent strip, drawn once. Null without a prompt. */
function drawCaptionLayer(plan: RenderPlan): Canvas | null {
  if (!plan.prompt.trim()) return null;
  const unit = Math.min(plan.width, plan.height);
  const paddingY = unit * 0.035;
  const paddingX = unit * 0.05;
  const measuring = createCanvas(1, 1).getContext("2d");
  const { size, lines } = fitTextBlock(measuring, plan.prompt, {
    maxWidth: plan.width - paddingX * 2,
    maxHeight: plan.height * CAPTION_MAX_SHARE - paddingY * 2,
    largestSize: Math.round(unit * 0.05),
    smallestSize: Math.max(10, Math.round(unit * 0.032)),
    maxLines: 3,
  });
  const bandHeight = Math.ceil(
    Math.min(plan.height * CAPTION_MAX_SHARE, lines.length * size * LINE_HEIGHT + paddingY * 2),
  );
  const canvas = createCanvas(plan.width, bandHeight);
  const context = canvas.getContext("2d");
  context.fillStyle = plan.palette.card;
  context.fillRect(0, 0, plan.width, bandHeight);
  context.font = `${size}px ${FONT_FAMILY}`;
  context.textBaseline = "top";
  context.fillStyle = plan.palette.text;
  // Half the leading above the first line centres the text in the band.
  const top = paddingY + (size * (LINE_HEIGHT - 1)) / 2;
  lines.forEach((line, index) => context.fillText(line, paddingX, top + index * size * LINE_HEIGHT));
  return canvas;
}

/**
 * Paints image-to-video frames. Decodes the input images once (hence async); frame content then
 * depends only on the plan and the frame index, so the same plan always yields the same pixels.
 */
export async function createImageFramePainter(plan: RenderPlan, motion: ImageMotionPlan): Promise<FramePainter> {
  // The last image zooms out from half the first one's zoom to exactly 1 over the second half.
  const lastStartZoom = 1 + (motion.endZoom - 1) / 2;
  const first = workingCopy(await decodeImage(motion.imagePath, "first frame"), plan, motion.endZoom);
  const last = motion.lastFramePath
    ? workingCopy(await decodeImage(motion.lastFramePath, "last frame"), plan, lastStartZoom)
    : null;
  const caption = drawCaptionLayer(plan);
  const canvas = createCanvas(plan.width, plan.height);
  const context = canvas.getContext("2d");
  // Bilinear is enough per frame: the working copies are at most `endZoom` times the frame.
  context.imageSmoothingQuality = "low";
  const aspect = plan.width / plan.height;
  const lastSeconds = (plan.frameCount - 1) / plan.fps;

  const drawView = (source: Canvas, view: View): void => {
    const rect = viewRect(source.width, source.height, aspect, view);
    context.drawImage(source, rect.x, rect.y, rect.width, rect.height, 0, 0, plan.width, plan.height);
  };

  return {
    paint(frameIndex) {
      const seconds = frameIndex / plan.fps;
      const progress = plan.frameCount > 1 ? frameIndex / (plan.frameCount - 1) : 0;
      context.globalAlpha = 1;
      drawView(first, { zoom: 1 + (motion.endZoom - 1) * progress, panX: motion.panX, panY: motion.panY });

      if (last) {
        const secondHalf = ramp(progress, 0.5, 1);
        if (secondHalf > 0) {
          context.globalAlpha = smoothstep(secondHalf);
          // Drifts in from the opposite side, so the two motions read as one continuous move.
          drawView(last, {
            zoom: lastStartZoom - (lastStartZoom - 1) * secondHalf,
            panX: -motion.panX,
            panY: -motion.panY,
          });
        }
      }

      if (caption) {
        const fadeIn = ramp(seconds, CAPTION_DELAY_SECONDS, CAPTION_DELAY_SECONDS + CAPTION_FADE_SECONDS);
        // With a last frame the video must end on that image alone, so the caption leaves again.
        const fadeOut = last ? ramp(lastSeconds - seconds, 0, CAPTION_FADE_SECONDS) : 1;
        const alpha = Math.min(fadeIn, fadeOut);
        if (alpha > 0) {
          context.globalAlpha = alpha;
          context.drawImage(caption, 0, plan.height - caption.height);
        }
      }
      context.globalAlpha = 1;
      return canvas.data();
    },
  };
}
