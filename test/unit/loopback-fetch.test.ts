// lib/net/loopback-fetch.ts answers like fetch: against a real node:http server on loopback.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loopbackFetch } from "@/lib/net/loopback-fetch";

type Seen = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };
const seen: Seen[] = [];
let base = "";
const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString() });
    if (req.url === "/empty") return void res.writeHead(204).end();
    if (req.url === "/slow") return void setTimeout(() => res.writeHead(200).end("late"), 2000);
    res.setHeader("set-cookie", ["a=1", "b=2"]);
    res.writeHead(req.url === "/conflict" ? 409 : 200, "Custom Reason", { "content-type": "application/json" });
    res.end(JSON.stringify({ echo: Buffer.concat(chunks).toString() }));
  });
});

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe("loopbackFetch", () => {
  it("sends method, headers and a string body, and answers with status, headers and body", async () => {
    const res = await loopbackFetch(`${base}/v1/checkpoint/run%201/async`, {
      method: "POST",
      headers: new Headers({ "content-type": "application/json", authorization: "Bearer k" }),
      body: '{"ü":1}',
    });
    const req = seen.at(-1)!;
    expect(req).toMatchObject({ method: "POST", url: "/v1/checkpoint/run%201/async", body: '{"ü":1}' });
    expect(req.headers).toMatchObject({
      authorization: "Bearer k",
      "content-type": "application/json",
      "content-length": "8",
    });
    expect(res.ok).toBe(true);
    expect(res.status).toBe(200);
    expect(res.statusText).toBe("Custom Reason");
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    expect(await res.json()).toEqual({ echo: '{"ü":1}' });
  });

  it("reports a non-2xx answer as fetch does (ok false), and a 204 without a body", async () => {
    const conflict = await loopbackFetch(`${base}/conflict`, { method: "POST", body: "x", headers: [["x-a", "1"]] });
    expect(seen.at(-1)!.headers["x-a"]).toBe("1");
    expect([conflict.ok, conflict.status]).toEqual([false, 409]);
    const empty = await loopbackFetch(new URL(`${base}/empty`));
    expect(seen.at(-1)!.method).toBe("GET");
    expect([empty.status, await empty.text()]).toEqual([204, ""]);
  });

  it("rejects with the signal's reason on a timeout, and with TypeError('fetch failed') when nothing listens", async () => {
    await expect(
      loopbackFetch(`${base}/slow`, { method: "POST", body: "", signal: AbortSignal.timeout(100) }),
    ).rejects.toMatchObject({ name: "TimeoutError" });
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", () => r()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const err = await loopbackFetch(`http://127.0.0.1:${port}/`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect((err as TypeError).message).toBe("fetch failed");
    expect(((err as TypeError).cause as NodeJS.ErrnoException).code).toBe("ECONNREFUSED");
  });

  it("hands bodies that are not strings to the global fetch, which sends them as fetch does", async () => {
    const res = await loopbackFetch(`${base}/form`, { method: "POST", body: new URLSearchParams({ a: "1 2" }) });
    expect(seen.at(-1)!.headers["content-type"]).toBe("application/x-www-form-urlencoded;charset=UTF-8");
    expect(await res.json()).toEqual({ echo: "a=1+2" });
  });

  it("reuses one kept-alive connection for requests in sequence", async () => {
    const ports = new Set<number>();
    const onConn = (s: import("node:net").Socket) => ports.add(s.remotePort!);
    server.on("connection", onConn);
    for (let i = 0; i < 5; i++) await (await loopbackFetch(`${base}/seq`, { method: "POST", body: String(i) })).text();
    server.off("connection", onConn);
    expect(ports.size).toBeLessThanOrEqual(1);
  });
});
