// The admin allow-list (HOOKLINE_ALLOW_HOSTS): destinations the SSRF guard lets through although
// they are loopback or private. Comma-separated entries:
//   internal.example        that host name, any port (matched against the URL as written)
//   internal.example:8080   that host name, that port only
//   127.0.0.1:4000, [::1]:4000, 10.0.0.7   an IP address as written in the URL (with or without a port)
//   10.1.0.0/16, fd00::/8   any host whose resolved address is in that range, any port
// A name entry opens the name, not what else resolves to the same address: `localhost` does not
// open `127.0.0.1`, nor the other way round. Browser-safe.
import { isIpLiteral, parseCidr } from "./blocked-address";

export type AllowEntry = { host: string; port?: number } | { cidr: string; contains: (ip: string) => boolean };
export type AllowList = { entries: AllowEntry[]; source: string };

const HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/;

/** Parses the env value; returns the problem with the first bad entry as a string. */
export function parseAllowList(text: string | undefined): AllowList | string {
  const entries: AllowEntry[] = [];
  for (const raw of (text ?? "").split(",")) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry.includes("/")) {
      const contains = parseCidr(entry);
      if (!contains) return `"${raw.trim()}" is not a valid address range (e.g. 10.1.0.0/16)`;
      entries.push({ cidr: entry, contains });
      continue;
    }
    const m =
      /^\[([0-9a-f:.]+)\](?::(\d+))?$/.exec(entry) ??
      /^([^:]+)(?::(\d+))?$/.exec(entry) ??
      (isIpLiteral(entry) ? [entry, entry] : null);
    const host = m?.[1];
    const port = m?.[2] === undefined ? undefined : Number(m[2]);
    if (!host || (!isIpLiteral(host) && !HOST.test(host)))
      return `"${raw.trim()}" is not a host, host:port, IP address or address range`;
    if (port !== undefined && (port < 1 || port > 65535)) return `"${raw.trim()}" has a port outside 1–65535`;
    entries.push({ host: host.replace(/\.$/, ""), ...(port === undefined ? {} : { port }) });
  }
  return { entries, source: text ?? "" };
}

/** Whether the URL's host (as written, without brackets) and port are opened by a host entry. */
export function allowsHost(list: AllowList, host: string, port: number): boolean {
  const h = host
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "");
  return list.entries.some((e) => "host" in e && e.host === h && (e.port === undefined || e.port === port));
}

/** Whether a resolved address is opened by a range entry. */
export function allowsAddress(list: AllowList, ip: string): boolean {
  return list.entries.some((e) => "cidr" in e && e.contains(ip));
}
