// GET /api/metrics: scraped after real deliveries and runs (the lean webhook handler, the group
// commit, the embedded executor and the flow function on the test database), parsed with a
// Prometheus text-format parser, and compared with what was sent and with the database. Then who
// may read it: the metrics token, or loopback only when no token is set, by the address the public
// listener writes (never one the client sent).
import http from "node:http";
import os from "node:os";
import { randomUUID } from "node:crypto";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { getDb } from "@/lib/db";
import { newId } from "@/lib/ids";
import { createPublicServer, PEER_ADDRESS_HEADER, setPeerAddress } from "@/lib/net/public-listener";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";
import { startEngine } from "../support/engine-harness";
import { finishedRun, newSecret, send, stripeHeaders, webhookFlow } from "../support/ingest-helpers";
import { freePort } from "../support/ports";

type Family = {
  name: string;
  type: string;
  metrics: {
    labels?: Record<string, string>;
    value?: string;
    buckets?: Record<string, string>;
    count?: string;
    sum?: string;
  }[];
};
type Route = { GET: (req: Request, ctx: unknown) => Promise<Response> };

const route = async (): Promise<Route> => (await import("@/app/api/metrics/route")) as Route;
const loopback = { [PEER_ADDRESS_HEADER]: "127.0.0.1" };

async function scrape(headers: Record<string, string> = loopback) {
  const res = await (await route()).GET(new Request("http://127.0.0.1/api/metrics", { headers }), {});
  return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
}
async function families(): Promise<Map<string, Family>> {
  const s = await scrape();
  expect(s.status, s.text).toBe(200);
  expect(s.type).toMatch(/^text\/plain; version=0\.0\.4/);
  return new Map((parsePrometheusTextFormat(s.text) as Family[]).map((f) => [f.name, f]));
}
/** The value of `name`'s sample whose labels include `labels` (0 when there is none). */
function value(f: Map<string, Family>, name: string, labels: Record<string, string> = {}): number {
  const family = f.get(name);
  expect(family, `${name} is in the scrape`).toBeDefined();
  const m = family!.metrics.find((s) => Object.entries(labels).every(([k, v]) => s.labels?.[k] === v));
  return m?.value === undefined ? 0 : Number(m.value);
}
const histogram = (f: Map<string, Family>, name: string) => {
  const m = f.get(name)?.metrics[0];
  expect(m, `${name} is in the scrape`).toBeDefined();
  return { count: Number(m!.count), sum: Number(m!.sum) };
};

