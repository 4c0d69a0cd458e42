import { describe, expect, it } from "vitest";
import { AUDIO_SAMPLE_RATE, chordSamples } from "./audio-tone.ts";

const chord = [110, 220, 275, 330];

describe("chordSamples", () => {
  it("gives the same samples whether generated in one piece or in slices", () => {
    const whole = chordSamples(chord, 2, 0, 4000);
    const first = chordSamples(chord, 2, 0, 2000);
    const second = chordSamples(chord, 2, 2000, 2000);
    expect(Array.from(whole)).toEqual([...first, ...second]);
  });

  it("starts and ends silent and never clips", () => {
    const samples = chordSamples(chord, 1, 0, AUDIO_SAMPLE_RATE);
    expect(samples[0]).toBe(0);
    expect(Math.abs(samples[samples.length - 1] ?? 1)).toBeLessThan(0.001);
    const peak = samples.reduce((max, value) => Math.max(max, Math.abs(value)), 0);
    expect(peak).toBeGreaterThan(0.05);
    expect(peak).toBeLessThan(0.5);
  });
});
