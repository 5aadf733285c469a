// The web server's listener, the one surface that faces the internet (scripts/server.ts): senders
// post webhooks to it, browsers use the UI through it. What an outsider can hold open on it is
// bounded: a request's headers must arrive within the header timeout and the whole request within
// the request timeout (slowloris: half-sent requests are answered 408 and closed), idle kept-alive
// connections close after the keep-alive timeout, and one source address may hold only so many
// connections at once (the next is destroyed before a byte is read).
import fs from "node:fs";
import http from "node:http";
import type { Socket } from "node:net";
import { parseIPv6 } from "./blocked-address";

export type PublicListenerLimits = {
  headersTimeoutMs: number;
  /** The whole request, body included: a slow but honest 10 MB upload must fit. */
  requestTimeoutMs: number;
  /** Longer than a reverse proxy's idle timeout, so the app never closes a connection the proxy reuses. */
  keepAliveTimeoutMs: number;
  /** Connections at once per source address (an IPv6 /64); 0 = no cap. */
  maxConnectionsPerAddress: number;
  /** Connections at once from everyone: the next is closed by Node before it is read. */
  maxConnections?: number;
};

/**
 * Three quarters of the open-files limit (Linux: /proc/self/limits), so a handful of addresses each
 * under the per-address cap cannot take every descriptor: the rest stay for the database, the
 * executor's loopback calls and log files. 1024 when the limit cannot be read.
 */
export function defaultMaxConnections(limits = readOpenFilesLimit()): number {
  return Math.max(64, Math.floor((limits ?? 1366) * 0.75));
}

function readOpenFilesLimit(): number | null {
  try {
    const line = fs
      .readFileSync("/proc/self/limits", "utf8")
      .split("\n")
      .find((l) => l.startsWith("Max open files"));
    const soft = Number(line?.split(/\s+/)[3]);
    return Number.isFinite(soft) && soft > 0 ? soft : null;
  } catch {
    return null;
  }
}

/**
 * The socket's address, for route handlers that cannot see the socket (Next's): set on every
 * request by the listener, after deleting whatever the client sent under that name. Absent under
 * `next dev`, which has no such listener.
 */
export const PEER_ADDRESS_HEADER = "x-hookline-peer-address";

/**
 * Replaces any PEER_ADDRESS_HEADER the client sent with the socket's address. Only on requests
 * handed to Next: the webhook handler sees the socket itself, and its request log keeps the
 * sender's headers as sent.
 */
export function setPeerAddress(req: http.IncomingMessage) {
  delete req.headers[PEER_ADDRESS_HEADER];
  req.headers[PEER_ADDRESS_HEADER] = peerAddress(req.socket);
}

/** The address a connection comes from, IPv4-mapped IPv6 (::ffff:a.b.c.d) written as IPv4. */
export const peerAddress = (socket: Socket) =>
  (socket.remoteAddress ?? "").replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");

/**
 * What the per-address cap counts by: an IPv4 address, or an IPv6 /64 (one subscriber's usual
 * allocation: an attacker with a /64 has 2^64 addresses, not 2^64 budgets).
 */
export function connectionSource(address: string): string {
  const v6 = address.includes(":") ? parseIPv6(address) : undefined;
  return v6 === undefined ? address : `${(v6 >> 64n).toString(16)}::/64`;
}

export function createPublicServer(handler: http.RequestListener, limits: PublicListenerLimits): http.Server {
  const server = http.createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // Node enforces the two timeouts on this sweep (default every 30 s): a tenth of the header
      // timeout, at most 1 s, closes a half-sent request within about the header timeout.
      connectionsCheckingInterval: Math.min(1000, Math.max(50, Math.floor(limits.headersTimeoutMs / 10))),
    },
    handler,
  );
  // The constructor option is not applied on every Node 20 release; the property is.
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  if (limits.maxConnections) server.maxConnections = limits.maxConnections;
  if (limits.maxConnectionsPerAddress > 0) capConnectionsPerSource(server, limits.maxConnectionsPerAddress);
  return server;
}

function capConnectionsPerSource(server: http.Server, max: number) {
  const open = new Map<string, number>();
  // Before http's own connection listener: a refused socket never gets a parser or a timer.
  server.prependListener("connection", (socket: Socket) => {
    const source = connectionSource(peerAddress(socket));
    const held = open.get(source) ?? 0;
    if (held >= max) {
      socket.destroy();
      return;
    }
    open.set(source, held + 1);
    socket.once("close", () => {
      const left = (open.get(source) ?? 1) - 1;
      if (left > 0) open.set(source, left);
      else open.delete(source);
    });
  });
}