describe(`GET /api/metrics (${inject("database")})`, () => {
  let engine: Awaited<ReturnType<typeof startEngine>>;
  beforeAll(async () => {
    engine = await startEngine();
  });
  afterAll(async () => {
    await engine?.stop();
  });

  it("counts 3 accepted and 1 bad_signature deliveries by verdict, their latency and group commits; runs by status match the database", async () => {
    const secret = `whsec_${randomUUID().replaceAll("-", "")}`;
    const { live } = await webhookFlow({ verification: { preset: "stripe" }, secretId: await newSecret(secret) });
    const before = await families();

    const payload = (n: number) =>
      JSON.stringify({ id: `evt_metrics_${randomUUID()}`, type: "charge.succeeded", data: { n } });
    const accepted = [];
    for (let i = 0; i < 3; i++) {
      const body = payload(i);
      const a = await send(engine, live, body, stripeHeaders(body, secret));
      expect(a.status, a.text).toBe(202);
      accepted.push(a.id!);
    }
    const forged = payload(9);
    const bad = await send(engine, live, forged, stripeHeaders(forged, `whsec_${randomUUID().replaceAll("-", "")}`));
    expect(bad.status).toBe(401);
    for (const id of accepted) expect((await finishedRun(id)).run.status).toBe("succeeded");
    // A run that waits (a paused flow's delivery is held until the resume): an unfinished status.
    const db = await getDb();
    const ws = await currentWorkspaceId();
    const { flowId } = await webhookFlow();
    const version = await db.flowVersion.findFirstOrThrow({ where: { flowId } });
    await db.run.create({
      data: { id: newId("run"), workspaceId: ws, flowId, flowVersionId: version.id, status: "held" },
    });

    const after = await families();
    const delta = (name: string, labels?: Record<string, string>) =>
      value(after, name, labels) - value(before, name, labels);
    expect(delta("hookline_deliveries_total", { verdict: "accepted" })).toBe(3);
    expect(delta("hookline_deliveries_total", { verdict: "bad_signature" })).toBe(1);
    expect(delta("hookline_deliveries_total", { verdict: "duplicate" })).toBe(0);
    expect(after.get("hookline_deliveries_total")!.type).toBe("COUNTER");

    // Every request answered is timed; each was stored by a group commit (one row at a time here).
    const latency = histogram(after, "hookline_ingest_duration_seconds");
    expect(latency.count - histogram(before, "hookline_ingest_duration_seconds").count).toBe(4);
    expect(latency.sum).toBeGreaterThan(0);
    const commits = histogram(after, "hookline_group_commit_batch_size");
    expect(commits.sum - histogram(before, "hookline_group_commit_batch_size").sum).toBe(4);

    // Runs by status: the unfinished ones against the database, all of them (held included).
    const counts = await db.run.groupBy({
      by: ["status"],
      _count: true,
      where: { status: { in: ["queued", "held", "running", "sleeping", "retrying"] } },
    });
    for (const status of ["queued", "held", "running", "sleeping", "retrying"]) {
      expect(value(after, "hookline_runs", { status }), status).toBe(
        counts.find((c) => c.status === status)?._count ?? 0,
      );
    }
    expect(value(after, "hookline_runs", { status: "held" })).toBeGreaterThanOrEqual(1);
    // The finished ones over the recent window: at least this test's three.
    expect(value(after, "hookline_recent_runs", { status: "succeeded" })).toBeGreaterThanOrEqual(3);

    // Steps by node kind from the StepRun table: each run's trigger step ("webhook"), finished.
    expect(
      value(after, "hookline_recent_step_attempts", { kind: "webhook", status: "succeeded" }),
    ).toBeGreaterThanOrEqual(3);
    const steps = value(after, "hookline_recent_step_duration_seconds_count", { kind: "webhook" });
    expect(steps).toBeGreaterThanOrEqual(3);
    expect(value(after, "hookline_recent_step_duration_seconds_bucket", { kind: "webhook", le: "+Inf" })).toBe(steps);
    expect(value(after, "hookline_recent_step_duration_seconds_bucket", { kind: "webhook", le: "60" })).toBe(steps);

    expect(value(after, "hookline_metrics_database_ok")).toBe(1);
    // The web process's own figures (prom-client's default metrics).
    expect(value(after, "hookline_web_process_resident_memory_bytes")).toBeGreaterThan(0);
    // The embedded executor started by the harness holds the lease: the gauge names the row's holder.
    const [lease] = await db.$queryRawUnsafe<{ holder: string }[]>(`SELECT "holder" FROM "ExecutorLease"`);
    expect(lease?.holder).toBeTruthy();
    expect(
      after.get("hookline_executor_lease_holder")!.metrics.map((m) => [m.labels?.holder, Number(m.value)]),
    ).toEqual([[lease!.holder, 1]]);
  });

  it("reports the executor's due jobs, the age of the oldest one no executor holds, and run requests waiting", async () => {
    await engine.stop(); // nothing takes the rows below
    const db = await getDb();
    const now = Date.now();
    const runId = newId("xrun");
    await db.execRun.create({
      data: { id: runId, functionId: "metrics-test", eventId: newId("evt"), event: "{}", maxAttempts: 1 },
    });
    // A job due 30 s ago and one leased (in flight); a timer due tomorrow is not backlog.
    await db.execJob.createMany({
      data: [
        {
          id: newId("job"),
          runId,
          kind: "call",
          stepId: "a",
          notBefore: new Date(now - 30_000),
          createdAt: new Date(now - 30_000),
        },
        {
          id: newId("job"),
          runId,
          kind: "call",
          stepId: "b",
          notBefore: new Date(now - 5_000),
          createdAt: new Date(now - 5_000),
          leaseUntil: new Date(now + 60_000),
        },
        {
          id: newId("job"),
          runId,
          kind: "sleep",
          stepId: "c",
          notBefore: new Date(now + 86_400_000),
          createdAt: new Date(now),
        },
      ],
    });
    // An accepted delivery whose run the dispatcher has not created, received 20 s ago.
    const { flowId } = await webhookFlow();
    const version = await db.flowVersion.findFirstOrThrow({ where: { flowId } });
    const ws = await currentWorkspaceId();
    const endpoint = await db.webhookEndpoint.findFirstOrThrow({ where: { flowId, kind: "live" } });
    const deliveryId = `dlv_${(now - 20_000).toString(36).padStart(9, "0")}${"0".repeat(12)}`;
    await db.delivery.create({
      data: {
        id: deliveryId,
        workspaceId: ws,
        flowId,
        endpointId: endpoint.id,
        kind: "live",
        method: "POST",
        query: "",
        headers: "{}",
        body: Buffer.from("{}"),
        verdict: "accepted",
        size: 2,
        receivedAt: new Date(now - 20_000),
      },
    });
    await db.runRequest.create({
      data: { deliveryId, workspaceId: ws, flowId, flowVersionId: version.id, createdAt: new Date(now - 20_000) },
    });
    try {
      const f = await families();
      const dueInDb = await db.execJob.count({ where: { notBefore: { lte: new Date() } } });
      expect(value(f, "hookline_executor_due_jobs")).toBe(dueInDb);
      expect(value(f, "hookline_executor_due_jobs")).toBeGreaterThanOrEqual(2);
      const lag = value(f, "hookline_executor_lag_seconds");
      expect(lag).toBeGreaterThanOrEqual(30);
      expect(lag).toBeLessThan(60);
      expect(value(f, "hookline_run_requests")).toBe(await db.runRequest.count());
      const age = value(f, "hookline_run_requests_oldest_age_seconds");
      expect(age).toBeGreaterThanOrEqual(20);
      expect(age).toBeLessThan(60);
      // The engine stopped and gave its lease up: nobody holds it, so no holder is named.
      expect(f.get("hookline_executor_lease_holder")?.metrics ?? []).toEqual([]);
    } finally {
      await db.execRun.delete({ where: { id: runId } });
      await db.runRequest.delete({ where: { deliveryId } });
    }
  });
});

