// POST /api/flows/:id/archive {archived} - archive a flow (its URLs answer 410 and store nothing) or unarchive it
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { archiveBody, setArchived } from "@/lib/flows/archive-flow";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

type Ctx = { params: Promise<{ id: string }> };

export const POST = apiRoute<Ctx>(async (req, { params }) => {
  const { archived } = await readJson(req, archiveBody);
  return json(await setArchived(await currentWorkspaceId(), (await params).id, archived));
});
