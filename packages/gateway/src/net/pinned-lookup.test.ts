import type { LookupAddress } from "node:dns";
import type { LookupOptions } from "node:dns";
import { describe, expect, it } from "vitest";

import { createPinnedLookup } from "./pinned-lookup.ts";

/** Calls a lookup and collects its callback's arguments. */
function lookUp(hostname: string, options: LookupOptions) {
  const lookup = createPinnedLookup("Images.Example.com", [
    { address: "93.184.216.34", family: 4 },
    { address: "2606:2800:220:1::1", family: 6 },
  ]);
  return new Promise<{ error: NodeJS.ErrnoException | null; address: string | LookupAddress[]; family?: number }>(
    (resolve) => lookup(hostname, options, (error, address, family) => resolve({ error, address, family })),
  );
}

describe("createPinnedLookup", () => {
  it("answers with every checked address when asked for all (Node's autoSelectFamily)", async () => {
    expect(await lookUp("images.example.com", { all: true })).toEqual({
      error: null,
      address: [
        { address: "93.184.216.34", family: 4 },
        { address: "2606:2800:220:1::1", family: 6 },
      ],
      family: undefined,
    });
  });

  it("answers with one checked address of the requested family otherwise", async () => {
    expect(await lookUp("images.example.com", {})).toMatchObject({ error: null, address: "93.184.216.34", family: 4 });
    expect(await lookUp("images.example.com.", { family: 6 })).toMatchObject({
      error: null,
      address: "2606:2800:220:1::1",
      family: 6,
    });
  });

  it("refuses to look up any other name", async () => {
    const { error } = await lookUp("metadata.google.internal", { all: true });
    expect(error).toMatchObject({ code: "ENOTFOUND" });
    expect(error?.message).toContain("only Images.Example.com may be looked up");
  });

  it("fails when no checked address has the requested family", async () => {
    const lookup = createPinnedLookup("v4.example", [{ address: "93.184.216.34", family: 4 }]);
    const error = await new Promise((resolve) => lookup("v4.example", { family: 6 }, (failure) => resolve(failure)));
    expect(error).toMatchObject({ code: "ENOTFOUND" });
  });
});
