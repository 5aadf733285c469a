// A real HTTP server standing in for the outside world (a CRM, Slack, an inventory API): it
// records every request and answers with whatever the test decides.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Received = { method: string; path: string; headers: http.IncomingHttpHeaders; body: string; json: unknown };
/** `text` is sent as it is (for services that answer plain text); otherwise `body` as JSON. */
export type Responder = (
  req: Received,
  index: number,
) => { status?: number; body?: unknown; text?: string; headers?: Record<string, string>; delayMs?: number };

export async function startTarget(respond: Responder = () => ({ status: 200, body: { ok: true } })) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let json: unknown = undefined;
      try {
        json = body ? JSON.parse(body) : undefined;
      } catch {
        json = undefined;
      }
      const r: Received = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body, json };
      received.push(r);
      const answer = respond(r, received.length - 1);
      const send = () => {
        if (res.destroyed) return;
        res
          .writeHead(answer.status ?? 200, { "content-type": "application/json", ...answer.headers })
          .end(answer.text ?? JSON.stringify(answer.body ?? { ok: true }));
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
