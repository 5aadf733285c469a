// GET /api/tables - the workspace's data tables; POST /api/tables - create one
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { createTable, listTables } from "@/lib/tables/tables";
import { createTableBody } from "@/lib/tables/types";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

export const GET = apiRoute(async () => json({ items: await listTables(await currentWorkspaceId()) }));

export const POST = apiRoute(async (req) => {
  const body = await readJson(req, createTableBody);
  return json(await createTable(await currentWorkspaceId(), body), 201);
});
