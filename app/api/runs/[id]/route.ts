// GET /api/runs/:id - one run with its steps, definition and delivery
import { apiRoute, json } from "@/lib/api/handler";
import { getRun } from "@/lib/runs/get-run";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

type Ctx = { params: Promise<{ id: string }> };

export const GET = apiRoute<Ctx>(async (_req, { params }) =>
  json(await getRun(await currentWorkspaceId(), (await params).id)),
);
