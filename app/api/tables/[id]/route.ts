// GET /api/tables/:id - one table (with its row count); PUT - rename it or its value field;
// DELETE - remove it with its rows
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { deleteTable, getTable, updateTable } from "@/lib/tables/tables";
import { updateTableBody } from "@/lib/tables/types";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";

type Ctx = { params: Promise<{ id: string }> };

export const GET = apiRoute<Ctx>(async (_req, { params }) =>
  json(await getTable(await currentWorkspaceId(), (await params).id)),
);

export const PUT = apiRoute<Ctx>(async (req, { params }) => {
  const body = await readJson(req, updateTableBody);
  return json(await updateTable(await currentWorkspaceId(), (await params).id, body));
});

export const DELETE = apiRoute<Ctx>(async (_req, { params }) => {
  await deleteTable(await currentWorkspaceId(), (await params).id);
  return new Response(null, { status: 204 });
});
