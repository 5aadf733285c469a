// Rows of a data table, addressed by key (in the body or the query, so any key text works):
// GET ?cursor&limit&prefix - a page of rows by key; PUT {key, value?, data?} - create or change a
// row; POST {op, key, amount, floor?, idempotencyKey?} - increment/decrement atomically;
// DELETE ?key= - remove a row
import { fromZod, notFound } from "@/lib/api/errors";
import { apiRoute, json, readJson } from "@/lib/api/handler";
import { adjustTableRow } from "@/lib/tables/adjust";
import { deleteRow, listRows, upsertRow } from "@/lib/tables/rows";
import { adjustRowBody, deleteRowQuery, rowsQuery, upsertRowBody } from "@/lib/tables/types";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";
import type { z } from "zod";

type Ctx = { params: Promise<{ id: string }> };

function query<S extends z.ZodType>(req: Request, schema: S): z.output<S> {
  const parsed = schema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) throw fromZod(parsed.error, "query");
  return parsed.data;
}

export const GET = apiRoute<Ctx>(async (req, { params }) =>
  json(await listRows(await currentWorkspaceId(), (await params).id, query(req, rowsQuery))),
);

export const PUT = apiRoute<Ctx>(async (req, { params }) => {
  const body = await readJson(req, upsertRowBody);
  const { row, created } = await upsertRow(await currentWorkspaceId(), (await params).id, body);
  return json(row, created ? 201 : 200);
});

export const POST = apiRoute<Ctx>(async (req, { params }) => {
  const body = await readJson(req, adjustRowBody);
  return json(await adjustTableRow(await currentWorkspaceId(), (await params).id, body));
});

export const DELETE = apiRoute<Ctx>(async (req, { params }) => {
  const { key } = query(req, deleteRowQuery);
  if (!(await deleteRow(await currentWorkspaceId(), (await params).id, key))) throw notFound("Row");
  return new Response(null, { status: 204 });
});
