// Runs, newest first, per flow or across the workspace, with keyset pagination on the
// time-sortable id. Every filter maps to an index seek: status and event type have their own
// (scope, value, id) indexes, a time range is an id range (ids start with their creation time),
// a delivery id has its index, and a payload value is looked up in RunSearchToken
// (workspaceId, token, runId) newest first, in walks of bounded length (searchIndexed). No OFFSET
// pagination, no LIKE scans: a page costs the same at 10k rows as at 1M.
import "server-only";
import type { Page, RunSummary } from "@/lib/api/dto";
import { notFound } from "@/lib/api/errors";
import { getDb, usingPostgres } from "@/lib/db";
import type { RunFilter } from "@/lib/api/run-filter";
import { indexedUpTo } from "./search-index";
import { bodyTokens, normalizeToken } from "./search-tokens";
import { idAt } from "./sql";
import { staleEventsOf } from "./stale-events";
import { runSummary } from "./to-dto";

type ListOptions = RunFilter & {
  cursor?: string;
  limit: number;
  /** Index entries a payload search reads along a list per page at most (SEARCH_WALK; tests lower it). */
  scanLimit?: number;
};

/** How many newest not-yet-indexed runs a search scans directly (normally a few seconds' worth). */
const TAIL_SCAN = 500;
/** How many index entries a payload search counts along each list, and walks along one, per page at most (a few ms). */
const SEARCH_WALK = 2_000;

// The delivery's verdict marks a run of a stale event (stale-events.ts): one primary-key lookup per row.
const summaryInclude = {
  version: { select: { number: true } },
  flow: { select: { name: true } },
  delivery: { select: { verdict: true } },
} as const;

type SummaryRow = Parameters<typeof runSummary>[0] & Parameters<typeof staleEventsOf>[0][number];

/** A page's rows as summaries, each run of a stale event marked. */
async function summaries(rows: SummaryRow[]): Promise<RunSummary[]> {
  const stale = await staleEventsOf(rows);
  return rows.map((r) => ({ ...runSummary(r), staleEvent: stale.get(r.id) ?? null }));
}

export async function listRuns(
  workspaceId: string,
  flowId: string | null,
  opts: ListOptions,
): Promise<Page<RunSummary>> {
  const db = await getDb();
  if (flowId && !(await db.flow.findFirst({ where: { id: flowId, workspaceId }, select: { id: true } })))
    throw notFound("Flow");

  let q = opts.q;
  let deliveryId = opts.deliveryId;
  let runId: string | undefined;
  if (q && /^dlv_[0-9a-z]{10,40}$/i.test(q)) [deliveryId, q] = [q, undefined];
  else if (q && /^run_[0-9a-z]{10,40}$/i.test(q)) [runId, q] = [q, undefined];

  const idRange = {
    ...(opts.from ? { gte: idAt("run", opts.from.getTime()) } : {}),
    ...upper(opts.cursor, opts.to ? idAt("run", opts.to.getTime() + 1) : undefined),
  };
  const where = {
    workspaceId,
    ...(flowId ? { flowId } : {}),
    ...(opts.status?.length ? { status: opts.status.length === 1 ? opts.status[0] : { in: opts.status } } : {}),
    ...(opts.eventType ? { eventType: opts.eventType } : {}),
    ...(deliveryId ? { deliveryId } : {}),
  };

  if (runId) {
    const rows = await db.run.findMany({
      where: { ...where, id: { ...idRange, equals: runId } },
      include: summaryInclude,
    });
    return { items: await summaries(rows), nextCursor: null };
  }
  if (!q) {
    // Several statuses: one index-ordered query per status (scope, status, id), merged here; an
    // IN list would make the database sort every matching row (or walk past the others).
    const statuses = opts.status && opts.status.length > 1 ? [...new Set(opts.status)] : [undefined];
    const lists = [];
    for (const status of statuses) {
      lists.push(
        await db.run.findMany({
          where: { ...where, ...(status ? { status } : {}), id: idRange },
          orderBy: { id: "desc" },
          take: opts.limit + 1,
          include: summaryInclude,
        }),
      );
    }
    const rows = lists
      .flat()
      .sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
      .slice(0, opts.limit + 1);
    const items = await summaries(rows.slice(0, opts.limit));
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
      include: { ...summaryInclude, delivery: { select: { verdict: true, body: true, contentType: true } } },
    });
    // Summaries of the page's rows only (the tail may match up to TAIL_SCAN).
    found.push(
      ...(await summaries(
        tail
          .filter((r) => r.delivery && bodyTokens(r.delivery.body, r.delivery.contentType).includes(token))
          .slice(0, want),
      )),
    );
    below = indexed ? (idRange.lt && idRange.lt < indexed ? idRange.lt : nextAfter(indexed)) : "";
  }
  if (found.length >= want || !below) return page(found, opts.limit, null);

  // 2. The index: a bounded walk (searchIndexed) down from `below`.
  const walked = await searchIndexed(
    {
      workspaceId,
      flowId,
      token,
      below,
      from: idRange.gte,
      statuses: opts.status,
      eventType: opts.eventType,
      deliveryId,
    },
    want - found.length,
    opts.scanLimit ?? SEARCH_WALK,
  );
  if (walked.ids.length) {
    const rows = await db.run.findMany({
      where: { id: { in: walked.ids } },
      orderBy: { id: "desc" },
      include: summaryInclude,
    });
    found.push(...(await summaries(rows)));
  }
  // A short page (the walk stopped before finding a page's worth) continues from where it reached.
  return page(found, opts.limit, walked.reached);
}

