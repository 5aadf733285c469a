// GET /api/flows/:id/sample - the latest request to the test URL, parsed (null until one arrives)
import { apiRoute, json } from "@/lib/api/handler";
import { latestSample } from "@/lib/webhooks/latest-sample";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

type Ctx = { params: Promise<{ id: string }> };

export const GET = apiRoute<Ctx>(async (_req, { params }) =>
  json({ sample: await latestSample(await currentWorkspaceId(), (await params).id) }),
);
