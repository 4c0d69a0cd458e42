import { describe, expect, it } from "vitest";
import { createUrlSigner } from "./signed-url.ts";

const signer = createUrlSigner(Buffer.from("a test secret of enough length"), () => "https://reelay.example");
const NOW = Date.UTC(2026, 0, 1);

function parameters(url: string) {
  const parsed = new URL(url);
  return {
    key: decodeURIComponent(parsed.pathname.replace(/^\/media\//, "")),
    expires: parsed.searchParams.get("expires") ?? undefined,
    signature: parsed.searchParams.get("signature") ?? undefined,
  };
}

describe("createUrlSigner", () => {
  const url = signer.sign("prepared/t1/abc.jpg", 600, NOW);
  const { key, expires, signature } = parameters(url);

  it("builds a URL on the public base that verifies until it expires", () => {
    expect(url.startsWith("https://reelay.example/media/prepared/t1/abc.jpg?expires=")).toBe(true);
    expect(signer.verify(key, { expires, signature }, NOW)).toBe(true);
    expect(signer.verify(key, { expires, signature }, NOW + 599_000)).toBe(true);
    expect(signer.verify(key, { expires, signature }, NOW + 600_000)).toBe(false);
  });

  it("refuses another object, a changed expiry or a changed signature", () => {
    expect(signer.verify("prepared/t1/abd.jpg", { expires, signature }, NOW)).toBe(false);
    expect(signer.verify(key, { expires: String(Number(expires) + 1), signature }, NOW)).toBe(false);
    const flipped = `${signature?.slice(0, -1)}${signature?.endsWith("A") ? "B" : "A"}`;
    expect(signer.verify(key, { expires, signature: flipped }, NOW)).toBe(false);
    expect(signer.verify(key, { expires, signature: undefined }, NOW)).toBe(false);
    expect(signer.verify(key, { expires: "soon", signature }, NOW)).toBe(false);
  });

  it("refuses a signature made with another secret", () => {
    const other = createUrlSigner(Buffer.from("another secret entirely, same len"), () => "https://reelay.example");
    expect(other.verify(key, { expires, signature }, NOW)).toBe(false);
  });
});
