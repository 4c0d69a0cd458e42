import type { Database } from "better-sqlite3";
import { RENDER_HISTORY_WEIGHT, type RenderHistory } from "./render-history.ts";

/** Render times in the SQLite file (migration 0003), one row per model, duration and resolution. */
export function createSqliteRenderHistory(db: Database): RenderHistory {
  const select = db
    .prepare<[string, number, string], number>(
      "SELECT mean_seconds FROM render_history WHERE model = ? AND duration_seconds = ? AND resolution = ?",
    )
    .pluck();
  // The first sample sets the mean; later ones move it by the weight (one atomic statement).
  const upsert = db.prepare<{
    model: string;
    duration: number;
    resolution: string;
    seconds: number;
    now: number;
    weight: number;
  }>(
    `INSERT INTO render_history (model, duration_seconds, resolution, samples, mean_seconds, updated_at)
     VALUES (@model, @duration, @resolution, 1, @seconds, @now)
     ON CONFLICT (model, duration_seconds, resolution) DO UPDATE SET
       samples = samples + 1,
       mean_seconds = mean_seconds + @weight * (@seconds - mean_seconds),
       updated_at = @now`,
  );
  return {
    async expectedSeconds(key) {
      return select.get(key.model, key.durationSeconds, key.resolution) ?? null;
    },
    async record(key, seconds, nowMs) {
      upsert.run({
        model: key.model,
        duration: key.durationSeconds,
        resolution: key.resolution,
        seconds,
        now: nowMs,
        weight: RENDER_HISTORY_WEIGHT,
      });
    },
  };
}