type SearchScope = {
  workspaceId: string;
  flowId: string | null;
  token: string;
  below: string;
  from?: string;
  statuses?: string[];
  eventType?: string;
  deliveryId?: string;
};
/**
 * What a search found below `below`: matches newest first (at most `want`), and `reached`, the
 * cursor to continue from: every match at or above it (and below `below`) is in `ids`. Null when
 * there is no match left.
 */
type Walked = { ids: string[]; reached: string | null };
type Ph = (v: unknown) => string;
/** A list to walk: its rows, its key (a run id, descending along the index whose equality
 * conditions are `index`), and what else makes an entry a match. */
type List = { from: string; key: string; index: (ph: Ph) => string[]; match: (ph: Ph) => string[] };

/**
 * A payload search below `below`: the runs that carry the token and pass the other filters, newest
 * first. Two lists can drive it: the token's index entries (probing each run for the filters) or,
 * when there are filters, the runs that pass them, along their own index (probing each for the
 * token). First each list's `budget`-th entry below `below` (counted along the index alone): the
 * list whose first `budget` entries reach further back is the sparser one, and the search walks it,
 * at most `budget` entries. So a page costs the same at 10k runs as at 1M whatever the mix: a rare
 * value walks its few entries, a common value with a rare status that status's runs, a status no
 * run has ends at once. Only when both lists are long and their intersection sparse does a page
 * stop before it is full: it holds the matches down to where the walk reached, and that is the
 * next cursor (a short, even empty, page can have a next one).
 */
