import { describe, expect, it } from "vitest";
import { expectedRenderSeconds, quotePriceUsd } from "./quote.ts";
import { makeSpec } from "./test-support/make-spec.ts";

describe("quotePriceUsd", () => {
  it("multiplies the base price by the duration", () => {
    const spec = makeSpec({ pricing: { perSecondUsd: 0.05 } });
    expect(quotePriceUsd(spec, { durationSeconds: 8, resolution: "720p", audio: false })).toBe(0.4);
  });

  it("uses the price of the requested resolution where one is listed", () => {
    const spec = makeSpec({ pricing: { perSecondUsd: 0.2, perSecondUsdByResolution: { "1080p": 0.5 } } });
    expect(quotePriceUsd(spec, { durationSeconds: 4, resolution: "1080p", audio: false })).toBe(2);
    expect(quotePriceUsd(spec, { durationSeconds: 4, resolution: "720p", audio: false })).toBe(0.8);
  });

  it("adds the audio surcharge only when audio is generated", () => {
    const spec = makeSpec({ pricing: { perSecondUsd: 0.2, perSecondUsdWithAudio: 0.4 } });
    expect(quotePriceUsd(spec, { durationSeconds: 8, resolution: "720p", audio: true })).toBe(3.2);
    expect(quotePriceUsd(spec, { durationSeconds: 8, resolution: "720p", audio: false })).toBe(1.6);
  });

  it("adds the audio surcharge on top of a resolution price", () => {
    const spec = makeSpec({
      pricing: {
        perSecondUsd: 0.2,
        perSecondUsdByResolution: { "1080p": 0.4 },
        perSecondUsdWithAudio: 0.4,
      },
    });
    // (0.4 video + 0.2 audio) × 8 s.
    expect(quotePriceUsd(spec, { durationSeconds: 8, resolution: "1080p", audio: true })).toBe(4.8);
  });

  it("rounds to cents, half-cents up despite binary float noise", () => {
    const spec = makeSpec({ pricing: { perSecondUsd: 0.0145 } });
    // 0.145 exactly in decimal; 0.0145 × 10 is 0.14499999… in binary.
    expect(quotePriceUsd(spec, { durationSeconds: 10, resolution: "720p", audio: false })).toBe(0.15);
    const cheap = makeSpec({ pricing: { perSecondUsd: 0.033 } });
    expect(quotePriceUsd(cheap, { durationSeconds: 4, resolution: "720p", audio: false })).toBe(0.13);
  });

  it("quotes a free model at zero", () => {
    const spec = makeSpec({ pricing: { perSecondUsd: 0 } });
    expect(quotePriceUsd(spec, { durationSeconds: 8, resolution: "720p", audio: true })).toBe(0);
  });
});

describe("expectedRenderSeconds", () => {
  const spec = makeSpec({
    durationsSeconds: [2, 4, 8, 16],
    defaults: { durationSeconds: 4, aspectRatio: "16:9", resolution: "720p", audio: false },
    typicalRenderSeconds: 60,
  });

  it("is the typical render time at the default duration", () => {
    expect(expectedRenderSeconds(spec, { durationSeconds: 4 })).toBe(60);
  });

  it("grows by half the length ratio: twice the length takes 1.5 times as long", () => {
    expect(expectedRenderSeconds(spec, { durationSeconds: 8 })).toBe(90);
    expect(expectedRenderSeconds(spec, { durationSeconds: 16 })).toBe(150);
    expect(expectedRenderSeconds(spec, { durationSeconds: 2 })).toBe(45);
  });

  it("rounds to whole seconds and never answers less than one", () => {
    const quick = makeSpec({ typicalRenderSeconds: 0.4 });
    expect(expectedRenderSeconds(quick, { durationSeconds: 4 })).toBe(1);
    expect(expectedRenderSeconds(makeSpec({ typicalRenderSeconds: 7 }), { durationSeconds: 8 })).toBe(11);
  });
});
