// The embedded executor: plays the Inngest server's part for this app on one machine. It syncs the
// app's functions over the SDK's in-band sync, turns events into runs, and drives each run by
// calling the app's serve() endpoint until it completes, with all state in the database (so a
// restart resumes every run; no completed step runs again).
import type { Db } from "@/lib/db";
import { callSdk, interpret } from "./call-sdk";
import { DISCOVERY, eventSchema, syncAnswerSchema, type FunctionConfig, type InngestEvent } from "./protocol";
import { canonicalJson, sign } from "./signature";
import { completeJob, createRuns, leaseDueJobs, loadRunForCall, postpone, releaseAllLeases, type Job } from "./store";
import { newId } from "@/lib/ids";

export type ExecutorOptions = {
  serveUrl: string;
  signingKey: string;
  getDb: () => Promise<Db>;
  /** SQLite: this process is the only executor on the file, so stale leases are released at start. */
  singleWriter: boolean;
  concurrency?: number;
  pollMs?: number;
  callTimeoutMs?: number;
  log?: (msg: string) => void;
};

export type Executor = ReturnType<typeof createExecutor>;

export function createExecutor(opts: ExecutorOptions) {
  const concurrency = opts.concurrency ?? 16;
  const log = opts.log ?? ((m: string) => console.log(`[executor] ${m}`));
  let functions: FunctionConfig[] = [];
  const inFlight = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let ticking = false;
  let again = false;
  let stopped = true;

  async function loadFunctions(db: Db) {
    const rows = await db.execFunction.findMany();
    functions = rows.map((r) => JSON.parse(r.config) as FunctionConfig);
  }

  async function storeFunctions(list: FunctionConfig[]) {
    const db = await opts.getDb();
    for (const fn of list) {
      const config = JSON.stringify(fn);
      await db.execFunction.upsert({ where: { id: fn.id }, create: { id: fn.id, config }, update: { config } });
    }
    await loadFunctions(db);
    log(`synced ${list.map((f) => f.id).join(", ")}`);
  }

  /** In-band sync: a signed PUT to serve() answers with the app's function configs. */
  async function sync() {
    const body = canonicalJson({ url: opts.serveUrl });
    const res = await fetch(opts.serveUrl, {
      method: "PUT",
      headers: { "content-type": "application/json", "x-inngest-sync-kind": "in_band", "x-inngest-server-kind": "cloud", "x-inngest-signature": sign(body, opts.signingKey) },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`sync failed: ${res.status} ${text.slice(0, 200)}`);
    await storeFunctions(syncAnswerSchema.parse(JSON.parse(text)).functions);
  }

  /** The event API: starts a run of every function the event triggers (once per event id). */
  async function send(raw: unknown[]): Promise<string[]> {
    const db = await opts.getDb();
    const ids: string[] = [];
    const starts: { fn: FunctionConfig; event: InngestEvent }[] = [];
    for (const item of raw) {
      const parsed = eventSchema.parse(item);
      const event: InngestEvent = { ...parsed, id: parsed.id ?? newId("evt"), ts: parsed.ts ?? Date.now() };
      for (const fn of functions) if (fn.triggers.some((t) => t.event === event.name)) starts.push({ fn, event });
      ids.push(event.id);
    }
    await createRuns(db, !opts.singleWriter, starts, new Date());
    kick();
    return ids;
  }

  async function runJob(job: Job) {
    const db = await opts.getDb();
    const state = await loadRunForCall(db, job.runId);
    if (!state || state.run.status !== "running") {
      await db.execJob.deleteMany({ where: { id: job.id } });
      return;
    }
    const now = () => Date.now();
    if (job.kind === "sleep") {
      await completeJob(db, job, { memos: [{ stepId: job.stepId, result: null }] }, new Date(now()));
      return;
    }
    const fn = functions.find((f) => f.id === state.run.functionId);
    if (!fn) {
      await completeJob(db, job, { finish: { status: "failed", error: { name: "ExecutorError", message: `Function ${state.run.functionId} is not synced` } } }, new Date(now()));
      return;
    }
    const url = new URL(Object.values(fn.steps)[0]!.runtime.url);
    url.searchParams.set("stepId", job.stepId);
    let answer;
    try {
      answer = await callSdk(
        {
          url: url.toString(),
          signingKey: opts.signingKey,
          runId: state.run.id,
          event: JSON.parse(state.run.event),
          steps: state.steps,
          sdkVersion: state.run.sdkVersion,
          attempt: job.attempt,
          maxAttempts: state.run.maxAttempts,
          disableImmediate: state.run.disableImmediate,
        },
        opts.callTimeoutMs ?? 5 * 60_000,
      );
    } catch (e) {
      // The app did not answer (restarting, overloaded): not the step's fault, so no attempt is used.
      log(`call for run ${job.runId} failed (${(e as Error).message}); retrying in 1s`);
      await postpone(db, job.id, new Date(now() + 1000));
      return;
    }
    const outcome = interpret(answer, { stepId: job.stepId === DISCOVERY ? DISCOVERY : job.stepId, attempt: job.attempt, maxAttempts: state.run.maxAttempts, signingKey: opts.signingKey }, now());
    await completeJob(db, job, outcome, new Date(now()));
    if (outcome.finish?.status === "failed") log(`run ${job.runId} failed: ${JSON.stringify(outcome.finish.error).slice(0, 300)}`);
  }

  async function tick() {
    if (ticking) {
      again = true;
      return;
    }
    ticking = true;
    try {
      do {
        again = false;
        const free = concurrency - inFlight.size;
        if (free <= 0 || stopped) break;
        const db = await opts.getDb();
        const jobs = await leaseDueJobs(db, new Date(), free, inFlight, !opts.singleWriter);
        for (const job of jobs) {
          inFlight.add(job.id);
          void runJob(job)
            .catch((e) => log(`job ${job.id} crashed: ${(e as Error).stack ?? e}`))
            .finally(() => {
              inFlight.delete(job.id);
              kick();
            });
        }
        if (jobs.length === free) again = true;
      } while (again);
    } catch (e) {
      log(`tick failed: ${(e as Error).message}`);
    } finally {
      ticking = false;
    }
  }

  function kick() {
    if (!stopped) setImmediate(() => void tick());
  }

  async function start() {
    stopped = false;
    const db = await opts.getDb();
    if (opts.singleWriter) await releaseAllLeases(db);
    await loadFunctions(db);
    timer = setInterval(() => void tick(), opts.pollMs ?? 250);
    timer.unref();
    kick();
  }

  async function stop() {
    stopped = true;
    if (timer) clearInterval(timer);
    while (inFlight.size > 0) await new Promise((r) => setTimeout(r, 20));
  }

  return { start, stop, sync, send, storeFunctions, kick, functions: () => functions };
}
