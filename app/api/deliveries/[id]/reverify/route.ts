// POST /api/deliveries/:id/reverify - judge a rejected or filtered delivery again with the flow's current
// settings; if it passes now it runs -> {id, verdict, reason, priorVerdict, runId}
import { apiRoute, json } from "@/lib/api/handler";
import { reverifyDelivery } from "@/lib/deliveries/reverify";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

type Ctx = { params: Promise<{ id: string }> };

export const POST = apiRoute<Ctx>(async (_req, { params }) =>
  json(await reverifyDelivery(await currentWorkspaceId(), (await params).id)),
);
