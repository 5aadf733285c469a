// Data tables on SQLite and PostgreSQL: tables and rows per workspace, the atomic floor-guarded
// decrement under concurrency (no oversell), idempotent retries, and the REST API's answers.
import { beforeAll, describe, expect, inject, it } from "vitest";
import { GET as getTableRoute, PUT as putTableRoute, DELETE as deleteTableRoute } from "@/app/api/tables/[id]/route";
import {
  DELETE as deleteRowRoute,
  GET as listRowsRoute,
  POST as adjustRoute,
  PUT as upsertRoute,
} from "@/app/api/tables/[id]/rows/route";
import { GET as listTablesRoute, POST as createTableRoute } from "@/app/api/tables/route";
import { getDb } from "@/lib/db";
import { newId } from "@/lib/ids";
import { sweepDataRowOps } from "@/lib/retention/retention";
import { adjustRow, adjustTableRow, pruneRowOps } from "@/lib/tables/adjust";
import { deleteRow, getRow, listRows, upsertRow } from "@/lib/tables/rows";
import { createTable, deleteTable, getTable, listTables, updateTable } from "@/lib/tables/tables";
import { signedIn, type TestUser } from "../support/auth";

async function newWorkspace(label: string) {
  const db = await getDb();
  return (await db.workspace.create({ data: { id: newId("ws"), name: label } })).id;
}

const code = (p: Promise<unknown>) =>
  p.then(
    () => "resolved",
    (e: { code?: string }) => e.code ?? String(e),
  );

let ws: string;
beforeAll(async () => {
  ws = await newWorkspace("tables");
});

