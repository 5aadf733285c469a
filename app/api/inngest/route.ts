// GET|POST|PUT /api/inngest - the Inngest SDK endpoint, driven by the embedded executor or Inngest.
import { serve } from "inngest/next";
import { createFlowFunction } from "@/lib/engine/flow-function";
import { getInngest } from "@/lib/inngest/client";

type Handlers = ReturnType<typeof serve>;
let handlers: Handlers | undefined;
// Built on first request, not at import: `next build` imports routes and must not read env/keys.
const h = () => {
  if (!handlers) {
    const client = getInngest();
    handlers = serve({ client, functions: [createFlowFunction(client)] });
  }
  return handlers;
};

export const dynamic = "force-dynamic";
export const GET = (req: Request, ctx: unknown) => h().GET(req as never, ctx as never);
export const POST = (req: Request, ctx: unknown) => h().POST(req as never, ctx as never);
export const PUT = (req: Request, ctx: unknown) => h().PUT(req as never, ctx as never);