async function searchIndexed(s: SearchScope, want: number, budget: number): Promise<Walked> {
  budget = Math.max(1, budget);
  const byToken: List = {
    from: `"RunSearchToken" t`,
    key: `t."runId"`,
    index: (ph) => [`t."workspaceId" = ${ph(s.workspaceId)}`, `t."token" = ${ph(s.token)}`],
    match: (ph) => [
      `(SELECT 1 FROM "Run" p WHERE p."id" = t."runId" AND ${runConds(s, s.statuses, ph, "p").join(" AND ")}) = 1`,
    ],
  };
  const tokenEdge = await edge(byToken, s, budget);
  if (tokenEdge !== null && (s.flowId || s.statuses?.length || s.eventType || s.deliveryId)) {
    // The runs that pass the filters, along one of their indexes: (deliveryId), else (scope,
    // status, id) with one list per status (as the plain lists do; a flow's has eventType too),
    // else (scope, eventType, id),
    // else the flow's (flowId, id). The other filters are checked on each run walked.
    const statuses = s.statuses?.length ? [...new Set(s.statuses)] : [undefined];
    const byRuns = statuses.map((status): List => ({
      from: `"Run" r`,
      key: `r."id"`,
      index: (ph) => {
        const scope = s.flowId ? `r."flowId" = ${ph(s.flowId)}` : `r."workspaceId" = ${ph(s.workspaceId)}`;
        if (s.deliveryId) return [`r."deliveryId" = ${ph(s.deliveryId)}`];
        if (status && s.eventType && s.flowId)
          return [scope, `r."status" = ${ph(status)}`, `r."eventType" = ${ph(s.eventType)}`];
        if (status) return [scope, `r."status" = ${ph(status)}`];
        if (s.eventType) return [scope, `r."eventType" = ${ph(s.eventType)}`];
        return [scope];
      },
      match: (ph) => [
        ...runConds(s, status ? [status] : undefined, ph, "r"),
        `(SELECT 1 FROM "RunSearchToken" p WHERE p."workspaceId" = ${ph(s.workspaceId)} AND p."token" = ${ph(s.token)} AND p."runId" = r."id") = 1`,
      ],
    }));
    // Several statuses share the budget; together they reach as far as the shallowest of them.
    const per = Math.max(1, Math.floor(budget / byRuns.length));
    let runsEdge: string | null = null;
    for (const list of byRuns) {
      const e = await edge(list, s, per);
      if (e !== null && (runsEdge === null || e > runsEdge)) runsEdge = e;
    }
    if (runsEdge === null || runsEdge < tokenEdge) return collect(byRuns, s, runsEdge, want);
  }
  return collect([byToken], s, tokenEdge, want);
}

function runConds(s: SearchScope, statuses: string[] | undefined, ph: Ph, alias: string): string[] {
  const c = [`${alias}."workspaceId" = ${ph(s.workspaceId)}`];
  if (s.flowId) c.push(`${alias}."flowId" = ${ph(s.flowId)}`);
  if (statuses?.length)
    c.push(
      statuses.length === 1
        ? `${alias}."status" = ${ph(statuses[0])}`
        : `${alias}."status" IN (${statuses.map(ph).join(", ")})`,
    );
  if (s.eventType) c.push(`${alias}."eventType" = ${ph(s.eventType)}`);
  if (s.deliveryId) c.push(`${alias}."deliveryId" = ${ph(s.deliveryId)}`);
  return c;
}

/** The `n`-th entry of a list below `below` (and from `from`), or null when it has fewer. */
async function edge(list: List, s: SearchScope, n: number): Promise<string | null> {
  const [e] = await walk(list, s, s.from, false, (ph) => `LIMIT 1 OFFSET ${ph(n - 1)}`);
  return e ?? null;
}

/** The matches of the lists in [floor, below), newest first: complete down to `floor` (or to the end). */
async function collect(lists: List[], s: SearchScope, floor: string | null, want: number): Promise<Walked> {
  const found: string[] = [];
  for (const list of lists) found.push(...(await walk(list, s, floor ?? s.from, true, (ph) => `LIMIT ${ph(want)}`)));
  const ids = found.sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)).slice(0, want);
  // A full page continues below its last match (as a plain list does), a short one from `floor`.
  return { ids, reached: ids.length >= want ? ids[want - 1]! : floor };
}

/**
 * Entries of a list in [floor, below), newest first, along its index; with `match`, only those that
 * match. The probe of the other list is a correlated scalar subquery, a primary-key lookup per
 * entry on both databases (PostgreSQL does not turn it into a join, so no plan walks a whole table).
 */
async function walk(
  list: List,
  s: SearchScope,
  floor: string | undefined,
  match: boolean,
  tail: (ph: Ph) => string,
): Promise<string[]> {
  const db = await getDb();
  const pg = usingPostgres();
  const params: unknown[] = [];
  const ph: Ph = (v) => (params.push(v), pg ? `$${params.length}` : "?");
  const conds = [...list.index(ph), `${list.key} < ${ph(s.below)}`];
  if (floor) conds.push(`${list.key} >= ${ph(floor)}`);
  if (match) conds.push(...list.match(ph));
  const sql = `SELECT ${list.key} AS id FROM ${list.from} WHERE ${conds.join(" AND ")} ORDER BY ${list.key} DESC ${tail(ph)}`;
  return (await db.$queryRawUnsafe<{ id: string }[]>(sql, ...params)).map((r) => r.id);
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
