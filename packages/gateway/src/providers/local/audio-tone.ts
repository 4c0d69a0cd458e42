/** Sample rate of the soundtrack: 48 kHz gives a whole number of samples per frame at 24 fps. */
export const AUDIO_SAMPLE_RATE = 48_000;
export const AUDIO_CHANNELS = 2;

const FADE_IN_SECONDS = 0.4;
const FADE_OUT_SECONDS = 0.6;
/** Peak level of the mixed chord, well below clipping. */
const PEAK = 0.28;

/**
 * A gentle chord: sine partials with a slow swell, faded in and out so the track starts and ends
 * silently. Each sample depends only on its index, so any slice of the track can be generated on
 * its own (the encoder is fed one video frame's worth at a time) and the result is deterministic.
 *
 * Returns `count` interleaved stereo frames starting at sample `start`, as 32-bit floats.
 */
export function chordSamples(chordHz: number[], durationSeconds: number, start: number, count: number): Float32Array {
  const output = new Float32Array(count * AUDIO_CHANNELS);
  const totalSamples = Math.round(durationSeconds * AUDIO_SAMPLE_RATE);
  const partialLevel = PEAK / Math.max(1, chordHz.length);
  for (let offset = 0; offset < count; offset += 1) {
    const index = start + offset;
    const seconds = index / AUDIO_SAMPLE_RATE;
    const fadeIn = Math.min(1, seconds / FADE_IN_SECONDS);
    const fadeOut = Math.min(1, Math.max(0, (totalSamples - index) / AUDIO_SAMPLE_RATE / FADE_OUT_SECONDS));
    const swell = 0.75 + 0.25 * Math.sin(2 * Math.PI * 0.25 * seconds);
    let left = 0;
    let right = 0;
    chordHz.forEach((frequency, partial) => {
      const value = Math.sin(2 * Math.PI * frequency * seconds) * partialLevel;
      // Spread partials across the stereo field a little.
      const pan = chordHz.length > 1 ? partial / (chordHz.length - 1) : 0.5;
      left += value * (1 - pan * 0.5);
      right += value * (0.5 + pan * 0.5);
    });
    const gain = fadeIn * fadeOut * swell;
    output[offset * 2] = left * gain;
    output[offset * 2 + 1] = right * gain;
  }
  return output;
}
