// GET /api/flows/:id/versions/:number - a published version's definition (restore as draft)
import { ApiError } from "@/lib/api/errors";
import { apiRoute, json } from "@/lib/api/handler";
import { getVersion } from "@/lib/flows/get-version";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

type Ctx = { params: Promise<{ id: string; number: string }> };

export const GET = apiRoute<Ctx>(async (_req, { params }) => {
  const p = await params;
  const number = Number(p.number);
  if (!Number.isInteger(number) || number < 1)
    throw new ApiError("bad_request", "Version must be a positive whole number");
  return json(await getVersion(await currentWorkspaceId(), p.id, number));
});
