// Rows of a data table: list (by key, paged), get, upsert, delete. The table is checked to belong
// to the workspace first; rows are addressed by (table, key).
import "server-only";
import { getDb } from "@/lib/db";
import { findTableOrThrow } from "./tables";
import type { RowView, UpsertRow } from "./types";

type Row = { key: string; value: number | null; data: string; createdAt: Date; updatedAt: Date };

export function rowView(r: Row): RowView {
  let data: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(r.data);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) data = parsed as Record<string, unknown>;
  } catch {
    // stored by this module as JSON; an unreadable document shows as empty rather than failing the page
  }
  return {
    key: r.key,
    value: r.value,
    data,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

const isUniqueViolation = (e: unknown) => (e as { code?: string }).code === "P2002";

export async function listRows(
  workspaceId: string,
  tableId: string,
  q: { cursor?: string; limit: number; prefix?: string },
) {
  await findTableOrThrow(workspaceId, tableId);
  const db = await getDb();
  const rows = await db.dataRow.findMany({
    where: {
      tableId,
      ...(q.cursor !== undefined ? { key: { gt: q.cursor } } : {}),
      ...(q.prefix ? { AND: [{ key: { startsWith: q.prefix } }] } : {}),
    },
    orderBy: { key: "asc" },
    take: q.limit + 1,
  });
  const more = rows.length > q.limit;
  const items = rows.slice(0, q.limit).map(rowView);
  return { items, nextCursor: more ? items[items.length - 1]!.key : null };
}

/** The row, or null. Call with a table id already checked against the workspace. */
export async function readRow(tableId: string, key: string): Promise<RowView | null> {
  const db = await getDb();
  const row = await db.dataRow.findUnique({ where: { tableId_key: { tableId, key } } });
  return row ? rowView(row) : null;
}

export async function getRow(workspaceId: string, tableId: string, key: string): Promise<RowView | null> {
  await findTableOrThrow(workspaceId, tableId);
  return readRow(tableId, key);
}

/**
 * Creates the row or changes it in one statement: `value` and `data` replace what is stored when
 * given, and are left alone when omitted. Returns the row and whether it was created.
 */
export async function writeRow(tableId: string, input: UpsertRow): Promise<{ row: RowView; created: boolean }> {
  const db = await getDb();
  const where = { tableId_key: { tableId, key: input.key } };
  const update = {
    ...(input.value !== undefined ? { value: input.value } : {}),
    ...(input.data !== undefined ? { data: JSON.stringify(input.data) } : {}),
  };
  for (let attempt = 0; ; attempt++) {
    const before = await db.dataRow.findUnique({ where, select: { key: true } });
    try {
      const row = await db.dataRow.upsert({
        where,
        create: { tableId, key: input.key, value: input.value ?? null, data: JSON.stringify(input.data ?? {}) },
        // An empty update still bumps updatedAt, so "touching" a row is visible.
        update: { ...update, updatedAt: new Date() },
      });
      return { row: rowView(row), created: before === null };
    } catch (e) {
      // Two upserts creating the same new row at once: the loser updates the winner's row.
      if (isUniqueViolation(e) && attempt === 0) continue;
      throw e;
    }
  }
}

export async function upsertRow(workspaceId: string, tableId: string, input: UpsertRow) {
  await findTableOrThrow(workspaceId, tableId);
  return writeRow(tableId, input);
}

/** True when a row was deleted. */
export async function removeRow(tableId: string, key: string): Promise<boolean> {
  const db = await getDb();
  const { count } = await db.dataRow.deleteMany({ where: { tableId, key } });
  return count > 0;
}

export async function deleteRow(workspaceId: string, tableId: string, key: string): Promise<boolean> {
  await findTableOrThrow(workspaceId, tableId);
  return removeRow(tableId, key);
}
