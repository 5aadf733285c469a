// The SSRF guard's decisions: may a request go to this URL / this resolved address? Used for
// every outbound connection an action makes (HTTP requests and their redirects, chat webhooks,
// SMTP). Server-only: the default policy reads HOOKLINE_ALLOW_HOSTS and resolves with node:dns.
import "server-only";
import dns from "node:dns";
import { env } from "@/lib/env";
import { allowsAddress, allowsHost, parseAllowList, type AllowList } from "./allow-list";
import { blockedAddressReason, isIpLiteral } from "./blocked-address";

export type ResolvedAddress = { address: string; family: number };
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export type OutboundPolicy = {
  allow: AllowList;
  /** How host names become addresses (tests pass their own; the default is the system resolver). */
  resolve: Resolver;
};

/** A destination the guard refuses: never worth retrying. */
export class BlockedDestinationError extends Error {
  override name = "BlockedDestinationError";
  readonly code = "HOOKLINE_BLOCKED_DESTINATION";
}

export const systemResolver: Resolver = async (hostname) => {
  const found = await dns.promises.lookup(hostname, { all: true, verbatim: true });
  return found.map((a) => ({ address: a.address, family: a.family }));
};

let cached: OutboundPolicy | undefined;

/** The policy from the environment (validated by lib/env.ts). */
export function defaultPolicy(): OutboundPolicy {
  if (cached) return cached;
  const allow = parseAllowList(env().HOOKLINE_ALLOW_HOSTS);
  if (typeof allow === "string") throw new Error(`HOOKLINE_ALLOW_HOSTS: ${allow}`);
  cached = { allow, resolve: systemResolver };
  return cached;
}

export const policyWith = (allowHosts: string, resolve: Resolver = systemResolver): OutboundPolicy => {
  const allow = parseAllowList(allowHosts);
  if (typeof allow === "string") throw new Error(allow);
  return { allow, resolve };
};

const stripBrackets = (host: string) => host.replace(/^\[|\]$/g, "");
const where = (host: string, port: number) => `${host.includes(":") ? `[${host}]` : host}:${port}`;

/** Checks the scheme and, for an IP literal, the address. Host names are checked after resolution. */
export function checkUrl(url: URL, policy: OutboundPolicy): void {
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new BlockedDestinationError(`Only http and https URLs are allowed, not ${url.protocol.replace(/:$/, "")}://`);
  }
  const host = stripBrackets(url.hostname);
  const port = Number(url.port) || (url.protocol === "https:" ? 443 : 80);
  if (isIpLiteral(host)) checkAddress(host, host, port, policy);
}

/** Refuses a blocked address unless the allow-list opens the host (as written) or the address. */
export function checkAddress(host: string, address: string, port: number, policy: OutboundPolicy): void {
  const reason = blockedAddressReason(address);
  if (!reason) return;
  if (allowsHost(policy.allow, host, port) || allowsAddress(policy.allow, address)) return;
  const via = stripBrackets(host) === address ? "" : ` (${host} resolves to ${address})`;
  throw new BlockedDestinationError(
    `Refused to connect to ${where(stripBrackets(host), port)}${via}: ${reason}. An administrator can open it with HOOKLINE_ALLOW_HOSTS.`,
  );
}

/**
 * Resolves a host name and checks every address it resolves to (one blocked address refuses the
 * host: a name should not point both outside and inside). Returns the addresses to connect to,
 * so the connection uses exactly what was checked (no second lookup a rebinding DNS could answer
 * differently).
 */
export async function resolveChecked(host: string, port: number, policy: OutboundPolicy): Promise<ResolvedAddress[]> {
  const bare = stripBrackets(host);
  if (isIpLiteral(bare)) {
    checkAddress(bare, bare, port, policy);
    return [{ address: bare, family: bare.includes(":") ? 6 : 4 }];
  }
  const addresses = await policy.resolve(bare);
  if (addresses.length === 0)
    throw Object.assign(new Error(`${bare} did not resolve to any address`), { code: "ENOTFOUND" });
  for (const a of addresses) checkAddress(bare, a.address, port, policy);
  return addresses;
}
