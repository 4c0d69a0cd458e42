import type { ItemEntry, NamedItem } from "./preset-types.ts";

/** The public view of a style, category or preset: its fields, whether it is built in, and when it was created. */
export function toItemView<T extends NamedItem>(
  entry: ItemEntry<T>,
): T & { builtIn: boolean; createdAt: string | null } {
  return {
    ...entry.item,
    builtIn: entry.builtIn,
    createdAt: entry.createdAt === null ? null : new Date(entry.createdAt).toISOString(),
  };
}
