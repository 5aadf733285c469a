// GET /api/flows/:id/runs/overview - runs per day, success rate, p50/p95 duration, last delivery, sender health
import { apiRoute, json } from "@/lib/api/handler";
import { flowOverview } from "@/lib/runs/overview";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

type Ctx = { params: Promise<{ id: string }> };

export const GET = apiRoute<Ctx>(async (_req, { params }) =>
  json(await flowOverview(await currentWorkspaceId(), (await params).id)),
);
