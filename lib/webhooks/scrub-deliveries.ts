// Deliveries stored before the request log's header policy reached them. The migration that
// introduced the policy scrubbed a fixed header list; it could not know each flow's own token or
// custom-HMAC header, a token preset's query parameter, or later deny-list entries. Two jobs:
//   - once per database ("delivery-scrub:v1" in InstanceSetting): every stored delivery gets its
//     flow's current policy (redact.ts: the verification of every version of the flow and of its
//     draft, so a secret header of an earlier version is covered too, and the workspace's
//     deny-list), its headers and its query;
//   - when an owner adds headers to the deny-list: those headers, in that workspace's deliveries
//     (queued as "delivery-scrub:denied:<workspaceId>", so a restart resumes it).
// Both walk the primary key (or (flowId, id)) in small batches, each a short write with a pause
// between, and record their place after each batch. Idempotent (a scrubbed value stays
// "[redacted]"), so two instances running them at once only repeat work; a lease in the setting
// row keeps that rare.
import "server-only";
import { randomUUID } from "node:crypto";
import { getDb } from "@/lib/db";
import { errField, log } from "@/lib/observability/log";
import { parseStoredDefinition } from "@/lib/flows/definition";
import { readDeniedHeaders, REDACTED, redactionPolicy, redactQueryNames, type RedactionPolicy } from "./redact";

export const SCRUB_KEY = "delivery-scrub:v1";
const DENIED_PREFIX = "delivery-scrub:denied:";
const LEASE_MS = 60_000;
const DONE = "done";

type Options = { batchSize?: number; pauseMs?: number; now?: () => number };
type Progress = { after: string; holder: string; until: number; names?: string[] };
type Row = {
  id: string;
  flowId: string;
  headers: string;
  query: string;
  /** Where the walk resumes after this row (default: its id). */ cursor?: string;
};

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The stored copy under `policy`, or null when it already holds nothing the policy hides. */
export function scrubbedRow(
  policy: RedactionPolicy,
  row: Pick<Row, "headers" | "query">,
): { headers: string; query: string } | null {
  let headers = row.headers;
  try {
    const parsed: unknown = JSON.parse(row.headers);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
      const h = parsed as Record<string, unknown>;
      let changed = false;
      for (const name of Object.keys(h)) {
        if (policy.headers.has(name.toLowerCase()) && h[name] !== REDACTED) {
          h[name] = REDACTED;
          changed = true;
        }
      }
      if (changed) headers = JSON.stringify(h);
    }
  } catch {
    // not JSON: left as stored
  }
  const query = redactQueryNames(policy.query, row.query);
  return headers === row.headers && query === row.query ? null : { headers, query };
}

/** A flow's policy: the union over its versions and its draft, with its workspace's deny-list. */
async function flowPolicy(flowId: string): Promise<RedactionPolicy> {
  const db = await getDb();
  const flow = await db.flow.findUnique({
    where: { id: flowId },
    select: {
      draft: true,
      versions: { select: { definition: true } },
      workspace: { select: { webhookSetting: { select: { deniedHeaders: true } } } },
    },
  });
  const denied = readDeniedHeaders(flow?.workspace.webhookSetting?.deniedHeaders);
  const headers = new Set<string>();
  const query = new Set<string>();
  const sources = flow ? [flow.draft, ...flow.versions.map((v) => v.definition)] : [];
  for (const source of sources.length ? sources : [null]) {
    let raw: unknown;
    try {
      const node = source ? parseStoredDefinition(source).nodes.find((n) => n.type === "webhook") : undefined;
      raw = (node?.data.config as { verification?: unknown } | undefined)?.verification;
    } catch {
      raw = null; // unreadable: the widest policy
    }
    const p = redactionPolicy(raw, denied);
    p.headers.forEach((h) => headers.add(h));
    p.query.forEach((q) => query.add(q));
  }
  return { headers, query };
}

/** Writes the batch's changed rows in one short transaction; returns how many changed. */
async function writeScrubbed(rows: Row[], policyOf: (row: Row) => Promise<RedactionPolicy>): Promise<number> {
  const db = await getDb();
  const updates = [];
  for (const row of rows) {
    const next = scrubbedRow(await policyOf(row), row);
    if (next) updates.push(db.delivery.update({ where: { id: row.id }, data: next, select: { id: true } }));
  }
  if (updates.length > 0) await db.$transaction(updates);
  return updates.length;
}

