// POST /api/runs/:id/cancel - cancel a queued, held, running, sleeping or retrying run -> {runId, status: "cancelled"}
import { apiRoute, json } from "@/lib/api/handler";
import { cancelRun } from "@/lib/engine/control";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

type Ctx = { params: Promise<{ id: string }> };

export const POST = apiRoute<Ctx>(async (_req, { params }) =>
  json(await cancelRun((await params).id, { workspaceId: await currentWorkspaceId() })),
);
