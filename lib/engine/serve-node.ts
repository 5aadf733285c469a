// The app's Inngest functions on a plain node:http handler (inngest/node), for scripts/server.ts
// and the integration harness. app/api/inngest/route.ts serves the same functions through Next.
import "server-only";
import { serve } from "inngest/node";
import { getInngest } from "@/lib/inngest/client";
import { createFlowFunction } from "./flow-function";

export function inngestNodeHandler() {
  const client = getInngest();
  return serve({ client, functions: [createFlowFunction(client)] });
}