describe(`data tables (${inject("database")})`, () => {
  it("creates, lists, renames and deletes tables, names unique per workspace", async () => {
    const t = await createTable(ws, { name: "Stock", valueField: "stock" });
    expect(t).toMatchObject({ name: "Stock", valueField: "stock", rowCount: 0 });
    expect(await code(createTable(ws, { name: "Stock" }))).toBe("conflict");
    const other = await newWorkspace("other");
    const theirs = await createTable(other, { name: "Stock" }); // same name, another workspace: fine

    const b = await createTable(ws, { name: "audit" });
    expect((await listTables(ws)).map((x) => x.name)).toEqual(["audit", "Stock"]);
    expect(await code(updateTable(ws, b.id, { name: "Stock" }))).toBe("conflict");
    expect((await updateTable(ws, b.id, { name: "Audit log" })).name).toBe("Audit log");

    // Another workspace's table is not found, whatever the operation.
    expect(await code(getTable(ws, theirs.id))).toBe("not_found");
    expect(await code(upsertRow(ws, theirs.id, { key: "x", value: 1 }))).toBe("not_found");
    expect(await code(adjustTableRow(ws, theirs.id, { op: "decrement", key: "x", amount: 1, floor: 0 }))).toBe(
      "not_found",
    );
    expect(await code(deleteTable(ws, theirs.id))).toBe("not_found");

    await upsertRow(ws, b.id, { key: "a", value: 1 });
    await deleteTable(ws, b.id);
    expect(await code(getTable(ws, b.id))).toBe("not_found");
    expect(await (await getDb()).dataRow.count({ where: { tableId: b.id } })).toBe(0);
  });

  it("upserts, pages, reads and deletes rows", async () => {
    const t = await createTable(ws, { name: "rows" });
    const first = await upsertRow(ws, t.id, { key: "SKU-1", value: 10, data: { title: "Mug" } });
    expect(first.created).toBe(true);
    expect(first.row).toMatchObject({ key: "SKU-1", value: 10, data: { title: "Mug" } });
    // Omitted fields stay; given ones replace.
    const second = await upsertRow(ws, t.id, { key: "SKU-1", data: { title: "Big mug" } });
    expect(second.created).toBe(false);
    expect(second.row).toMatchObject({ value: 10, data: { title: "Big mug" } });
    expect((await upsertRow(ws, t.id, { key: "SKU-1", value: null })).row).toMatchObject({
      value: null,
      data: { title: "Big mug" },
    });

    for (let i = 2; i <= 7; i++) await upsertRow(ws, t.id, { key: `SKU-${i}`, value: i });
    await upsertRow(ws, t.id, { key: "other", value: 0 });
    const page1 = await listRows(ws, t.id, { limit: 4 });
    expect(page1.items.map((r) => r.key)).toEqual(["SKU-1", "SKU-2", "SKU-3", "SKU-4"]);
    const page2 = await listRows(ws, t.id, { limit: 4, cursor: page1.nextCursor! });
    expect(page2.items.map((r) => r.key)).toEqual(["SKU-5", "SKU-6", "SKU-7", "other"]);
    expect(page2.nextCursor).toBeNull();
    expect((await listRows(ws, t.id, { limit: 100, prefix: "oth" })).items.map((r) => r.key)).toEqual(["other"]);
    expect((await getTable(ws, t.id)).rowCount).toBe(8);

    expect(await deleteRow(ws, t.id, "other")).toBe(true);
    expect(await deleteRow(ws, t.id, "other")).toBe(false);
    expect(await getRow(ws, t.id, "other")).toBeNull();
  });

  it("decrements down to the floor and refuses to cross it", async () => {
    const t = await createTable(ws, { name: "floor" });
    await upsertRow(ws, t.id, { key: "A", value: 5 });
    const dec = (amount: number, floor = 0) => adjustRow(t.id, { op: "decrement", key: "A", amount, floor });
    expect(await dec(3)).toEqual({ ok: true, key: "A", value: 2, previous: 5, amount: 3 });
    expect(await dec(3)).toEqual({ ok: false, reason: "below_floor", key: "A", value: 2, floor: 0, amount: 3 });
    expect(await dec(1, 1)).toEqual({ ok: true, key: "A", value: 1, previous: 2, amount: 1 });
    expect(await dec(1, 1)).toMatchObject({ ok: false, reason: "below_floor", value: 1 });
    // A negative floor allows backorders down to it.
    expect(await dec(3, -2)).toMatchObject({ ok: true, value: -2 });
    expect(await dec(1, -2)).toMatchObject({ ok: false, reason: "below_floor", value: -2 });

    expect(await adjustRow(t.id, { op: "decrement", key: "missing", amount: 1, floor: 0 })).toEqual({
      ok: false,
      reason: "not_found",
      key: "missing",
      amount: 1,
    });
    await upsertRow(ws, t.id, { key: "empty", value: null });
    expect(await adjustRow(t.id, { op: "decrement", key: "empty", amount: 1, floor: 0 })).toMatchObject({
      ok: false,
      reason: "no_value",
    });

    // Increments create a missing row (and fill an empty value) from 0.
    expect(await adjustRow(t.id, { op: "increment", key: "new", amount: 2.5, floor: 0 })).toEqual({
      ok: true,
      key: "new",
      value: 2.5,
      previous: 0,
      amount: 2.5,
    });
    expect(await adjustRow(t.id, { op: "increment", key: "empty", amount: 4, floor: 0 })).toMatchObject({
      ok: true,
      value: 4,
    });
  });

  it("never oversells: 50 concurrent decrements of 1 on a stock of 20", async () => {
    const t = await createTable(ws, { name: "race" });
    await upsertRow(ws, t.id, { key: "SKU", value: 20 });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        adjustRow(t.id, {
          op: "decrement",
          key: "SKU",
          amount: 1,
          floor: 0,
          ...(i % 2 ? { idempotencyKey: `run_${i}:n` } : {}),
        }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(20);
    expect(results.filter((r) => !r.ok && r.reason === "below_floor")).toHaveLength(30);
    expect((await getRow(ws, t.id, "SKU"))?.value).toBe(0);
    // Every successful decrement saw a distinct stock level: 19, 18, ..., 0.
    const levels = results.flatMap((r) => (r.ok ? [r.value] : [])).sort((a, b) => a - b);
    expect(levels).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it("stays exact with mixed concurrent increments and decrements", async () => {
    const t = await createTable(ws, { name: "mixed" });
    await upsertRow(ws, t.id, { key: "K", value: 10 });
    const ops = Array.from({ length: 40 }, (_, i) =>
      adjustRow(t.id, {
        op: i % 2 ? "increment" : "decrement",
        key: "K",
        amount: 2,
        floor: 0,
        idempotencyKey: `mixed_${i}`,
      }),
    );
    const results = await Promise.all(ops);
    const inc = results.filter((r, i) => i % 2 && r.ok).length;
    const dec = results.filter((r, i) => i % 2 === 0 && r.ok).length;
    expect(inc).toBe(20);
    expect((await getRow(ws, t.id, "K"))?.value).toBe(10 + 2 * inc - 2 * dec);
    expect((await getRow(ws, t.id, "K"))!.value!).toBeGreaterThanOrEqual(0);
  });

  it("applies a write with the same idempotency key once, also when the retries race", async () => {
    const t = await createTable(ws, { name: "idem" });
    await upsertRow(ws, t.id, { key: "SKU", value: 10 });
    const once = { op: "decrement" as const, key: "SKU", amount: 3, floor: 0, idempotencyKey: "run_1:stock" };
    const first = await adjustRow(t.id, once);
    expect(first).toEqual({ ok: true, key: "SKU", value: 7, previous: 10, amount: 3 });
    expect(await adjustRow(t.id, once)).toEqual(first);
    const raced = await Promise.all(
      Array.from({ length: 10 }, () => adjustRow(t.id, { ...once, idempotencyKey: "run_2:stock" })),
    );
    expect(new Set(raced.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(raced[0]).toMatchObject({ ok: true, value: 4 });
    expect((await getRow(ws, t.id, "SKU"))?.value).toBe(4);

    // A refusal is remembered too: the retry does not decrement after stock came back.
    const refused = await adjustRow(t.id, { ...once, amount: 5, idempotencyKey: "run_3:stock" });
    expect(refused).toMatchObject({ ok: false, reason: "below_floor", value: 4 });
    await upsertRow(ws, t.id, { key: "SKU", value: 100 });
    expect(await adjustRow(t.id, { ...once, amount: 5, idempotencyKey: "run_3:stock" })).toEqual(refused);
    expect((await getRow(ws, t.id, "SKU"))?.value).toBe(100);

    // Keys are per table and are forgotten by pruning.
    const db = await getDb();
    expect(await db.dataRowOp.count({ where: { tableId: t.id } })).toBe(3);
    expect(await pruneRowOps(new Date(Date.now() + 1000))).toBeGreaterThanOrEqual(3);
    expect(await db.dataRowOp.count({ where: { tableId: t.id } })).toBe(0);
  });

  it("the retention sweep forgets idempotency records after 30 days, keeps recent ones", async () => {
    const t = await createTable(ws, { name: "idem-retention" });
    await upsertRow(ws, t.id, { key: "SKU", value: 10 });
    await adjustRow(t.id, { op: "decrement", key: "SKU", amount: 1, floor: 0, idempotencyKey: "run_old:stock" });
    await adjustRow(t.id, { op: "decrement", key: "SKU", amount: 1, floor: 0, idempotencyKey: "run_new:stock" });
    const db = await getDb();
    await db.dataRowOp.update({
      where: { tableId_idempotencyKey: { tableId: t.id, idempotencyKey: "run_old:stock" } },
      data: { createdAt: new Date(Date.now() - 31 * 86_400_000) },
    });
    expect(await sweepDataRowOps()).toBeGreaterThanOrEqual(1);
    expect((await db.dataRowOp.findMany({ where: { tableId: t.id } })).map((o) => o.idempotencyKey)).toEqual([
      "run_new:stock",
    ]);
  });
});

// ---- the REST API, through the route handlers, as a signed-in editor of its own workspace ----

let editor: TestUser;
let viewer: TestUser;
let apiWs: string;
beforeAll(async () => {
  apiWs = await newWorkspace("tables api");
  editor = await signedIn({ workspaceId: apiWs, role: "editor" });
  viewer = await signedIn({ workspaceId: apiWs, role: "viewer" });
});

type Handler = (req: Request, ctx: never) => Promise<Response>;
type As = { headers: (extra?: Record<string, string>) => Record<string, string> } | null;
const callAs = async (
  who: As,
  handler: Handler,
  method: string,
  path: string,
  params: Record<string, string>,
  body?: unknown,
  contentType = "application/json",
) => {
  const headers = { ...(who ? who.headers() : {}), ...(body === undefined ? {} : { "content-type": contentType }) };
  const res = await handler(
    new Request(`http://localhost${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
    }),
    { params: Promise.resolve(params) } as never,
  );
  const text = await res.text();
  return {
    status: res.status,
    body: text
      ? (JSON.parse(text) as Record<string, unknown> & { error?: { code: string; message: string; details?: unknown } })
      : null,
  };
};
const call = (
  handler: Handler,
  method: string,
  path: string,
  params: Record<string, string>,
  body?: unknown,
  contentType?: string,
) => callAs(editor, handler, method, path, params, body, contentType);

describe(`/api/tables (${inject("database")})`, () => {
  it("answers each call with the right status and shape", async () => {
    const name = "Inventory";
    const created = await call(createTableRoute, "POST", "/api/tables", {}, { name, valueField: "stock" });
    expect(created.status).toBe(201);
    const id = created.body!.id as string;
    expect(created.body).toMatchObject({ name, valueField: "stock", rowCount: 0 });
    expect((await call(createTableRoute, "POST", "/api/tables", {}, { name })).status).toBe(409);

    const listed = await call(listTablesRoute, "GET", "/api/tables", {});
    expect((listed.body!.items as { id: string }[]).map((t) => t.id)).toContain(id);

    const p = { id };
    const put = (body: unknown) => call(upsertRoute, "PUT", `/api/tables/${id}/rows`, p, body);
    expect((await put({ key: "SKU/1 é", value: 3, data: { title: "Mug" } })).status).toBe(201);
    const changed = await put({ key: "SKU/1 é", value: 5 });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ key: "SKU/1 é", value: 5, data: { title: "Mug" } });

    const dec = await call(adjustRoute, "POST", `/api/tables/${id}/rows`, p, {
      op: "decrement",
      key: "SKU/1 é",
      amount: 2,
    });
    expect(dec).toMatchObject({ status: 200, body: { ok: true, value: 3, previous: 5 } });
    const refused = await call(adjustRoute, "POST", `/api/tables/${id}/rows`, p, {
      op: "decrement",
      key: "SKU/1 é",
      amount: 4,
      floor: 0,
    });
    expect(refused).toMatchObject({ status: 200, body: { ok: false, reason: "below_floor", value: 3 } });

    const rows = await call(listRowsRoute, "GET", `/api/tables/${id}/rows?limit=10`, p);
    expect(rows.body).toMatchObject({ items: [{ key: "SKU/1 é", value: 3 }], nextCursor: null });
    expect((await call(getTableRoute, "GET", `/api/tables/${id}`, p)).body).toMatchObject({ rowCount: 1 });

    expect(
      (await call(deleteRowRoute, "DELETE", `/api/tables/${id}/rows?key=${encodeURIComponent("SKU/1 é")}`, p)).status,
    ).toBe(204);
    expect((await call(deleteRowRoute, "DELETE", `/api/tables/${id}/rows?key=nope`, p)).status).toBe(404);

    const renamed = await call(putTableRoute, "PUT", `/api/tables/${id}`, p, { name: `${name} (shop)` });
    expect(renamed).toMatchObject({ status: 200, body: { name: `${name} (shop)` } });
    expect((await call(deleteTableRoute, "DELETE", `/api/tables/${id}`, p)).status).toBe(204);
    expect((await call(getTableRoute, "GET", `/api/tables/${id}`, p)).status).toBe(404);
    expect((await call(listRowsRoute, "GET", `/api/tables/${id}/rows`, p)).status).toBe(404);
  });

  it("needs a sign-in (401), an editor to write (403), and keeps other workspaces' tables out (404)", async () => {
    const mine = await call(createTableRoute, "POST", "/api/tables", {}, { name: "Mine" });
    expect(mine.status).toBe(201);
    const p = { id: mine.body!.id as string };
    expect((await callAs(null, listTablesRoute, "GET", "/api/tables", {})).status).toBe(401);
    expect((await callAs(null, upsertRoute, "PUT", `/api/tables/${p.id}/rows`, p, { key: "k", value: 1 })).status).toBe(
      401,
    );
    expect((await callAs(viewer, listRowsRoute, "GET", `/api/tables/${p.id}/rows`, p)).status).toBe(200);
    expect(
      (await callAs(viewer, adjustRoute, "POST", `/api/tables/${p.id}/rows`, p, { op: "increment", key: "k" })).status,
    ).toBe(403);
    expect((await callAs(viewer, createTableRoute, "POST", "/api/tables", {}, { name: "Nope" })).status).toBe(403);

    const other = await signedIn({ workspaceId: await newWorkspace("elsewhere"), role: "owner" });
    expect((await callAs(other, getTableRoute, "GET", `/api/tables/${p.id}`, p)).status).toBe(404);
    expect(
      (await callAs(other, upsertRoute, "PUT", `/api/tables/${p.id}/rows`, p, { key: "k", value: 1 })).status,
    ).toBe(404);
    expect((await callAs(other, deleteTableRoute, "DELETE", `/api/tables/${p.id}`, p)).status).toBe(404);
    expect(((await callAs(other, listTablesRoute, "GET", "/api/tables", {})).body!.items as unknown[]).length).toBe(0);
  });

  it("rejects bad input with 400 (field details), 415 and 404", async () => {
    const t = await call(createTableRoute, "POST", "/api/tables", {}, { name: `v ${newId("t")}` });
    const p = { id: t.body!.id as string };
    const path = `/api/tables/${p.id}/rows`;

    const noName = await call(createTableRoute, "POST", "/api/tables", {}, { name: "  ", valueField: "1bad" });
    expect(noName.status).toBe(400);
    expect((noName.body!.error!.details as { path: string }[]).map((d) => d.path).sort()).toEqual([
      "name",
      "valueField",
    ]);
    expect(
      (await call(createTableRoute, "POST", "/api/tables", {}, "name=x", "application/x-www-form-urlencoded")).status,
    ).toBe(415);
    expect((await call(createTableRoute, "POST", "/api/tables", {}, "{not json")).status).toBe(400);
    expect((await call(putTableRoute, "PUT", `/api/tables/${p.id}`, p, {})).status).toBe(400);

    const badRow = await call(upsertRoute, "PUT", path, p, { key: "", value: "12", data: [1] });
    expect(badRow.status).toBe(400);
    expect((badRow.body!.error!.details as { path: string }[]).map((d) => d.path).sort()).toEqual([
      "data",
      "key",
      "value",
    ]);
    const big = await call(upsertRoute, "PUT", path, p, { key: "k", data: { blob: "x".repeat(70_000) } });
    expect(big.status).toBe(400);
    expect(big.body!.error!.message).toMatch(/64 KB/);

    const badOp = await call(adjustRoute, "POST", path, p, { op: "multiply", key: "k", amount: -1 });
    expect(badOp.status).toBe(400);
    expect((badOp.body!.error!.details as { path: string }[]).map((d) => d.path).sort()).toEqual(["amount", "op"]);
    expect((await call(listRowsRoute, "GET", `${path}?limit=0`, p)).status).toBe(400);
    expect((await call(deleteRowRoute, "DELETE", path, p)).status).toBe(400);

    const missing = { id: "tbl_missing" };
    expect(
      (await call(upsertRoute, "PUT", "/api/tables/tbl_missing/rows", missing, { key: "k", value: 1 })).status,
    ).toBe(404);
    expect(
      (await call(adjustRoute, "POST", "/api/tables/tbl_missing/rows", missing, { op: "increment", key: "k" })).status,
    ).toBe(404);
    expect((await call(putTableRoute, "PUT", "/api/tables/tbl_missing", missing, { name: "x" })).status).toBe(404);
  });
});
