// Who may read GET /api/metrics. The figures name no secret, but they tell an outsider how busy
// the install is, which senders fail and when the engine lags: not for the public internet.
//
// - HOOKLINE_METRICS_TOKEN set: only a caller sending `Authorization: Bearer <token>` (compared in
//   constant time), wherever it connects from; loopback callers too.
// - No token: only a caller on this machine's loopback, by the socket's address, which the public
//   listener writes into PEER_ADDRESS_HEADER after deleting any value the client sent
//   (lib/net/public-listener.ts). Under `next dev` nothing sets it: refused.
//   A request that passed through a proxy (Forwarded, X-Forwarded-For, X-Real-IP) is not a
//   loopback caller even when the proxy itself connects over loopback: behind a reverse proxy on the
//   same machine every request would look local, so there the token is the only way in.
import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { PEER_ADDRESS_HEADER } from "@/lib/net/public-listener";

export type MetricsAccess = { ok: true } | { ok: false; status: 401 | 403; message: string };

const PROXY_HEADERS = ["forwarded", "x-forwarded-for", "x-real-ip"];

/** 127.0.0.0/8 or ::1 (the listener writes IPv4-mapped addresses as IPv4). */
export const isLoopbackAddress = (a: string) => /^127(\.\d{1,3}){3}$/.test(a) || a === "::1";

// Both sides hashed first: timingSafeEqual needs equal lengths, and the hash hides the token's length.
const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();
const sameToken = (given: string, token: string) => timingSafeEqual(digest(given), digest(token));

export function metricsAccess(headers: Headers, token: string | undefined): MetricsAccess {
  if (token) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(headers.get("authorization") ?? "");
    if (m && sameToken(m[1]!, token)) return { ok: true };
    return {
      ok: false,
      status: 401,
      message: "Send the metrics token: Authorization: Bearer <HOOKLINE_METRICS_TOKEN>",
    };
  }
  const peer = headers.get(PEER_ADDRESS_HEADER);
  if (peer === null)
    return {
      ok: false,
      status: 403,
      message: "The caller's address is unknown here (next dev): set HOOKLINE_METRICS_TOKEN to read the metrics",
    };
  if (!isLoopbackAddress(peer) || PROXY_HEADERS.some((h) => headers.has(h))) {
    return {
      ok: false,
      status: 403,
      message: "Metrics are served to this machine only; set HOOKLINE_METRICS_TOKEN to scrape them from elsewhere",
    };
  }
  return { ok: true };
}
