// The part of the Inngest server API the SDK talks to, on a loopback port of its own (the SDK
// builds `new URL("/e/<key>", INNGEST_BASE_URL)`, dropping any path): the event API and
// out-of-band function registration.
import http from "node:http";
import { timingSafeEqual } from "node:crypto";
import type { Executor } from "./executor";
import { hashedSigningKey } from "./signature";

const MAX_BODY = 4 * 1024 * 1024;

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export function startApiServer(
  executor: Executor,
  opts: { port: number; host?: string; eventKey: string; signingKey: string },
) {
  const server = http.createServer((req, res) => {
    const reply = (status: number, body: unknown) =>
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) req.destroy();
      else chunks.push(c);
    });
    req.on("end", () => {
      void (async () => {
        const url = new URL(req.url ?? "/", "http://localhost");
        const text = Buffer.concat(chunks).toString("utf8");
        const event = /^\/e\/([^/]+)$/.exec(url.pathname);
        if (req.method === "POST" && event) {
          if (!sameSecret(decodeURIComponent(event[1]!), opts.eventKey))
            return reply(401, { error: "Event key not found" });
          const ids = await executor.send([JSON.parse(text)].flat());
          return reply(200, { ids, status: 200 });
        }
        const cp = /^\/v1\/checkpoint\/([^/]+)\/async$/.exec(url.pathname);
        if (req.method === "POST" && cp) {
          if (!sameSecret(req.headers.authorization ?? "", `Bearer ${hashedSigningKey(opts.signingKey)}`))
            return reply(401, { error: "Unauthorized" });
          const ok = await executor.checkpoint(decodeURIComponent(cp[1]!), JSON.parse(text));
          return ok ? reply(200, {}) : reply(409, { error: "The run is no longer running" });
        }
        if (req.method === "POST" && url.pathname === "/fn/register") {
          if (!sameSecret(req.headers.authorization ?? "", `Bearer ${hashedSigningKey(opts.signingKey)}`))
            return reply(401, { error: "Unauthorized" });
          await executor.register(JSON.parse(text));
          return reply(200, { ok: true, modified: true });
        }
        reply(404, { error: `Not implemented: ${req.method} ${url.pathname}` });
      })().catch((e: Error & { status?: number }) => {
        // The status in the body too: the SDK answers a PUT with the register answer's `status`
        // (default 200), so a refused register must say so there to fail the PUT.
        const status = e.status ?? 400;
        reply(status, { status, error: e.message });
      });
    });
  });
  const listening = new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host ?? "127.0.0.1", () => resolve());
  });
  return { listening, close: () => new Promise<void>((r) => server.close(() => r())) };
}
