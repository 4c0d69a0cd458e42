import { createCanvas, type Canvas } from "@napi-rs/canvas";
import type { RenderPlan } from "./api.ts";
import { fitLine, fitTextBlock, FONT_FAMILY, LINE_HEIGHT } from "./draw-text.ts";

/** Geometry shared by the static card layer and the per-frame overlay. */
interface Layout {
  unit: number;
  cardX: number;
  cardY: number;
  cardWidth: number;
  cardHeight: number;
  padding: number;
  barY: number;
  barHeight: number;
}

function layoutFor(plan: RenderPlan): Layout {
  const unit = Math.min(plan.width, plan.height);
  const margin = unit * 0.07;
  const padding = unit * 0.05;
  const cardWidth = plan.width - margin * 2;
  const cardHeight = plan.height - margin * 2;
  const barHeight = Math.max(4, unit * 0.014);
  return {
    unit,
    cardX: margin,
    cardY: margin,
    cardWidth,
    cardHeight,
    padding,
    barY: margin + cardHeight - padding - barHeight,
    barHeight,
  };
}

/** Draws the parts that do not change over time once, so each frame is a few blits. */
function drawCardLayer(plan: RenderPlan, layout: Layout): Canvas {
  const canvas = createCanvas(plan.width, plan.height);
  const context = canvas.getContext("2d");
  const { unit, cardX, cardY, cardWidth, cardHeight, padding } = layout;
  context.fillStyle = plan.palette.card;
  context.beginPath();
  context.roundRect(cardX, cardY, cardWidth, cardHeight, unit * 0.035);
  context.fill();

  const textX = cardX + padding;
  const textWidth = cardWidth - padding * 2;
  const labelSize = Math.round(unit * 0.042);
  context.textBaseline = "top";
  context.fillStyle = plan.palette.accent;
  context.font = `bold ${labelSize}px ${FONT_FAMILY}`;
  context.fillText(fitLine(context, plan.model, textWidth), textX, cardY + padding);

  const footerSize = Math.round(unit * 0.032);
  const footerY = layout.barY - footerSize * 1.8;
  const footer = `seed ${plan.seed} · ${plan.durationSeconds} s · ${plan.width}×${plan.height}${plan.audio ? " · audio" : ""}`;
  context.fillStyle = plan.palette.mutedText;
  context.font = `${footerSize}px ${FONT_FAMILY}`;
  // Leave the right end of the line to the per-frame time code.
  context.fillText(fitLine(context, footer, textWidth * 0.78), textX, footerY);

  let bottom = footerY - footerSize * 0.6;
  if (plan.negativePrompt) {
    const avoid = `avoid: ${plan.negativePrompt}`;
    bottom -= footerSize * 1.4;
    context.fillText(fitLine(context, avoid, textWidth), textX, bottom);
  }

  // Largest prompt size (down to a floor) at which the whole prompt fits the space left.
  const top = cardY + padding + labelSize * 1.9;
  const { size, lines } = fitTextBlock(context, plan.prompt, {
    maxWidth: textWidth,
    maxHeight: bottom - top - footerSize * 0.5,
    largestSize: Math.round(unit * 0.07),
    smallestSize: Math.max(10, Math.round(unit * 0.036)),
  });
  context.fillStyle = plan.palette.text;
  lines.forEach((line, index) => context.fillText(line, textX, top + index * size * LINE_HEIGHT));
  return canvas;
}

/** Paints the frames of one render. */
export interface FramePainter {
  /** RGBA pixels (opaque, so premultiplied equals straight alpha) of frame `frameIndex`. */
  paint(frameIndex: number): Uint8Array;
}

/**
 * Frame content depends only on the plan and the frame index (no clock, no `Math.random`), so
 * the same plan always yields the same pixels.
 */
export function createFramePainter(plan: RenderPlan): FramePainter {
  const canvas = createCanvas(plan.width, plan.height);
  const context = canvas.getContext("2d");
  const layout = layoutFor(plan);
  const cardLayer = drawCardLayer(plan, layout);
  const { width, height, palette } = plan;
  const timeSize = Math.round(layout.unit * 0.032);

  return {
    paint(frameIndex) {
      const seconds = frameIndex / plan.fps;
      const fraction = plan.frameCount > 1 ? frameIndex / (plan.frameCount - 1) : 1;

      // Background gradient whose direction turns slowly.
      const angle = seconds * 0.6 + (plan.orbPhases[0] ?? 0);
      const reach = Math.hypot(width, height) / 2;
      const dx = Math.cos(angle) * reach;
      const dy = Math.sin(angle) * reach;
      const background = context.createLinearGradient(width / 2 - dx, height / 2 - dy, width / 2 + dx, height / 2 + dy);
      background.addColorStop(0, palette.backgroundFrom);
      background.addColorStop(1, palette.backgroundTo);
      context.globalAlpha = 1;
      context.fillStyle = background;
      context.fillRect(0, 0, width, height);

      // Soft orbs on Lissajous paths: the moving element that makes every frame differ.
      plan.orbPhases.forEach((phase, index) => {
        const speed = 0.5 + index * 0.23;
        const x = width * (0.5 + 0.38 * Math.sin(seconds * speed + phase));
        const y = height * (0.5 + 0.34 * Math.sin(seconds * speed * 1.3 + phase * 2));
        const radius = layout.unit * (0.18 + 0.06 * index);
        const orb = context.createRadialGradient(x, y, 0, x, y, radius);
        orb.addColorStop(0, palette.accent);
        orb.addColorStop(1, "rgba(0, 0, 0, 0)");
        context.globalAlpha = 0.6;
        context.fillStyle = orb;
        context.fillRect(x - radius, y - radius, radius * 2, radius * 2);
      });
      context.globalAlpha = 1;

      context.drawImage(cardLayer, 0, 0);

      // Progress bar and time code at the bottom of the card.
      const barX = layout.cardX + layout.padding;
      const barWidth = layout.cardWidth - layout.padding * 2;
      context.fillStyle = "rgba(255, 255, 255, 0.18)";
      context.fillRect(barX, layout.barY, barWidth, layout.barHeight);
      context.fillStyle = palette.accent;
      context.fillRect(barX, layout.barY, barWidth * fraction, layout.barHeight);
      context.fillStyle = palette.mutedText;
      context.font = `${timeSize}px ${FONT_FAMILY}`;
      context.textBaseline = "bottom";
      context.textAlign = "right";
      context.fillText(`${seconds.toFixed(1)} s`, barX + barWidth, layout.barY - timeSize * 0.4);
      context.textAlign = "left";
      return canvas.data();
    },
  };
}
