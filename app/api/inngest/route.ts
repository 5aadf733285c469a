// GET|POST|PUT /api/inngest - the Inngest SDK endpoint for an external Inngest (Cloud, self-hosted
// or the dev server). In embedded mode it is not served here: the executor calls the SDK on a
// loopback listener of its own (lib/engine/serve-node.ts serveOnLoopback), so nothing on the
// public listener can sync or call the functions. Under `npm start` scripts/server.ts answers this
// path before Next; this route serves `next dev`.
import { serve } from "inngest/next";
import { appFunctions } from "@/lib/engine/flow-function";
import { env } from "@/lib/env";
import { getInngest, serveOptions } from "@/lib/inngest/client";

type Handlers = ReturnType<typeof serve>;
let handlers: Handlers | undefined;
// Built on first request, not at import: `next build` imports routes and must not read env/keys.
const h = () => {
  if (!handlers) {
    const client = getInngest();
    handlers = serve({ client, functions: appFunctions(client), ...serveOptions() });
  }
  return handlers;
};

const notServed = () => Response.json({ error: "Not found" }, { status: 404 });
const external = () => env().executor === "external";

export const dynamic = "force-dynamic";
export const GET = (req: Request, ctx: unknown) => (external() ? h().GET(req as never, ctx as never) : notServed());
export const POST = (req: Request, ctx: unknown) => (external() ? h().POST(req as never, ctx as never) : notServed());
export const PUT = (req: Request, ctx: unknown) => (external() ? h().PUT(req as never, ctx as never) : notServed());
