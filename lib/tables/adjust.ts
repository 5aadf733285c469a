// Increment / decrement a row's numeric value, atomically, never below a floor.
//
// The change is ONE conditional UPDATE: `SET value = value - amount WHERE tableId = ? AND key = ?
// AND value >= floor + amount`. Concurrent decrements cannot oversell on either database: SQLite
// runs writers one at a time, and PostgreSQL re-checks the WHERE against the row's newest version
// after waiting for its lock (READ COMMITTED). A decrement that would cross the floor changes
// nothing and answers `{ ok: false, reason: "below_floor" }`.
//
// With an idempotency key (the engine passes `<runId>:<nodeId>`), the key is claimed in a
// DataRowOp row in the same transaction as the UPDATE, and the result stored there: a retried step
// applies once and gets the first result back, even when the retry races the first attempt.
import "server-only";
import { getDb, type Tx } from "@/lib/db";
import { findTableOrThrow } from "./tables";
import type { AdjustOp, AdjustResult } from "./types";

export type Adjust = { op: AdjustOp; key: string; amount: number; floor: number; idempotencyKey?: string };

const isUniqueViolation = (e: unknown) => (e as { code?: string }).code === "P2002";

type Client = Pick<Tx, "dataRow">;

async function apply(db: Client, tableId: string, a: Adjust): Promise<AdjustResult> {
  const where = { tableId, key: a.key };
  const updatedAt = new Date();
  const changed =
    a.op === "increment"
      ? await db.dataRow.updateManyAndReturn({
          where: { ...where, value: { not: null } },
          data: { value: { increment: a.amount }, updatedAt },
          select: { value: true },
        })
      : await db.dataRow.updateManyAndReturn({
          where: { ...where, value: { gte: a.floor + a.amount } },
          data: { value: { decrement: a.amount }, updatedAt },
          select: { value: true },
        });
  const after = changed[0]?.value;
  if (typeof after === "number") {
    return {
      ok: true,
      key: a.key,
      value: after,
      previous: a.op === "increment" ? after - a.amount : after + a.amount,
      amount: a.amount,
    };
  }
  // Nothing changed: say why.
  const row = await db.dataRow.findUnique({ where: { tableId_key: where }, select: { value: true } });
  if (!row) return { ok: false, reason: "not_found", key: a.key, amount: a.amount };
  if (row.value === null) return { ok: false, reason: "no_value", key: a.key, amount: a.amount };
  return { ok: false, reason: "below_floor", key: a.key, value: row.value, floor: a.floor, amount: a.amount };
}

/** An increment starts a missing row (or an empty value) at 0; a decrement does not. */
async function prepareIncrement(tableId: string, key: string) {
  const db = await getDb();
  const row = await db.dataRow.findUnique({ where: { tableId_key: { tableId, key } }, select: { value: true } });
  if (row && row.value !== null) return;
  if (row) {
    await db.dataRow.updateMany({ where: { tableId, key, value: null }, data: { value: 0 } });
    return;
  }
  try {
    await db.dataRow.create({ data: { tableId, key, value: 0, data: "{}" } });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e; // created by a concurrent increment: fine
  }
}

async function storedResult(tableId: string, idempotencyKey: string): Promise<AdjustResult | undefined> {
  const db = await getDb();
  const op = await db.dataRowOp.findUnique({
    where: { tableId_idempotencyKey: { tableId, idempotencyKey } },
    select: { result: true },
  });
  return op && op.result ? (JSON.parse(op.result) as AdjustResult) : undefined;
}

/** Applies the change to a table already checked against the workspace. */
export async function adjustRow(tableId: string, a: Adjust): Promise<AdjustResult> {
  const db = await getDb();
  const idem = a.idempotencyKey;
  if (idem) {
    const done = await storedResult(tableId, idem);
    if (done) return done;
  }
  if (a.op === "increment") await prepareIncrement(tableId, a.key);
  if (!idem) return apply(db, tableId, a);
  try {
    return await db.$transaction(
      async (tx) => {
        // Claimed first: on SQLite this takes the write lock at once; on PostgreSQL a concurrent
        // claim of the same key waits here and then fails, after this transaction commits.
        await tx.dataRowOp.create({ data: { tableId, idempotencyKey: idem, key: a.key, op: a.op, result: "" } });
        const result = await apply(tx, tableId, a);
        await tx.dataRowOp.update({
          where: { tableId_idempotencyKey: { tableId, idempotencyKey: idem } },
          data: { result: JSON.stringify(result) },
        });
        return result;
      },
      { maxWait: 15_000, timeout: 15_000 },
    );
  } catch (e) {
    if (isUniqueViolation(e)) {
      const done = await storedResult(tableId, idem);
      if (done) return done;
    }
    throw e;
  }
}

export async function adjustTableRow(workspaceId: string, tableId: string, a: Adjust): Promise<AdjustResult> {
  await findTableOrThrow(workspaceId, tableId);
  return adjustRow(tableId, a);
}

/** Forgets idempotency records older than `before` (a retry comes within hours, not weeks). */
export async function pruneRowOps(before: Date): Promise<number> {
  const db = await getDb();
  const { count } = await db.dataRowOp.deleteMany({ where: { createdAt: { lt: before } } });
  return count;
}
