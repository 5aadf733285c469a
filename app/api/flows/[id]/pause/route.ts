// POST /api/flows/:id/pause {paused, held} - pause a flow (deliveries are held) or resume it,
// running or discarding what was held
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { pauseBody } from "@/lib/api/schemas";
import { setPaused } from "@/lib/flows/set-paused";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

type Ctx = { params: Promise<{ id: string }> };

export const POST = apiRoute<Ctx>(async (req, { params }) =>
  json(await setPaused(await currentWorkspaceId(), (await params).id, await readJson(req, pauseBody))),
);
