import { describe, expect, it } from "vitest";

import { addressRefusal, isPublicAddress } from "./address-policy.ts";

describe("addressRefusal", () => {
  it.each([
    ["127.0.0.1", "a loopback address"],
    ["127.255.0.9", "a loopback address"],
    ["::1", "a loopback address"],
    ["0.0.0.0", "an unspecified address"],
    ["0.1.2.3", "an unspecified address"],
    ["::", "an unspecified address"],
    ["10.0.0.1", "a private address"],
    ["172.16.0.1", "a private address"],
    ["172.31.255.255", "a private address"],
    ["192.168.1.5", "a private address"],
    ["fc00::1", "a private (unique local) address"],
    ["fd12:3456::1", "a private (unique local) address"],
    ["169.254.169.254", "a link-local address"],
    ["fe80::1", "a link-local address"],
    ["100.64.0.1", "a carrier-grade NAT address"],
    ["224.0.0.1", "a multicast address"],
    ["ff02::1", "a multicast address"],
    ["255.255.255.255", "a broadcast address"],
    ["240.0.0.1", "a reserved or documentation address"],
    ["198.18.0.1", "a reserved or documentation address"],
    ["192.0.2.1", "a reserved or documentation address"],
    ["198.51.100.7", "a reserved or documentation address"],
    ["203.0.113.9", "a reserved or documentation address"],
    ["2001:db8::1", "a reserved or documentation address"],
    ["::ffff:10.0.0.1", "an IPv4-mapped IPv6 address embedding 10.0.0.1, which is a private address"],
    ["::ffff:127.0.0.1", "an IPv4-mapped IPv6 address embedding 127.0.0.1, which is a loopback address"],
    ["::10.0.0.1", "an IPv4-compatible IPv6 address"],
    ["::93.184.216.34", "an IPv4-compatible IPv6 address"],
    ["64:ff9b::a00:1", "a NAT64 address embedding 10.0.0.1, which is a private address"],
    ["64:ff9b:1::5db8:d822", "a NAT64 address"],
    ["2002:a9fe:a9fe::1", "a 6to4 address embedding 169.254.169.254, which is a link-local address"],
    ["2001:0:4136:e378::1", "a Teredo address"],
    ["not-an-ip", "not a valid IP address"],
  ])("refuses %s as %s", (address, why) => {
    expect(addressRefusal(address)).toBe(why);
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    "93.184.216.34",
    "8.8.8.8",
    "172.32.0.1",
    "100.128.0.1",
    "2606:4700:4700::1111",
    "::ffff:93.184.216.34",
    "64:ff9b::5db8:d822",
    "2002:5db8:d822::1",
  ])("allows the public address %s", (address) => {
    expect(addressRefusal(address)).toBeUndefined();
    expect(isPublicAddress(address)).toBe(true);
  });
});
