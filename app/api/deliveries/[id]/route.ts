// GET /api/deliveries/:id - one stored delivery with its raw headers and body
import { apiRoute, json } from "@/lib/api/handler";
import { getDelivery } from "@/lib/webhooks/get-delivery";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

type Ctx = { params: Promise<{ id: string }> };

export const GET = apiRoute<Ctx>(async (_req, { params }) =>
  json(await getDelivery(await currentWorkspaceId(), (await params).id)),
);
