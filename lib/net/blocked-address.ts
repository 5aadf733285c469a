// Which IP addresses outbound requests may not reach by default: this machine, its private
// networks, the cloud metadata service, and every range IANA's special-purpose registries mark
// as not globally reachable (documentation, benchmarking, discard, reserved). Addresses that embed
// an IPv4 address at a place their form defines (IPv4-mapped ::ffff:a.b.c.d, SIIT IPv4-translated
// ::ffff:0:a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16, IPv4-compatible ::a.b.c.d) are judged by
// that address, so ::ffff:127.0.0.1 is loopback too. Forms whose IPv4 address cannot be checked
// (Teredo, local-use NAT64, whose prefix length is the local translator's choice) are refused
// whole. Any IPv6 address outside global unicast (2000::/3) is refused: nothing public lives there.
// Browser-safe (no node: imports).

type Range = { base: bigint; bits: number; reason: string };

const V4: Array<[string, number, string]> = [
  ["255.255.255.255", 32, "the broadcast address (255.255.255.255)"],
  ["0.0.0.0", 8, "the unspecified address (0.0.0.0/8)"],
  ["10.0.0.0", 8, "a private address (10.0.0.0/8)"],
  ["100.64.0.0", 10, "a carrier-grade NAT address (100.64.0.0/10)"],
  ["127.0.0.0", 8, "a loopback address (127.0.0.0/8)"],
  ["169.254.0.0", 16, "a link-local address (169.254.0.0/16, e.g. the cloud metadata service)"],
  ["172.16.0.0", 12, "a private address (172.16.0.0/12)"],
  ["192.0.0.0", 24, "an IETF protocol address (192.0.0.0/24)"],
  ["192.0.2.0", 24, "a documentation address (192.0.2.0/24, TEST-NET-1)"],
  ["192.88.99.0", 24, "a deprecated 6to4 relay address (192.88.99.0/24)"],
  ["192.168.0.0", 16, "a private address (192.168.0.0/16)"],
  ["198.18.0.0", 15, "a benchmarking address (198.18.0.0/15)"],
  ["198.51.100.0", 24, "a documentation address (198.51.100.0/24, TEST-NET-2)"],
  ["203.0.113.0", 24, "a documentation address (203.0.113.0/24, TEST-NET-3)"],
  ["224.0.0.0", 4, "a multicast address (224.0.0.0/4)"],
  ["240.0.0.0", 4, "a reserved address (240.0.0.0/4)"],
];

const V6: Array<[string, number, string]> = [
  ["::", 128, "the unspecified address (::)"],
  ["::1", 128, "the loopback address (::1)"],
  [
    "64:ff9b:1::",
    48,
    "a local-use NAT64 address (64:ff9b:1::/48), translated to an IPv4 address of the local network's choosing",
  ],
  ["100::", 64, "a discard-only address (100::/64)"],
  ["2001::", 32, "a Teredo tunnel address (2001::/32)"],
  ["2001:2::", 48, "a benchmarking address (2001:2::/48)"],
  ["2001:10::", 28, "a deprecated ORCHID identifier (2001:10::/28), not routable"],
  ["2001:db8::", 32, "a documentation address (2001:db8::/32)"],
  ["3fff::", 20, "a documentation address (3fff::/20)"],
  ["5f00::", 16, "a segment-routing (SRv6) identifier (5f00::/16)"],
  ["fc00::", 7, "a unique-local address (fc00::/7)"],
  ["fe80::", 10, "a link-local address (fe80::/10)"],
  ["fec0::", 10, "a site-local address (fec0::/10)"],
  ["ff00::", 8, "a multicast address (ff00::/8)"],
];

/** Parses dotted IPv4 into a 32-bit bigint, or undefined. */
export function parseIPv4(ip: string): bigint | undefined {
  const parts = ip.split(".");
  if (parts.length !== 4) return undefined;
  let n = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = (n << 8n) | BigInt(Number(p));
  }
  return n;
}

