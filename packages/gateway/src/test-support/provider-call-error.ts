import { expect } from "vitest";
import { ProviderCallError } from "../core/errors.ts";

/** Awaits a promise that must reject with a `ProviderCallError`, and returns that error. */
export async function providerCallError(promise: Promise<unknown>): Promise<ProviderCallError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ProviderCallError);
  return error as ProviderCallError;
}
