/** What a render time is remembered by: renders of one model, length and size take alike long. */
export interface RenderKey {
  model: string;
  durationSeconds: number;
  resolution: string;
}

/**
 * How long renders take, learnt from finished jobs: the ETA of the next job of the same kind.
 * Every implementation keeps a moving average, so the estimate follows a provider that speeds up
 * or slows down.
 */
export interface RenderHistory {
  /** The expected time from submit to stored video in seconds, or null before any job of this kind finished. */
  expectedSeconds(key: RenderKey): Promise<number | null>;
  /** Records one finished render. */
  record(key: RenderKey, seconds: number, nowMs: number): Promise<void>;
}

/**
 * Weight of the newest render in the moving average. Half: a slow first (cold) render or a change
 * of pace at the provider is forgotten within a few jobs, while one odd render moves the ETA only half way.
 */
export const RENDER_HISTORY_WEIGHT = 0.5;
