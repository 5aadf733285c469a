// Issue 20, "slowloris": 400 connections that sent half a request were all still open after 65 s.
// The public listener (lib/net/public-listener.ts, used by scripts/server.ts) closes half-sent
// requests within the header timeout and slow bodies at the request timeout, keeps idle kept-alive
// connections for the keep-alive timeout, caps connections per source address, and gives Next
// the socket's address in a header the client cannot forge. Real sockets; the attacker connects
// from 127.0.0.2, so a request from 127.0.0.1 is another source address.
import http from "node:http";
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  createPublicServer,
  defaultMaxConnections,
  PEER_ADDRESS_HEADER,
  setPeerAddress,
  type PublicListenerLimits,
} from "@/lib/net/public-listener";

const ATTACKER = "127.0.0.2";
const servers: http.Server[] = [];
const sockets: net.Socket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

const LIMITS: PublicListenerLimits = {
  headersTimeoutMs: 1000,
  requestTimeoutMs: 3000,
  keepAliveTimeoutMs: 4000,
  maxConnectionsPerAddress: 1000,
};

async function listen(limits: Partial<PublicListenerLimits> = {}, handler?: http.RequestListener) {
  const server = createPublicServer(
    handler ??
      ((req, res) => {
        req.resume();
        req.on("end", () => res.end("ok"));
      }),
    { ...LIMITS, ...limits },
  );
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return (server.address() as net.AddressInfo).port;
}

/** A socket from `from`; resolves once connected, with the time its connection closes. */
function connect(port: number, from: string) {
  return new Promise<{ socket: net.Socket; closed: Promise<number>; data: () => string }>((resolve, reject) => {
    const socket = net.connect({ host: "127.0.0.1", port, localAddress: from });
    sockets.push(socket);
    let data = "";
    socket.setEncoding("utf8").on("data", (c: string) => (data += c));
    const closed = new Promise<number>((done) => socket.once("close", () => done(Date.now())));
    socket.once("error", () => undefined);
    socket.once("connect", () => resolve({ socket, closed, data: () => data }));
    socket.once("error", reject);
  });
}

/** A GET from 127.0.0.1 on a fresh connection: status, body and how long it took. */
function get(port: number, headers: Record<string, string> = {}, localAddress = "127.0.0.1") {
  const start = Date.now();
  return new Promise<{ status: number; body: string; ms: number }>((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path: "/", headers, localAddress, agent: false }, (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (c: string) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode!, body, ms: Date.now() - start }));
      })
      .on("error", reject);
  });
}

const within = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<null>((r) => setTimeout(() => r(null), ms))]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("the public listener", () => {
  it("closes half-sent requests within the header timeout while a normal request answers at once", async () => {
    const port = await listen();
    const t0 = Date.now();
    const half = await Promise.all(
      Array.from({ length: 100 }, async () => {
        const c = await connect(port, ATTACKER);
        c.socket.write("POST /api/hooks/abc HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nX-Slow: ");
        return c;
      }),
    );
    const normal = await get(port);
    expect(normal.status).toBe(200);
    expect(normal.ms).toBeLessThan(500);
    const closedAt = await within(Promise.all(half.map((c) => c.closed)), 4000);
    expect(closedAt, "every half-sent request closed").not.toBeNull();
    // The header timeout (1 s) plus the sweep's interval (100 ms) and scheduling slack.
    expect(Math.max(...closedAt!) - t0).toBeLessThan(2500);
    expect(half[0]!.data()).toMatch(/^HTTP\/1.1 408/);
  });

  it("cuts a body still arriving at the request timeout, and answers one that arrives within it", async () => {
    const port = await listen();
    const slow = await connect(port, ATTACKER);
    slow.socket.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n");
    const drip = setInterval(() => slow.socket.writable && slow.socket.write("x"), 100);
    const honest = await connect(port, "127.0.0.1");
    honest.socket.write("POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 20\r\n\r\n");
    // Slower than the header timeout, well within the request timeout.
    for (let i = 0; i < 20; i++) {
      honest.socket.write("y");
      await sleep(75);
    }
    const t0 = Date.now();
    try {
      expect(await within(honest.closed, 2000)).not.toBeNull();
      expect(honest.data()).toMatch(/^HTTP\/1.1 200[\s\S]*ok$/);
      const cut = await within(slow.closed, 4000);
      expect(cut, "the slow body was cut").not.toBeNull();
      expect(cut! - t0).toBeLessThan(3000);
    } finally {
      clearInterval(drip);
    }
  });

  it("keeps an idle kept-alive connection past the header timeout, until the keep-alive timeout", async () => {
    const port = await listen({ keepAliveTimeoutMs: 2500 });
    const c = await connect(port, "127.0.0.1");
    c.socket.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    await sleep(1600); // idle longer than the header timeout: a proxy's pooled connection
    c.socket.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    await sleep(200);
    expect(c.data().match(/HTTP\/1.1 200/g)).toHaveLength(2);
    const t0 = Date.now();
    const closed = await within(c.closed, 4000);
    expect(closed, "closed after the keep-alive timeout").not.toBeNull();
    expect(closed! - t0).toBeGreaterThan(1800);
  });

  it("refuses the connection past the cap from one source address, not another address's", async () => {
    const port = await listen({ maxConnectionsPerAddress: 5, headersTimeoutMs: 10_000, requestTimeoutMs: 20_000 });
    const held = await Promise.all(Array.from({ length: 5 }, () => connect(port, ATTACKER)));
    await sleep(100);
    for (const c of held) expect(await within(c.closed, 50)).toBeNull();
    const sixth = await connect(port, ATTACKER);
    expect(await within(sixth.closed, 1000), "the sixth socket from one address is closed at once").not.toBeNull();
    expect(sixth.data()).toBe("");
    // Another address is not affected.
    expect((await get(port)).status).toBe(200);
    // A freed slot is taken again.
    held[0]!.socket.destroy();
    await held[0]!.closed;
    await sleep(50);
    const again = await connect(port, ATTACKER);
    again.socket.write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    expect(await within(again.closed, 2000)).not.toBeNull();
    expect(again.data()).toMatch(/^HTTP\/1.1 200/);
  });

  it("refuses connections past the total cap, however many addresses they come from", async () => {
    const port = await listen({ maxConnections: 4, headersTimeoutMs: 10_000, requestTimeoutMs: 20_000 });
    // Four addresses, one socket each, all under any per-address cap: the total is reached.
    const held = await Promise.all(["127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"].map((a) => connect(port, a)));
    await sleep(100);
    for (const c of held) expect(await within(c.closed, 50)).toBeNull();
    const fifth = await connect(port, "127.0.0.6");
    expect(await within(fifth.closed, 1000), "the fifth socket is closed at once").not.toBeNull();
    expect(fifth.data()).toBe("");
    held[0]!.socket.destroy();
    await held[0]!.closed;
    await sleep(50);
    expect((await get(port)).status).toBe(200);
  });

  it("defaults the total cap to three quarters of the open-files limit", () => {
    expect(defaultMaxConnections(20_000)).toBe(15_000);
    expect(defaultMaxConnections(1024)).toBe(768);
    expect(defaultMaxConnections(null)).toBe(1024);
  });

  it("gives Next the socket's address, never the one the client sent", async () => {
    const port = await listen({}, (req, res) => {
      setPeerAddress(req);
      res.end(String(req.headers[PEER_ADDRESS_HEADER]));
    });
    const res = await get(port, { [PEER_ADDRESS_HEADER]: "203.0.113.9" }, ATTACKER);
    expect(res.body).toBe(ATTACKER);
  });
});
