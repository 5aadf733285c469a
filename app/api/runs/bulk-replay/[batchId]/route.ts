// GET /api/runs/bulk-replay/:batchId - progress of a bulk replay {total, finished, succeeded, failed, ...}
import { apiRoute, json } from "@/lib/api/handler";
import { batchProgress } from "@/lib/runs/replay";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

type Ctx = { params: Promise<{ batchId: string }> };

export const GET = apiRoute<Ctx>(async (_req, { params }) =>
  json(await batchProgress(await currentWorkspaceId(), (await params).batchId)),
);
