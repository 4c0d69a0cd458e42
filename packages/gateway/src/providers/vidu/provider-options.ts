import type { ModelSpec } from "../../core/model-spec.ts";
import type { ValidationIssue } from "../../core/types.ts";
import { VIDU_MOVEMENT_AMPLITUDES, type ViduMovementAmplitude } from "./api.ts";

/*
 * The one Vidu-specific option Reelay takes: `movementAmplitude` (Vidu's `movement_amplitude`).
 * q2 and q3 ignore it (vidu.md §2.2), so it is refused there rather than silently dropped.
 */

/** Whether a model honours `movement_amplitude`: everything before the q2 generation. */
export function takesMovementAmplitude(vendorModelId: string): boolean {
  return !/^viduq[23]/.test(vendorModelId);
}

function isMovementAmplitude(value: unknown): value is ViduMovementAmplitude {
  return typeof value === "string" && (VIDU_MOVEMENT_AMPLITUDES as readonly string[]).includes(value);
}

/** The provider options a Vidu model takes: `movementAmplitude`, before the q2 generation. */
export function viduProviderOptionValues(spec: ModelSpec): Record<string, string[]> {
  return takesMovementAmplitude(spec.vendorModelId) ? { movementAmplitude: [...VIDU_MOVEMENT_AMPLITUDES] } : {};
}

/** Checks a request's `providerOptions` for a Vidu model. */
export function checkViduProviderOptions(options: Record<string, unknown>, spec: ModelSpec): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const [key, value] of Object.entries(options)) {
    if (key !== "movementAmplitude") {
      issues.push({
        field: `providerOptions.${key}`,
        code: "unsupported_field",
        message: `${spec.id} takes only providerOptions.movementAmplitude; remove ${key}.`,
      });
    } else if (!takesMovementAmplitude(spec.vendorModelId)) {
      issues.push({
        field: "providerOptions.movementAmplitude",
        code: "unsupported_field",
        message: `${spec.id} ignores movementAmplitude; remove it.`,
      });
    } else if (!isMovementAmplitude(value)) {
      issues.push({
        field: "providerOptions.movementAmplitude",
        code: "unsupported_value",
        message: `providerOptions.movementAmplitude ${JSON.stringify(value)} is not one of Vidu's values.`,
        allowed: [...VIDU_MOVEMENT_AMPLITUDES],
      });
    }
  }
  return issues;
}

/** The `movement_amplitude` to send, when the request set one (already checked). */
export function movementAmplitudeOf(options: Record<string, unknown>): ViduMovementAmplitude | undefined {
  const value = options.movementAmplitude;
  return isMovementAmplitude(value) ? value : undefined;
}
