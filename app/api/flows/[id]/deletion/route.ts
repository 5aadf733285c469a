// GET /api/flows/:id/deletion - what deleting the flow takes with it (versions, URLs, deliveries, runs, unfinished runs)
import { apiRoute, json } from "@/lib/api/handler";
import { deletionSummary } from "@/lib/flows/delete-flow";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

type Ctx = { params: Promise<{ id: string }> };

export const GET = apiRoute<Ctx>(async (_req, { params }) =>
  json(await deletionSummary(await currentWorkspaceId(), (await params).id)),
);
