// POST /api/runs/:id/dry-run - the same delivery through the current draft, side effects replaced by previews -> 201 {runId}
import { apiRoute, json } from "@/lib/api/handler";
import { dryRunOnDraft } from "@/lib/runs/replay";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

type Ctx = { params: Promise<{ id: string }> };

export const POST = apiRoute<Ctx>(async (_req, { params }) =>
  json(await dryRunOnDraft(await currentWorkspaceId(), (await params).id), 201),
);
