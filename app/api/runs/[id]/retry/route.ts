// POST /api/runs/:id/retry - retry a failed run from its failed step (earlier steps keep their outputs) -> 201 {runId}
import { apiRoute, json } from "@/lib/api/handler";
import { retryFromFailure } from "@/lib/engine/control";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

type Ctx = { params: Promise<{ id: string }> };

export const POST = apiRoute<Ctx>(async (_req, { params }) =>
  json(await retryFromFailure((await params).id, { workspaceId: await currentWorkspaceId() }), 201),
);
