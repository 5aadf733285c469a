// Small helpers for the raw statements of run history (bulk inserts, portable on both databases).
import "server-only";
import { usingPostgres } from "@/lib/db";

/** `(?, ?), (?, ?)` on SQLite, `($1, $2), ($3, $4)` on PostgreSQL. */
export function valuesList(rows: number, cols: number, start = 0): string {
  const pg = usingPostgres();
  let n = start;
  const row = () => `(${Array.from({ length: cols }, () => (pg ? `$${++n}` : "?")).join(", ")})`;
  return Array.from({ length: rows }, row).join(", ");
}

/** The smallest id newId(prefix) can produce at `ms` (ids start with their time in base 36). */
export const idAt = (prefix: string, ms: number) =>
  `${prefix}_${Math.max(0, Math.floor(ms)).toString(36).padStart(9, "0")}`;

/** The time encoded in a sortable id. */
export const idTime = (id: string) => parseInt(id.slice(id.indexOf("_") + 1, id.indexOf("_") + 10), 36);
