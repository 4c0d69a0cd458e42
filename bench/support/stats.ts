/** The value at quantile `q` (0–1) of `values`, by nearest rank; NaN for none. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = values.toSorted((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);

export function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** `1234.5` → `"1234.5"` with `digits` decimals; `"–"` for NaN. */
export function fixed(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "–";
}

/** Bytes as MiB with one decimal. */
export const mib = (bytes: number): string => `${fixed(bytes / 1_048_576)} MiB`;

/** `a / b` as `×1.23`. */
export const ratio = (a: number, b: number, digits = 2): string => `×${fixed(a / b, digits)}`;