/** Parses IPv6 (with :: and an optional dotted IPv4 tail, zone id dropped) into a 128-bit bigint. */
export function parseIPv6(input: string): bigint | undefined {
  let ip = input.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  if (!ip.includes(":")) return undefined;
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  if (tail) {
    const v4 = parseIPv4(tail[1]!);
    if (v4 === undefined) return undefined;
    ip = ip.slice(0, -tail[1]!.length) + `${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = ip.split("::");
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === "" ? [] : s.split(":"));
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  const fill = 8 - head.length - rest.length;
  if ((halves.length === 1 && fill !== 0) || (halves.length === 2 && fill < 1)) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? fill : 0).fill("0"), ...rest];
  let n = 0n;
  for (const g of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    n = (n << 16n) | BigInt(parseInt(g, 16));
  }
  return n;
}

const ranges = (list: Array<[string, number, string]>, parse: (s: string) => bigint | undefined): Range[] =>
  list.map(([ip, bits, reason]) => ({ base: parse(ip)!, bits, reason }));
const v4Ranges = ranges(V4, parseIPv4);
const v6Ranges = ranges(V6, parseIPv6);

const inRange = (n: bigint, r: Range, width: number) =>
  n >> BigInt(width - r.bits) === r.base >> BigInt(width - r.bits);

// Global unicast: the only IPv6 block with public addresses today. Checked after the embedded
// forms, which live outside it (::ffff:8.8.8.8 and 64:ff9b::8.8.8.8 are public).
const GLOBAL_UNICAST: Range = { base: 0x2000n << 112n, bits: 3, reason: "" };

function embeddedIPv4(n: bigint): bigint | undefined {
  if (n >> 32n === 0xffffn) return n & 0xffffffffn; // ::ffff:a.b.c.d
  if (n >> 32n === 0xffff0000n) return n & 0xffffffffn; // ::ffff:0:a.b.c.d (SIIT, IPv4-translated)
  if (n >> 32n === 0x64ff9b0000000000000000n) return n & 0xffffffffn; // 64:ff9b::a.b.c.d
  if (n >> 112n === 0x2002n) return (n >> 80n) & 0xffffffffn; // 2002:AABB:CCDD::
  if (n >> 32n === 0n && n > 1n) return n; // ::a.b.c.d (deprecated IPv4-compatible)
  return undefined;
}

const dottedIPv4 = (n: bigint) => [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 0xffn)).join(".");

/** Why the address is refused, or null when it is a public address. Anything unparsable is refused. */
export function blockedAddressReason(ip: string): string | null {
  const v4 = parseIPv4(ip);
  if (v4 !== undefined)
    return v4Ranges.find((r) => inRange(v4, r, 32))?.reason ?? (v4 === 0xffffffffn ? "the broadcast address" : null);
  const v6 = parseIPv6(ip);
  if (v6 === undefined) return `"${ip}" is not an IP address`;
  const hit = v6Ranges.find((r) => inRange(v6, r, 128));
  if (hit) return hit.reason;
  const inner = embeddedIPv4(v6);
  if (inner !== undefined) {
    const reason = blockedAddressReason(dottedIPv4(inner));
    return reason ? `${reason}, embedded in ${ip}` : null;
  }
  return inRange(v6, GLOBAL_UNICAST, 128) ? null : "a reserved IPv6 address (outside global unicast 2000::/3)";
}

export const isIpLiteral = (host: string) => parseIPv4(host) !== undefined || parseIPv6(host) !== undefined;

/** CIDR membership for allow-list entries: `10.1.0.0/16`, `fd00::/8`. */
export function parseCidr(text: string): ((ip: string) => boolean) | undefined {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  const bits = Number(m[2]);
  const v4 = parseIPv4(m[1]!);
  if (v4 !== undefined && bits <= 32) {
    const r = { base: v4, bits, reason: "" };
    return (ip) => {
      const n =
        parseIPv4(ip) ??
        (() => {
          const six = parseIPv6(ip);
          return six !== undefined && six >> 32n === 0xffffn ? six & 0xffffffffn : undefined;
        })();
      return n !== undefined && inRange(n, r, 32);
    };
  }
  const v6 = parseIPv6(m[1]!);
  if (v6 !== undefined && bits <= 128) {
    const r = { base: v6, bits, reason: "" };
    return (ip) => {
      const n = parseIPv6(ip);
      return n !== undefined && inRange(n, r, 128);
    };
  }
  return undefined;
}
