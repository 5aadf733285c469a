// The editor page's flow, read while the server renders the page, so the browser does not wait
// for hydration and a second request before it can draw the canvas. null when it cannot be read
// here (not signed in, another workspace, gone): the page then loads it from the API as before,
// which answers with the real reason.
import "server-only";
import { headers } from "next/headers";
import type { FlowDetail } from "@/lib/api/dto";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";
import { webhookUrls } from "@/lib/webhooks/webhook-url";
import { getFlowOrThrow } from "./get-flow-or-throw";
import { flowDetail } from "./to-dto";

export async function flowDetailForPage(flowId: string): Promise<FlowDetail | null> {
  try {
    const h = await headers();
    const flow = await getFlowOrThrow(await currentWorkspaceId(), flowId);
    // publicOrigin reads the host (and forwarded headers) as the API routes do.
    const req = new Request(`http://${h.get("host") ?? "localhost"}/`, { headers: h });
    return flowDetail(flow, flow.versions, webhookUrls(req, [flow.live, flow.test]));
  } catch {
    return null;
  }
}
