// The client's address, as every per-address limit counts it (the sign-in limit, the webhook
// rejection budgets): one definition, so a request's address is the same whichever route it takes.
//   - HOOKLINE_TRUST_PROXY=1 (behind the operator's own proxy): the RIGHTMOST X-Forwarded-For
//     entry, the address the proxy itself saw. Proxies append (nginx's
//     `$proxy_add_x_forwarded_for`, Cloudflare, AWS ALB): the entries to its left are whatever the
//     client sent, so the leftmost one is the client's choice. A request without the header
//     (it did not come through the proxy) counts by its peer address.
//   - otherwise the peer: the socket's address (the webhook handler sees the socket), or, in a
//     Next route handler, PEER_ADDRESS_HEADER, which the public listener (lib/net/public-listener.ts)
//     deletes from every incoming request and sets from the socket before Next sees it. Under
//     `next dev` nothing sets it: unknown (null), no per-address limit.
import "server-only";
import { env } from "@/lib/env";
import { PEER_ADDRESS_HEADER } from "./public-listener";

export { PEER_ADDRESS_HEADER };

/** The rightmost non-empty entry of an X-Forwarded-For value (several headers arrive joined by ", "). */
export function lastForwardedHop(forwardedFor: string | null | undefined): string | null {
  if (!forwardedFor) return null;
  const hops = forwardedFor.split(",");
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!.trim();
    if (hop) return hop.slice(0, 100);
  }
  return null;
}

/**
 * The client address from what a request carries: its X-Forwarded-For (read only with
 * HOOKLINE_TRUST_PROXY=1) and its peer address (the socket's, or PEER_ADDRESS_HEADER's). Null when
 * not known.
 */
export function clientAddress(forwardedFor: string | null | undefined, peer: string | null | undefined): string | null {
  const forwarded = env().HOOKLINE_TRUST_PROXY === "1" ? lastForwardedHop(forwardedFor) : null;
  return forwarded ?? (peer?.trim() || null);
}

/** The client address of a Web Request handed to Next by the public listener (see above). */
export function requestClientAddress(req: Request): string | null {
  return clientAddress(req.headers.get("x-forwarded-for"), req.headers.get(PEER_ADDRESS_HEADER));
}
