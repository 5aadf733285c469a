// Runs, newest first, per flow or across the workspace, with keyset pagination on the
// time-sortable id. Every filter maps to an index seek: status and event type have their own
// (scope, value, id) indexes, a time range is an id range (ids start with their creation time),
// a delivery id has its index, and a payload value is looked up in RunSearchToken
// (workspaceId, token, runId) newest first. No OFFSET, no LIKE scans: a page costs the same at
// 10k rows as at 1M.
import "server-only";
import type { Page, RunSummary } from "@/lib/api/dto";
import { notFound } from "@/lib/api/errors";
import { getDb, usingPostgres } from "@/lib/db";
import type { RunFilter } from "@/lib/queries/run-filter";
import { indexedUpTo } from "./search-index";
import { bodyTokens, normalizeToken } from "./search-tokens";
import { idAt } from "./sql";
import { runSummary } from "./to-dto";

type ListOptions = RunFilter & { cursor?: string; limit: number };

/** How many newest not-yet-indexed runs a search scans directly (normally a few seconds' worth). */
const TAIL_SCAN = 500;

const summaryInclude = { version: { select: { number: true } }, flow: { select: { name: true } } } as const;

export async function listRuns(workspaceId: string, flowId: string | null, opts: ListOptions): Promise<Page<RunSummary>> {
  const db = await getDb();
  if (flowId && !(await db.flow.findFirst({ where: { id: flowId, workspaceId }, select: { id: true } }))) throw notFound("Flow");

  let q = opts.q;
  let deliveryId = opts.deliveryId;
  let runId: string | undefined;
  if (q && /^dlv_[0-9a-z]{10,40}$/i.test(q)) [deliveryId, q] = [q, undefined];
  else if (q && /^run_[0-9a-z]{10,40}$/i.test(q)) [runId, q] = [q, undefined];

  const idRange = {
    ...(opts.from ? { gte: idAt("run", opts.from.getTime()) } : {}),
    ...(upper(opts.cursor, opts.to ? idAt("run", opts.to.getTime() + 1) : undefined)),
  };
  const where = {
    workspaceId,
    ...(flowId ? { flowId } : {}),
    ...(opts.status?.length ? { status: opts.status.length === 1 ? opts.status[0] : { in: opts.status } } : {}),
    ...(opts.eventType ? { eventType: opts.eventType } : {}),
    ...(deliveryId ? { deliveryId } : {}),
  };

  if (runId) {
    const rows = await db.run.findMany({ where: { ...where, id: { ...idRange, equals: runId } }, include: summaryInclude });
    return { items: rows.map(runSummary), nextCursor: null };
  }
  if (!q) {
    // Several statuses: one index-ordered query per status (scope, status, id), merged here; an
    // IN list would make the database sort every matching row (or walk past the others).
    const statuses = opts.status && opts.status.length > 1 ? opts.status : [undefined];
    const lists = [];
    for (const status of statuses) {
      lists.push(await db.run.findMany({ where: { ...where, ...(status ? { status } : {}), id: idRange }, orderBy: { id: "desc" }, take: opts.limit + 1, include: summaryInclude }));
    }
    const rows = lists.flat().sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)).slice(0, opts.limit + 1);
    const items = rows.slice(0, opts.limit).map(runSummary);
    return { items, nextCursor: rows.length > opts.limit ? (items.at(-1)?.id ?? null) : null };
  }

  const token = normalizeToken(q);
  if (!token) return { items: [], nextCursor: null };
  const want = opts.limit + 1;
  const found: RunSummary[] = [];
  const indexed = await indexedUpTo();

  // 1. The unindexed tail (newest runs, past the indexer's cursor): match their bodies here.
  let below: string | undefined = idRange.lt;
  if (!below || below > indexed) {
    const tail = await db.run.findMany({
      where: { ...where, id: { ...idRange, gt: indexed } },
      orderBy: { id: "desc" },
      take: TAIL_SCAN,
      include: { ...summaryInclude, delivery: { select: { body: true, contentType: true } } },
    });
    for (const r of tail) if (r.delivery && bodyTokens(r.delivery.body, r.delivery.contentType).includes(token)) found.push(runSummary(r));
    below = indexed ? (idRange.lt && idRange.lt < indexed ? idRange.lt : nextAfter(indexed)) : "";
  }
  if (found.length >= want || !below) return page(found, opts.limit, null);

  // 2. The index, newest first, joined to the runs for the other filters: one statement that walks
  // (workspaceId, token, runId) backwards and stops at the page size. CROSS JOIN keeps the token
  // index as the outer loop on SQLite (PostgreSQL plans it the same way on its own).
  const pg = usingPostgres();
  const params: unknown[] = [];
  const ph = (v: unknown) => (params.push(v), pg ? `$${params.length}` : "?");
  const conds = [`t."workspaceId" = ${ph(workspaceId)}`, `t."token" = ${ph(token)}`, `t."runId" < ${ph(below)}`, `r."id" = t."runId"`];
  if (idRange.gte) conds.push(`t."runId" >= ${ph(idRange.gte)}`);
  if (flowId) conds.push(`t."flowId" = ${ph(flowId)}`);
  if (opts.status?.length) conds.push(`r."status" IN (${opts.status.map(ph).join(", ")})`);
  if (opts.eventType) conds.push(`r."eventType" = ${ph(opts.eventType)}`);
  if (deliveryId) conds.push(`r."deliveryId" = ${ph(deliveryId)}`);
  const hits = await db.$queryRawUnsafe<{ id: string }[]>(
    `SELECT t."runId" AS id FROM "RunSearchToken" t CROSS JOIN "Run" r WHERE ${conds.join(" AND ")} ORDER BY t."runId" DESC LIMIT ${ph(want - found.length)}`,
    ...params,
  );
  if (hits.length) {
    const rows = await db.run.findMany({ where: { id: { in: hits.map((h) => h.id) } }, orderBy: { id: "desc" }, include: summaryInclude });
    found.push(...rows.map(runSummary));
  }
  return page(found, opts.limit, null);
}

function upper(cursor: string | undefined, to: string | undefined): { lt?: string } {
  const lt = cursor && to ? (cursor < to ? cursor : to) : (cursor ?? to);
  return lt ? { lt } : {};
}

/** A string just above `id` (so `< nextAfter(id)` includes id): ids are fixed-length [0-9a-z_]. */
const nextAfter = (id: string) => `${id}~`;

function page(found: RunSummary[], limit: number, cursor: string | null): Page<RunSummary> {
  const items = found.slice(0, limit);
  return { items, nextCursor: found.length > limit ? (items.at(-1)?.id ?? null) : cursor };
}
