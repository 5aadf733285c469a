// The SSRF guard's address rules and the allow-list syntax (lib/net), without a network.
import { afterEach, describe, expect, it, vi } from "vitest";
import { allowsAddress, allowsHost, parseAllowList, type AllowList } from "@/lib/net/allow-list";
import { blockedAddressReason, parseIPv6 } from "@/lib/net/blocked-address";

describe("blockedAddressReason", () => {
  it.each([
    "127.0.0.1",
    "127.255.0.9",
    "0.0.0.0",
    "10.0.0.1",
    "10.255.255.255",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.0.1",
    "169.254.169.254",
    "100.64.0.1",
    "224.0.0.1",
    "255.255.255.255",
    "::",
    "::1",
    "0:0:0:0:0:0:0:1",
    "fc00::1",
    "fdff::2",
    "fe80::1%eth0",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:10.0.0.1",
    "::ffff:169.254.169.254",
    "64:ff9b::a9fe:a9fe",
    "2002:7f00:1::",
    "::127.0.0.1",
  ])("refuses %s", (ip) => {
    expect(blockedAddressReason(ip)).not.toBeNull();
  });

  it.each([
    "8.8.8.8",
    "93.184.216.34",
    "172.15.255.255",
    "172.32.0.1",
    "192.169.0.1",
    "11.0.0.1",
    "2606:4700:4700::1111",
    "2a00:1450::1",
    "::ffff:8.8.8.8",
  ])("lets %s through", (ip) => {
    expect(blockedAddressReason(ip)).toBeNull();
  });

  // One address per special-purpose range (IANA's IPv4 and IPv6 registries), with the reason it names.
  it.each([
    ["0.1.2.3", "unspecified"],
    ["100.127.255.254", "carrier-grade NAT"],
    ["192.0.0.170", "IETF protocol"],
    ["192.0.2.10", "documentation"],
    ["192.88.99.1", "6to4 relay"],
    ["198.19.0.1", "benchmarking"],
    ["198.51.100.7", "documentation"],
    ["203.0.113.9", "documentation"],
    ["239.255.255.250", "multicast"],
    ["250.1.2.3", "reserved"],
    ["255.255.255.255", "broadcast"],
    ["64:ff9b:1::a00:1", "local-use NAT64"],
    ["64:ff9b:1:ffff::808:808", "local-use NAT64"],
    ["100::1", "discard-only"],
    ["2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo"],
    ["2001::", "Teredo"],
    ["2001:2::1", "benchmarking"],
    ["2001:10::1", "ORCHID"],
    ["2001:db8::1", "documentation"],
    ["3fff:1::1", "documentation"],
    ["5f00::1", "SRv6"],
    ["fd12:3456::1", "unique-local"],
    ["febf::1", "link-local"],
    ["fec0::1", "site-local"],
    ["ff02::1", "multicast"],
    ["::ffff:0:127.0.0.1", "loopback"],
    ["::ffff:0:a9fe:a9fe", "link-local"],
    ["::ffff:0:10.1.2.3", "private"],
    ["64:ff9b::10.0.0.1", "private"],
    ["2002:c0a8:101::1", "private"],
    ["::1:2:3:4", "outside global unicast"],
    ["4000::1", "outside global unicast"],
    ["e000::1", "outside global unicast"],
  ])("refuses %s as %s", (ip, reason) => {
    expect(blockedAddressReason(ip)).toContain(reason);
  });

  it.each([
    "::ffff:0:8.8.8.8",
    "64:ff9b::8.8.8.8",
    "2002:808:808::1",
    "2001:4860:4860::8888",
    "2001:1::1",
    "2001:20::1",
    "3000::1",
    "192.0.3.1",
    "198.20.0.1",
    "203.0.114.1",
  ])("lets the public address %s through, next to the special ranges", (ip) => {
    expect(blockedAddressReason(ip)).toBeNull();
  });

  it("refuses what is not an address at all", () => {
    expect(blockedAddressReason("example.com")).toContain("not an IP address");
  });

  it("parses IPv6 forms to the same number", () => {
    expect(parseIPv6("::ffff:127.0.0.1")).toBe(parseIPv6("0:0:0:0:0:ffff:7f00:0001"));
    expect(parseIPv6("1::2::3")).toBeUndefined();
    expect(parseIPv6("1:2:3:4:5:6:7:8:9")).toBeUndefined();
  });
});

describe("the allow-list", () => {
  const list = (text: string) => parseAllowList(text) as AllowList;

  it("parses hosts, host:port, IP literals, bracketed IPv6 and ranges", () => {
    const l = list(" 127.0.0.1:4000 , Internal.Example,[::1]:8080,10.1.0.0/16,fd00::/8 ,");
    expect(l.entries).toHaveLength(5);
    expect(allowsHost(l, "127.0.0.1", 4000)).toBe(true);
    expect(allowsHost(l, "127.0.0.1", 4001)).toBe(false);
    expect(allowsHost(l, "internal.example", 443)).toBe(true);
    expect(allowsHost(l, "[::1]", 8080)).toBe(true);
    expect(allowsAddress(l, "10.1.200.3")).toBe(true);
    expect(allowsAddress(l, "10.2.0.1")).toBe(false);
    expect(allowsAddress(l, "fd00::5")).toBe(true);
  });

  it.each(["http://x", "a b", "host:99999", "10.0.0.0/99", "bad_host!"])(
    "refuses the entry %j with a reason",
    (entry) => {
      expect(parseAllowList(entry)).toEqual(expect.stringContaining(`"${entry}"`));
    },
  );

  it("is empty without a value", () => {
    expect(list("").entries).toEqual([]);
    expect(list(undefined as unknown as string).entries).toEqual([]);
  });
});

describe("HOOKLINE_ALLOW_HOSTS at start-up", () => {
  const saved = process.env.HOOKLINE_ALLOW_HOSTS;
  afterEach(() => {
    if (saved === undefined) delete process.env.HOOKLINE_ALLOW_HOSTS;
    else process.env.HOOKLINE_ALLOW_HOSTS = saved;
  });
  // lib/env caches the environment per module instance: load a fresh one for each value.
  const envWith = async (value: string) => {
    process.env.HOOKLINE_ALLOW_HOSTS = value;
    vi.resetModules();
    return (await import("@/lib/env")).env;
  };

  it("stops the app on a bad entry, naming the variable and the entry", async () => {
    const env = await envWith("127.0.0.1:4000,http://crm.internal");
    expect(() => env()).toThrow(/HOOKLINE_ALLOW_HOSTS: "http:\/\/crm.internal" is not/);
  });

  it("accepts a good list", async () => {
    const env = await envWith("127.0.0.1:4000, crm.internal, 10.1.0.0/16");
    expect(env().HOOKLINE_ALLOW_HOSTS).toBe("127.0.0.1:4000, crm.internal, 10.1.0.0/16");
  });
});
