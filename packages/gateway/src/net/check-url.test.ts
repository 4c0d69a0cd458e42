import { describe, expect, it, vi } from "vitest";

import { isPublicAddress } from "./address-policy.ts";
import { checkUrl, redirectTarget } from "./check-url.ts";
import { UnsafeUrlError } from "./unsafe-url-error.ts";

describe("checkUrl", () => {
  it("returns the checked addresses of a public hostname, which the connection is pinned to", async () => {
    const resolve = vi.fn(async () => [
      { address: "93.184.216.34", family: 4 as const },
      { address: "2606:2800:220:1::1", family: 6 as const },
    ]);
    const addresses = await checkUrl(new URL("https://public.test/image.png"), {
      resolve,
      isAllowedAddress: isPublicAddress,
    });
    expect(addresses.map((entry) => entry.address)).toEqual(["93.184.216.34", "2606:2800:220:1::1"]);
    expect(resolve).toHaveBeenCalledExactlyOnceWith("public.test");
  });

  it("reports a DNS failure as a fetch network failure, not a refusal", async () => {
    const resolve = vi.fn(async () =>
      Promise.reject(Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" })),
    );
    const error = await checkUrl(new URL("https://nowhere.test/"), {
      resolve,
      isAllowedAddress: isPublicAddress,
    }).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toMatchObject({ message: "fetch failed", cause: { code: "ENOTFOUND" } });
  });

  it("refuses a name without addresses", async () => {
    const check = { resolve: async () => [], isAllowedAddress: isPublicAddress };
    await expect(checkUrl(new URL("https://empty.test/"), check)).rejects.toThrow("fetch failed");
  });
});

describe("redirectTarget", () => {
  it("refuses a redirect from https to http", () => {
    const attempt = () => redirectTarget(new URL("https://public.test/a?sig=1"), "http://public.test/b");
    expect(attempt).toThrow(UnsafeUrlError);
    expect(attempt).toThrow(
      "Refusing to fetch http://public.test/b: https://public.test/a redirected from https to plain http",
    );
  });

  it("refuses a redirect to another scheme", () => {
    expect(() => redirectTarget(new URL("http://public.test/a"), "file:///etc/passwd")).toThrow(
      "Refusing to fetch file:///etc/passwd: http://public.test/a redirected to a non-HTTP URL",
    );
  });

  it("resolves relative locations and allows upgrades", () => {
    expect(redirectTarget(new URL("https://public.test/a/b"), "../c").href).toBe("https://public.test/c");
    expect(redirectTarget(new URL("http://public.test/a"), "https://other.test/").href).toBe("https://other.test/");
  });
});
