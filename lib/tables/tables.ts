// The workspace's data tables: list, create, rename, delete. Another workspace's table is "not
// found"; a second table with the same name is a 409.
import "server-only";
import { ApiError, notFound } from "@/lib/api/errors";
import { getDb } from "@/lib/db";
import { newId } from "@/lib/ids";
import type { TableView } from "./types";

type TableRow = { id: string; name: string; valueField: string; createdAt: Date; updatedAt: Date };

const view = (t: TableRow, rowCount: number): TableView => ({
  id: t.id,
  name: t.name,
  valueField: t.valueField,
  rowCount,
  createdAt: t.createdAt.toISOString(),
  updatedAt: t.updatedAt.toISOString(),
});

const isUniqueViolation = (e: unknown) => (e as { code?: string }).code === "P2002";
const nameTaken = (name: string) => new ApiError("conflict", `A table named "${name}" already exists`);

/** Sorted here by name: SQLite and PostgreSQL collate differently. */
export async function listTables(workspaceId: string): Promise<TableView[]> {
  const db = await getDb();
  const tables = await db.dataTable.findMany({
    where: { workspaceId },
    include: { _count: { select: { rows: true } } },
  });
  return tables
    .map((t) => view(t, t._count.rows))
    .sort((a, b) => a.name.localeCompare(b.name, "en", { sensitivity: "base" }) || a.id.localeCompare(b.id));
}

export async function findTableOrThrow(workspaceId: string, id: string) {
  const db = await getDb();
  const table = await db.dataTable.findFirst({ where: { id, workspaceId } });
  if (!table) throw notFound("Table");
  return table;
}

/** For the Data table node, which names its table. */
export async function findTableByName(workspaceId: string, name: string) {
  const db = await getDb();
  return db.dataTable.findUnique({ where: { workspaceId_name: { workspaceId, name } } });
}

export async function getTable(workspaceId: string, id: string): Promise<TableView> {
  const table = await findTableOrThrow(workspaceId, id);
  const db = await getDb();
  return view(table, await db.dataRow.count({ where: { tableId: id } }));
}

export async function createTable(
  workspaceId: string,
  input: { name: string; valueField?: string },
): Promise<TableView> {
  const db = await getDb();
  try {
    const t = await db.dataTable.create({
      data: { id: newId("tbl"), workspaceId, name: input.name, valueField: input.valueField ?? "value" },
    });
    return view(t, 0);
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken(input.name);
    throw e;
  }
}

export async function updateTable(
  workspaceId: string,
  id: string,
  input: { name?: string; valueField?: string },
): Promise<TableView> {
  const db = await getDb();
  try {
    const { count } = await db.dataTable.updateMany({ where: { id, workspaceId }, data: input });
    if (count === 0) throw notFound("Table");
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken(input.name ?? "");
    throw e;
  }
  return getTable(workspaceId, id);
}

/** Deletes the table with its rows (and their idempotency records). */
export async function deleteTable(workspaceId: string, id: string): Promise<void> {
  const db = await getDb();
  const { count } = await db.dataTable.deleteMany({ where: { id, workspaceId } });
  if (count === 0) throw notFound("Table");
}
