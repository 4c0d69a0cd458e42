/** A request a Veo fake refuses: answered 400 INVALID_ARGUMENT with this message. */
export class FakeRejection extends Error {}

/** The value as a JSON object, or a rejection naming where it was expected. */
export function record(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new FakeRejection(`Invalid value at '${where}': expected an object.`);
  }
  return value as Record<string, unknown>;
}

/**
 * Refuses unknown field names the way proto-JSON parsing does.
 * unverified: `parameters` is a free-form protobuf Value, so whether Google refuses or ignores
 * unknown names there is not documented; the fake refuses them so that typos are caught.
 */
export function onlyKeys(object: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) {
      throw new FakeRejection(`Invalid JSON payload received. Unknown name "${key}" at '${where}': Cannot find field.`);
    }
  }
}
