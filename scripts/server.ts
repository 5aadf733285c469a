// The production server (`npm start`): one node:http listener; webhook URLs and the Inngest
// endpoint are answered by lean handlers, everything else by Next. Bundled by esbuild into .next/hookline-server.mjs
// during `npm run build`.
import http from "node:http";
import next from "next";
import { startBackground, stopBackground } from "@/lib/background";
import { closeDb } from "@/lib/db";
import { handleNodeRequest } from "@/lib/webhooks/handle-node-request";
import { inngestNodeHandler } from "@/lib/engine/serve-node";

const hostname = process.env.HOST || "127.0.0.1";
const port = Number(process.env.PORT || 3000);

const app = next({ dev: false, hostname, port, dir: process.cwd() });
const handle = app.getRequestHandler();
await app.prepare();

// The two machine-to-machine paths skip Next's request pipeline: webhook deliveries (the hot
// path) and the executor's calls into the Inngest SDK (one per step). Same code as the Next
// routes app/api/hooks and app/api/inngest, which serve `next dev`.
const serveInngest = inngestNodeHandler();
const server = http.createServer((req, res) => {
  if (handleNodeRequest(req, res)) return;
  if (req.url === "/api/inngest" || req.url?.startsWith("/api/inngest?")) return void serveInngest(req, res);
  void handle(req, res);
});
server.keepAliveTimeout = 65_000; // longer than common load balancers' idle timeout
server.listen(port, hostname, () => {
  console.log(`[hookline] serving on http://${hostname}:${port}`);
  void startBackground();
});

async function shutdown() {
  setTimeout(() => process.exit(1), 5000).unref(); // never hang on a stuck connection
  server.close();
  server.closeIdleConnections();
  await stopBackground();
  await app.close();
  await closeDb();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown());
process.on("SIGINT", () => void shutdown());