/**
 * Takes (or renews) the lease on a progress row and records `after`; false when another instance
 * holds it, or the job is done. Compare-and-set on the row's value: whoever wrote last wins nothing
 * it did not read.
 */
async function claim(key: string, read: string | null, next: Progress | typeof DONE): Promise<boolean> {
  const db = await getDb();
  const value = next === DONE ? DONE : JSON.stringify(next);
  if (read === null) {
    try {
      await db.instanceSetting.create({ data: { key, value } });
      return true;
    } catch {
      return false; // another instance created it first
    }
  }
  return (await db.instanceSetting.updateMany({ where: { key, value: read }, data: { value } })).count === 1;
}

function readProgress(value: string | null): Progress | typeof DONE | null {
  if (value === null) return null;
  if (value === DONE) return DONE;
  try {
    return JSON.parse(value) as Progress;
  } catch {
    return { after: "", holder: "", until: 0 };
  }
}

/**
 * Walks deliveries (`next` reads the batch after a cursor, none at the end) under the lease of
 * `key`. `finished`: the walk is over (the row then says done, or is deleted when
 * `deleteWhenDone`); false when another instance holds the lease.
 */
async function walkUnderLease(
  key: string,
  next: (after: string, take: number) => Promise<Row[]>,
  policyOf: (row: Row) => Promise<RedactionPolicy>,
  opts: Options,
  deleteWhenDone: boolean,
): Promise<{ finished: boolean; changed: number }> {
  const db = await getDb();
  const now = opts.now ?? Date.now;
  const batch = opts.batchSize ?? 200;
  // One holder per walk, not per process: a second walk in this process (the loop's pass beside
  // an owner's kick) respects the first one's lease as another instance's would.
  const holder = `${process.pid}-${randomUUID().slice(0, 8)}`;
  let value = (await db.instanceSetting.findUnique({ where: { key } }))?.value ?? null;
  let progress = readProgress(value);
  if (progress === DONE) return { finished: true, changed: 0 };
  if (progress && progress.holder !== holder && progress.until > now()) return { finished: false, changed: 0 };
  let changed = 0;
  let after = progress?.after ?? "";
  for (;;) {
    const mine: Progress = { ...(progress ?? {}), after, holder, until: now() + LEASE_MS };
    if (!(await claim(key, value, mine))) return { finished: false, changed };
    value = JSON.stringify(mine);
    progress = mine;
    const rows = await next(after, batch);
    if (rows.length === 0) break;
    changed += await writeScrubbed(rows, policyOf);
    const last = rows.at(-1)!;
    after = last.cursor ?? last.id;
    await pause(opts.pauseMs ?? 20);
  }
  if (deleteWhenDone) await db.instanceSetting.deleteMany({ where: { key, value } });
  else await claim(key, value, DONE);
  return { finished: true, changed };
}

/** The one-off job: every stored delivery under its flow's current policy. Runs once per database. */
export async function scrubStoredDeliveries(opts: Options = {}): Promise<{ finished: boolean; changed: number }> {
  const db = await getDb();
  const policies = new Map<string, Promise<RedactionPolicy>>();
  const policyOf = (row: Row) => {
    let p = policies.get(row.flowId);
    if (!p) policies.set(row.flowId, (p = flowPolicy(row.flowId)));
    return p;
  };
  const next = (after: string, take: number) =>
    db.delivery.findMany({
      where: after ? { id: { gt: after } } : {},
      orderBy: { id: "asc" },
      take,
      select: { id: true, flowId: true, headers: true, query: true },
    });
  return walkUnderLease(SCRUB_KEY, next, policyOf, opts, false);
}

/**
 * Queues the scrub of headers an owner just added to the deny-list from the workspace's stored
 * deliveries (resumed after a restart); call runDeniedHeaderScrubs to do it now.
 */
