// The flows list: newest first, searchable by name, filtered by status (draft, published, paused,
// archived; by default every flow but the archived), each with its last live delivery and its
// 24-hour success rate (succeeded / (succeeded + failed) of the runs created in the last 24 h,
// as the flow overview counts them). The figures of all listed flows come from ONE grouped
// statement over the (flowId, kind, id) and (flowId, status, id) indexes, never one per flow.
import "server-only";
import type { FlowListItem, FlowListQuery, FlowStatus } from "@/lib/api/flow-list-dto";
import { getDb, usingPostgres } from "@/lib/db";
import { idAt, idTime } from "@/lib/runs/sql";
import { flowSummary } from "./to-dto";

const DAY = 86_400_000;

export function flowStatus(flow: { archivedAt: Date | null; paused: boolean }, published: boolean): FlowStatus {
  if (flow.archivedAt) return "archived";
  if (flow.paused) return "paused";
  return published ? "published" : "draft";
}

function statusWhere(status: FlowListQuery["status"]) {
  switch (status) {
    case "all":
      return {};
    case "archived":
      return { archivedAt: { not: null } };
    case "paused":
      return { archivedAt: null, paused: true };
    case "published":
      return { archivedAt: null, paused: false, versions: { some: {} } };
    case "draft":
      return { archivedAt: null, paused: false, versions: { none: {} } };
    default:
      return { archivedAt: null };
  }
}

/** LIKE pattern for a substring, with the user's % and _ taken literally. */
const likePattern = (q: string) => `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function listFlows(
  workspaceId: string,
  query: FlowListQuery = {},
  now = Date.now(),
): Promise<FlowListItem[]> {
  const db = await getDb();
  const search = query.q ? likePattern(query.q) : null;
  const ids = search
    ? (
        await db.$queryRawUnsafe<{ id: string }[]>(
          usingPostgres()
            ? `SELECT "id" FROM "Flow" WHERE "workspaceId" = $1 AND LOWER("name") LIKE $2 ESCAPE '\\'`
            : `SELECT "id" FROM "Flow" WHERE "workspaceId" = ? AND LOWER("name") LIKE ? ESCAPE '\\'`,
          workspaceId,
          search,
        )
      ).map((r) => r.id)
    : null;
  const flows = await db.flow.findMany({
    where: { workspaceId, ...(ids ? { id: { in: ids } } : {}), ...statusWhere(query.status) },
    orderBy: { createdAt: "desc" },
    include: { versions: { select: { number: true, createdAt: true } } },
  });
  const stats = await flowStats(
    flows.map((f) => f.id),
    now,
  );
  return flows.map((f) => {
    const s = stats.get(f.id);
    const finished = (s?.succeeded ?? 0) + (s?.failed ?? 0);
    return {
      ...flowSummary(f, f.versions),
      status: flowStatus(f, f.versions.length > 0),
      archivedAt: f.archivedAt?.toISOString() ?? null,
      lastDeliveryAt: s?.lastDeliveryId ? new Date(idTime(s.lastDeliveryId)).toISOString() : null,
      successRate24h: finished ? (s?.succeeded ?? 0) / finished : null,
      runs24h: finished,
    };
  });
}

type Stats = { lastDeliveryId?: string; succeeded: number; failed: number };

/** Last live delivery (its id carries its arrival time) and the last day's finished runs, per flow. */
async function flowStats(flowIds: string[], now: number): Promise<Map<string, Stats>> {
  const out = new Map<string, Stats>();
  if (flowIds.length === 0) return out;
  const pg = usingPostgres();
  const params: unknown[] = [];
  const p = (v: unknown) => (params.push(v), pg ? `$${params.length}` : "?");
  const inList = (xs: string[]) => xs.map(p).join(", ");
  const sql =
    `SELECT "flowId" AS f, 'last' AS k, MAX("id") AS v, 0 AS n FROM "Delivery" ` +
    `WHERE "flowId" IN (${inList(flowIds)}) AND "kind" = 'live' GROUP BY "flowId" ` +
    `UNION ALL SELECT "flowId" AS f, "status" AS k, NULL AS v, COUNT(*) AS n FROM "Run" ` +
    `WHERE "flowId" IN (${inList(flowIds)}) AND "id" >= ${p(idAt("run", now - DAY))} AND "status" IN ('succeeded', 'failed') ` +
    `GROUP BY "flowId", "status"`;
  const rows = await (
    await getDb()
  ).$queryRawUnsafe<{ f: string; k: string; v: string | null; n: number | bigint }[]>(sql, ...params);
  for (const r of rows) {
    const s = out.get(r.f) ?? { succeeded: 0, failed: 0 };
    if (r.k === "last" && r.v) s.lastDeliveryId = r.v;
    else if (r.k === "succeeded") s.succeeded = Number(r.n);
    else if (r.k === "failed") s.failed = Number(r.n);
    out.set(r.f, s);
  }
  return out;
}