describe(`who may read /api/metrics (${inject("database")})`, () => {
  it("without a token: loopback peers only; another address, no address (next dev) or a proxied request -> 403", async () => {
    expect((await scrape({ [PEER_ADDRESS_HEADER]: "127.0.0.1" })).status).toBe(200);
    expect((await scrape({ [PEER_ADDRESS_HEADER]: "::1" })).status).toBe(200);
    expect((await scrape({ [PEER_ADDRESS_HEADER]: "192.0.2.7" })).status).toBe(403);
    expect((await scrape({})).status).toBe(403);
    // A reverse proxy on this machine connects over loopback for every client.
    expect((await scrape({ [PEER_ADDRESS_HEADER]: "127.0.0.1", "x-forwarded-for": "203.0.113.9" })).status).toBe(403);
    expect((await scrape({ [PEER_ADDRESS_HEADER]: "127.0.0.1", forwarded: "for=203.0.113.9" })).status).toBe(403);
  });

  it("a client-sent x-hookline-peer-address cannot fake loopback through the public listener", async () => {
    // The machine's own non-loopback address: a connection to it comes from it, not from 127.0.0.1.
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i && i.family === "IPv4" && !i.internal)?.address;
    if (!external) return void console.warn("no non-loopback IPv4 interface here: the listener part is skipped");
    const handler = (await route()).GET;
    const server = createPublicServer(
      (req, res) => {
        setPeerAddress(req); // as scripts/server.ts does for every request handed to Next
        const headers = new Headers();
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
        void handler(new Request(`http://${req.headers.host}${req.url}`, { headers }), {}).then(async (answer) => {
          res
            .writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "text/plain" })
            .end(await answer.text());
        });
      },
      { headersTimeoutMs: 10_000, requestTimeoutMs: 60_000, keepAliveTimeoutMs: 5_000, maxConnectionsPerAddress: 0 },
    );
    const port = await freePort();
    await new Promise<void>((r) => server.listen(port, "0.0.0.0", () => r()));
    const get = (host: string, headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        http
          .get({ host, port, path: "/api/metrics", headers, agent: false }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          })
          .on("error", reject);
      });
    try {
      expect(await get(external, { [PEER_ADDRESS_HEADER]: "127.0.0.1" })).toBe(403);
      expect(await get("127.0.0.1", {})).toBe(200);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it("with HOOKLINE_METRICS_TOKEN set: the token is required, from loopback too; a wrong one is refused", async () => {
    const token = "metrics-token-0123456789abcdef";
    process.env.HOOKLINE_METRICS_TOKEN = token;
    vi.resetModules(); // lib/env reads the environment once per module instance
    try {
      expect((await scrape(loopback)).status).toBe(401);
      const wrong = await scrape({ ...loopback, authorization: "Bearer metrics-token-0123456789abcdeX" });
      expect(wrong.status).toBe(401);
      expect(wrong.text).not.toContain(token);
      expect((await scrape({ ...loopback, authorization: `Bearer ${token}x` })).status).toBe(401);
      expect((await scrape({ ...loopback, authorization: token })).status).toBe(401);
      const right = await scrape({ [PEER_ADDRESS_HEADER]: "192.0.2.7", authorization: `Bearer ${token}` });
      expect(right.status, right.text).toBe(200);
      expect(right.text).toContain("hookline_deliveries_total");
    } finally {
      delete process.env.HOOKLINE_METRICS_TOKEN;
      vi.resetModules();
    }
  });
});