export async function queueDeniedHeaderScrub(workspaceId: string, added: readonly string[]) {
  if (added.length === 0) return;
  const db = await getDb();
  const key = `${DENIED_PREFIX}${workspaceId}`;
  // A scrub already queued or running for this workspace: start again from the beginning with
  // every header it had plus these (repeating the rows it did is harmless).
  const old = readProgress((await db.instanceSetting.findUnique({ where: { key } }))?.value ?? null);
  const names = [...new Set([...(old && old !== DONE ? (old.names ?? []) : []), ...added])];
  const value = JSON.stringify({ after: "", holder: "", until: 0, names } satisfies Progress);
  await db.instanceSetting.upsert({ where: { key }, create: { key, value }, update: { value } });
}

/** Runs every queued deny-list scrub (each workspace's flows, by (flowId, id)). */
export async function runDeniedHeaderScrubs(opts: Options = {}): Promise<number> {
  const db = await getDb();
  let changed = 0;
  for (const { key, value } of await db.instanceSetting.findMany({ where: { key: { startsWith: DENIED_PREFIX } } })) {
    const progress = readProgress(value);
    if (!progress || progress === DONE) continue;
    const workspaceId = key.slice(DENIED_PREFIX.length);
    const policy: RedactionPolicy = { headers: new Set(progress.names ?? []), query: new Set() };
    const flows = (
      await db.flow.findMany({ where: { workspaceId }, select: { id: true }, orderBy: { id: "asc" } })
    ).map((f) => f.id);
    // The cursor is "<flowId> <deliveryId>": the flows in id order, each one's deliveries by (flowId, id).
    const next = async (after: string, take: number): Promise<Row[]> => {
      let [flowAt = "", idAt = ""] = after.split(" ");
      for (const flowId of flows) {
        if (flowId < flowAt) continue;
        if (flowId > flowAt) idAt = "";
        const rows = await db.delivery.findMany({
          where: { flowId, ...(idAt ? { id: { gt: idAt } } : {}) },
          orderBy: { id: "asc" },
          take,
          select: { id: true, flowId: true, headers: true, query: true },
        });
        if (rows.length > 0) return rows.map((r) => ({ ...r, cursor: `${flowId} ${r.id}` }));
        flowAt = flowId;
      }
      return [];
    };
    const r = await walkUnderLease(key, next, async () => policy, opts, true);
    changed += r.changed;
  }
  return changed;
}

type Loop = { timer?: NodeJS.Timeout; busy: boolean; oneOffDone: boolean; pass?: Promise<void> };
const g = globalThis as unknown as { __hooklineDeliveryScrub?: Loop };

/** One pass: the one-off job until it is done, then any queued deny-list scrubs. */
async function tick(loop: Loop) {
  if (loop.busy) return;
  loop.busy = true;
  try {
    if (!loop.oneOffDone) loop.oneOffDone = (await scrubStoredDeliveries()).finished;
    await runDeniedHeaderScrubs();
  } catch (e) {
    log("request-log").error(errField(e), "scrubbing stored deliveries failed; retried later");
  } finally {
    loop.busy = false;
  }
}

/** Starts the scrubs beside the other history jobs: 10 s after start, then every `everyMs`. */
export function startDeliveryScrubs(everyMs = 60_000) {
  if (g.__hooklineDeliveryScrub) return;
  const loop: Loop = { busy: false, oneOffDone: false };
  g.__hooklineDeliveryScrub = loop;
  const pass = () => {
    if (!loop.busy) loop.pass = tick(loop);
  };
  const first = setTimeout(() => {
    pass();
    loop.timer = setInterval(pass, everyMs);
    loop.timer.unref();
  }, 10_000);
  first.unref();
  loop.timer = first;
}

/** Stops the loop; the promise settles when a pass already under way has ended. */
export async function stopDeliveryScrubs(): Promise<void> {
  const loop = g.__hooklineDeliveryScrub;
  g.__hooklineDeliveryScrub = undefined;
  if (loop?.timer) clearTimeout(loop.timer);
  await loop?.pass;
}

/** Starts the deny-list scrub now in this process (the loop resumes it if this one stops). */
export function kickDeniedHeaderScrubs() {
  void runDeniedHeaderScrubs().catch((e: unknown) =>
    log("request-log").error(errField(e), "scrubbing denied headers from stored deliveries failed; retried later"),
  );
}
