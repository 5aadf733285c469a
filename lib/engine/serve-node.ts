// The app's Inngest functions on a plain node:http handler (inngest/node): for scripts/server.ts
// (an external Inngest calls the public listener), for the loopback endpoint the embedded executor
// calls (the steps process, or serveOnLoopback in whichever process runs the executor), and for the
// integration harness. app/api/inngest/route.ts serves the same functions through Next.
import "server-only";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "inngest/node";
import { getInngest, INNGEST_PATH, serveOptions } from "@/lib/inngest/client";
import { appFunctions } from "./flow-function";

export const isInngestPath = (url: string | undefined) =>
  url === INNGEST_PATH || Boolean(url?.startsWith(`${INNGEST_PATH}?`));

export function inngestNodeHandler() {
  const client = getInngest();
  return serve({ client, functions: appFunctions(client), ...serveOptions() });
}

/**
 * The SDK endpoint on 127.0.0.1 (`port` 0: any free port), and nothing else on that listener: in
 * embedded mode the executor calls only this, never the public listener. Resolves once listening.
 */
export async function serveOnLoopback(port = 0) {
  const serveInngest = inngestNodeHandler();
  const server = http.createServer((req, res) => {
    if (isInngestPath(req.url)) return void serveInngest(req, res);
    res.writeHead(404).end();
  });
  // The executor keeps its connections alive between calls (lib/net/loopback-fetch.ts).
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${INNGEST_PATH}`,
    server,
    /**
     * Stops accepting; the calls in flight are answered (at most `graceMs`, then their connections
     * are cut and the executor calls them again). The executor's kept-alive connections are closed
     * as soon as they fall idle.
     */
    close: (graceMs = 0) =>
      new Promise<void>((resolve) => {
        const idle = setInterval(() => server.closeIdleConnections(), 20);
        const cut = setTimeout(() => server.closeAllConnections(), graceMs);
        server.close(() => {
          clearInterval(idle);
          clearTimeout(cut);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
