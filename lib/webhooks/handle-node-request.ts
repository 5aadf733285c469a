// The ingest path on a plain node:http handler, in the same process as Next: this one path is
// the hot path, and Next's per-request overhead would cap it near 2,000 requests/s on 2 cores.
// Everything else goes through Next.
import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { credentialSecrets } from "@/lib/credentials/credential-secrets";
import { errField, log } from "@/lib/observability/log";
import { observeIngest } from "@/lib/observability/metrics";
import { clientAddress } from "@/lib/net/client-address";
import { peerAddress } from "@/lib/net/public-listener";
import { WEBHOOK_ANSWER_HEADERS } from "./answer-types";
import { HOOKS_PREFIX, parseHookPath } from "./hook-path";
import { ingest, type IngestAnswer } from "./ingest";
import { readNodeBody } from "./read-body";

/** Answers, and counts the request's latency from its start (a process.hrtime.bigint()). */
function send(res: ServerResponse, a: IngestAnswer, started: bigint) {
  res.writeHead(a.status, {
    "content-type": a.contentType,
    "content-length": Buffer.byteLength(a.body),
    ...WEBHOOK_ANSWER_HEADERS,
    ...a.headers,
  });
  res.end(a.body);
  observeIngest(Number(process.hrtime.bigint() - started) / 1e9);
}

/** Answers the request if it is for a webhook URL; returns false to let Next handle it. */
export function handleNodeRequest(req: IncomingMessage, res: ServerResponse): boolean {
  const url = req.url ?? "/";
  if (!url.startsWith(HOOKS_PREFIX)) return false;
  const started = process.hrtime.bigint();
  const q = url.indexOf("?");
  const hook = parseHookPath((q < 0 ? url : url.slice(0, q)).slice(HOOKS_PREFIX.length).split("/").filter(Boolean));
  if (!hook) {
    send(
      res,
      {
        status: 404,
        contentType: "application/json",
        body: '{"error":{"code":"not_found","message":"Unknown webhook URL"}}',
      },
      started,
    );
    return true;
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers))
    if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(", ") : v;
  ingest(
    {
      ...hook,
      method: req.method ?? "GET",
      headers,
      query: q < 0 ? "" : url.slice(q + 1),
      sourceIp: sourceAddress(req),
      readBody: (limit) => readNodeBody(req, limit),
    },
    credentialSecrets,
  ).then(
    (answer) => send(res, answer, started),
    (e: unknown) => {
      // Storing failed: 503 so the sender retries; nothing was acknowledged.
      // The token is the secret part of the URL: the log names the flow only where ingest knows it.
      log("ingest").error(errField(e), "could not store a delivery; answered 503 so the sender retries");
      if (!res.headersSent)
        send(
          res,
          {
            status: 503,
            contentType: "application/json",
            headers: { "retry-after": "5" },
            body: '{"error":{"code":"unavailable","message":"Could not store the delivery; retry later"}}',
          },
          started,
        );
    },
  );
  return true;
}

/**
 * The sender's address (stored, and what the rejection budget counts against): the peer, or
 * behind the operator's own proxy (HOOKLINE_TRUST_PROXY=1) the last X-Forwarded-For hop (lib/net/client-address.ts).
 */
function sourceAddress(req: IncomingMessage): string | null {
  const forwarded = req.headers["x-forwarded-for"];
  return clientAddress(typeof forwarded === "string" ? forwarded : undefined, peerAddress(req.socket));
}
