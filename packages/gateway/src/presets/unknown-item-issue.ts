import type { ValidationIssue } from "../core/types.ts";
import { ITEM_KINDS, type ItemKind } from "./preset-types.ts";

/**
 * The issue for an id of `kind` that names nothing, listing the ids there are. `presetId` is set
 * when the id came from that preset rather than from the request itself.
 */
export function unknownItemIssue(kind: ItemKind, id: string, available: string[], presetId?: string): ValidationIssue {
  const what =
    presetId === undefined ? `Unknown ${kind} "${id}"` : `Preset "${presetId}" names unknown ${kind} "${id}"`;
  return {
    field: presetId === undefined ? kind : "preset",
    code: `unknown_${kind}`,
    message: `${what}; available: ${available.join(", ")} (GET /api/v1/${ITEM_KINDS[kind].plural}).`,
    allowed: available,
  };
}
