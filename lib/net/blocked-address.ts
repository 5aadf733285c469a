// Which IP addresses outbound requests may not reach by default: this machine, its private
// networks and the cloud metadata service. Addresses that embed an IPv4 address (IPv4-mapped
// ::ffff:a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16, IPv4-compatible ::a.b.c.d) are judged by
// that address, so ::ffff:127.0.0.1 is loopback too. Browser-safe (no node: imports).

type Range = { base: bigint; bits: number; reason: string };

const V4: Array<[string, number, string]> = [
  ["0.0.0.0", 8, "the unspecified address (0.0.0.0/8)"],
  ["10.0.0.0", 8, "a private address (10.0.0.0/8)"],
  ["100.64.0.0", 10, "a carrier-grade NAT address (100.64.0.0/10)"],
  ["127.0.0.0", 8, "a loopback address (127.0.0.0/8)"],
  ["169.254.0.0", 16, "a link-local address (169.254.0.0/16, e.g. the cloud metadata service)"],
  ["172.16.0.0", 12, "a private address (172.16.0.0/12)"],
  ["192.0.0.0", 24, "an IETF protocol address (192.0.0.0/24)"],
  ["192.168.0.0", 16, "a private address (192.168.0.0/16)"],
  ["198.18.0.0", 15, "a benchmarking address (198.18.0.0/15)"],
  ["224.0.0.0", 4, "a multicast address (224.0.0.0/4)"],
  ["240.0.0.0", 4, "a reserved address (240.0.0.0/4)"],
];

const V6: Array<[string, number, string]> = [
  ["::", 128, "the unspecified address (::)"],
  ["::1", 128, "the loopback address (::1)"],
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

const inRange = (n: bigint, r: Range, width: number) => n >> BigInt(width - r.bits) === r.base >> BigInt(width - r.bits);

function embeddedIPv4(n: bigint): bigint | undefined {
  if (n >> 32n === 0xffffn) return n & 0xffffffffn; // ::ffff:a.b.c.d
  if (n >> 32n === 0x64ff9b0000000000000000n) return n & 0xffffffffn; // 64:ff9b::a.b.c.d
  if (n >> 112n === 0x2002n) return (n >> 80n) & 0xffffffffn; // 2002:AABB:CCDD::
  if (n >> 32n === 0n && n > 1n) return n; // ::a.b.c.d (deprecated IPv4-compatible)
  return undefined;
}

/** Why the address is refused, or null when it is a public address. Anything unparsable is refused. */
export function blockedAddressReason(ip: string): string | null {
  const v4 = parseIPv4(ip);
  if (v4 !== undefined) return v4Ranges.find((r) => inRange(v4, r, 32))?.reason ?? (v4 === 0xffffffffn ? "the broadcast address" : null);
  const v6 = parseIPv6(ip);
  if (v6 === undefined) return `"${ip}" is not an IP address`;
  const hit = v6Ranges.find((r) => inRange(v6, r, 128));
  if (hit) return hit.reason;
  const inner = embeddedIPv4(v6);
  if (inner !== undefined) {
    const dotted = [24n, 16n, 8n, 0n].map((s) => String((inner >> s) & 0xffn)).join(".");
    const reason = blockedAddressReason(dotted);
    return reason ? `${reason}, embedded in ${ip}` : null;
  }
  return null;
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
      const n = parseIPv4(ip) ?? (() => {
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
