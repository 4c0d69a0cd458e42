import type { PgQueryable } from "../db/pg-database.ts";
import { RENDER_HISTORY_WEIGHT, type RenderHistory } from "./render-history.ts";

/** Render times in the shared database, one row per model, duration and resolution: every process learns from all. */
export function createPgRenderHistory(pool: PgQueryable): RenderHistory {
  return {
    async expectedSeconds(key) {
      const result = await pool.query<{ mean: number }>(
        "SELECT mean_seconds AS mean FROM render_history WHERE model = $1 AND duration_seconds = $2 AND resolution = $3",
        [key.model, key.durationSeconds, key.resolution],
      );
      return result.rows[0]?.mean ?? null;
    },
    async record(key, seconds, nowMs) {
      // The first sample sets the mean; later ones move it by the weight (one atomic statement).
      await pool.query(
        `INSERT INTO render_history (model, duration_seconds, resolution, samples, mean_seconds, updated_at)
         VALUES ($1, $2, $3, 1, $4, $5)
         ON CONFLICT (model, duration_seconds, resolution) DO UPDATE SET
           samples = render_history.samples + 1,
           mean_seconds = render_history.mean_seconds + $6 * ($4 - render_history.mean_seconds),
           updated_at = $5`,
        [key.model, key.durationSeconds, key.resolution, seconds, nowMs, RENDER_HISTORY_WEIGHT],
      );
    },
  };
}
