// The walking skeleton below the browser, on SQLite and on PostgreSQL: a published flow, a
// Stripe-like delivery through ingest, the run driven by the embedded executor through the real
// Inngest SDK over HTTP, the templated request at a real target, and the run history.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createFlow } from "@/lib/flows/create-flow";
import { publishFlow } from "@/lib/flows/publish-flow";
import { saveDraft } from "@/lib/flows/save-draft";
import { getRun } from "@/lib/runs/get-run";
import { listRuns } from "@/lib/runs/list-runs";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";
import { eventually, startEngine } from "../support/engine-harness";
import { startTarget } from "../support/target-server";
import { stripeLikeEvent } from "../support/payloads";

let engine: Awaited<ReturnType<typeof startEngine>>;
let target: Awaited<ReturnType<typeof startTarget>>;

beforeAll(async () => {
  engine = await startEngine();
  let flakyCalls = 0;
  target = await startTarget((r) => {
    if (r.path === "/slow") return { status: 200, body: { ok: true }, delayMs: 1500 };
    return r.path === "/flaky" && flakyCalls++ === 0
      ? { status: 503, body: { error: "down" } }
      : { status: 200, body: { ok: true } };
  });
});
afterAll(async () => {
  await engine?.stop();
  await target?.close();
});

async function publishedFlow(path: string) {
  const ws = await currentWorkspaceId();
  const flow = await createFlow(ws, { name: `Stripe → HTTP (${inject("database")})` });
  const definition = {
    schemaVersion: 1 as const,
    nodes: [
      { id: "trigger", type: "webhook", position: { x: 0, y: 0 }, data: { label: "Webhook", config: {} } },
      {
        id: "http_1",
        type: "http",
        position: { x: 300, y: 0 },
        data: {
          label: "Notify",
          config: {
            method: "POST",
            url: `${target.url}${path}`,
            body: '{"amount":"{{ trigger.body.data.object.amount }}","note":"Paid {{ trigger.body.data.object.currency }}"}',
          },
        },
      },
    ],
    edges: [{ id: "e1", source: "trigger", target: "http_1" }],
  };
  await saveDraft(ws, flow.id, { definition, revision: 0 });
  await publishFlow(ws, flow.id);
  return { ws, flow, token: liveToken(flow) };
}

const liveToken = (flow: { endpoints: { kind: string; token: string }[] }) =>
  flow.endpoints.find((e) => e.kind === "live")!.token;
const post = (token: string, body: unknown) => engine.post(`/api/hooks/${token}`, JSON.stringify(body));

describe(`a webhook runs a published flow (${inject("database")})`, () => {
  it("stores the delivery, runs each node as a step and sends the templated body", async () => {
    const { ws, flow, token } = await publishedFlow("/orders");
    const event = stripeLikeEvent(2000);
    const answer = await post(token, event);
    expect(answer.status).toBe(202);

    const run = await eventually(
      async () => {
        const page = await listRuns(ws, flow.id, { limit: 10 });
        const r = page.items[0];
        return r && (r.status === "succeeded" || r.status === "failed") ? r : undefined;
      },
      20_000,
      "the run to finish",
    );
    expect(run.status).toBe("succeeded");
    expect(run.eventType).toBe("payment_intent.succeeded");

    const sent = target.received.filter((r) => r.path === "/orders");
    expect(sent).toHaveLength(1);
    expect(sent[0]!.json).toEqual({ amount: 2000, note: "Paid usd" });
    expect(sent[0]!.headers["idempotency-key"]).toBe(`${run.id}:http_1`);

    const detail = await getRun(ws, run.id);
    expect(detail.steps.map((s) => [s.nodeId, s.status, s.attempt])).toEqual([
      ["trigger", "succeeded", 0],
      ["http_1", "succeeded", 0],
    ]);
    expect(detail.steps[1]!.input).toMatchObject({ method: "POST", body: { amount: 2000 } });
    expect(detail.steps[1]!.output).toMatchObject({ status: 200 });
    expect(detail.delivery?.verdict).toBe("accepted");
    expect(JSON.parse(detail.delivery!.body)).toEqual(event);
  });

  it("retries a failing target and records each attempt", async () => {
    const { ws, flow, token } = await publishedFlow("/flaky");
    expect((await post(token, stripeLikeEvent(5))).status).toBe(202);
    const run = await eventually(
      async () => {
        const r = (await listRuns(ws, flow.id, { limit: 1 })).items[0];
        return r?.status === "succeeded" || r?.status === "failed" ? r : undefined;
      },
      20_000,
      "the retried run to finish",
    );
    expect(run.status).toBe("succeeded");
    const detail = await getRun(ws, run.id);
    const attempts = detail.steps.filter((s) => s.nodeId === "http_1").map((s) => [s.attempt, s.status]);
    expect(attempts).toEqual([
      [0, "failed"],
      [1, "succeeded"],
    ]);
    // The trigger step completed once and was not repeated by the retry.
    expect(detail.steps.filter((s) => s.nodeId === "trigger")).toHaveLength(1);
  });

  it("shows a slow step as running, with its input, while it runs", async () => {
    const { SHOW_RUNNING_AFTER_MS } = await import("@/lib/engine/record-step");
    const { ws, flow, token } = await publishedFlow("/slow");
    expect((await post(token, stripeLikeEvent(7))).status).toBe(202);
    // The target holds its answer for 1.5 s: the step is in flight.
    await eventually(
      async () => target.received.some((r) => r.path === "/slow") || undefined,
      20_000,
      "the slow step to start",
    );
    const running = await eventually(
      async () => {
        const r = (await listRuns(ws, flow.id, { limit: 1 })).items[0];
        const step = r && (await getRun(ws, r.id)).steps.find((s) => s.nodeId === "http_1");
        return step?.status === "running" ? step : undefined;
      },
      1500 - SHOW_RUNNING_AFTER_MS,
      "the step to show as running",
    );
    expect(running.input).toMatchObject({ method: "POST", body: { amount: 7 } });
    expect(running.finishedAt).toBeNull();

    const run = await eventually(
      async () => {
        const r = (await listRuns(ws, flow.id, { limit: 1 })).items[0];
        return r?.status === "succeeded" || r?.status === "failed" ? r : undefined;
      },
      20_000,
      "the slow run to finish",
    );
    const steps = (await getRun(ws, run.id)).steps.filter((s) => s.nodeId === "http_1");
    expect(steps.map((s) => [s.attempt, s.status])).toEqual([[0, "succeeded"]]);
    expect(steps[0]!.input).toMatchObject({ method: "POST", body: { amount: 7 } });
    expect(new Date(steps[0]!.finishedAt!).getTime() - new Date(steps[0]!.startedAt!).getTime()).toBeGreaterThanOrEqual(
      1400,
    );
  });

  it("answers 404 for an unknown token and 409 before the first publish", async () => {
    expect((await post("nope-nope-nope-nope-nope", {})).status).toBe(404);
    const flow = await createFlow(await currentWorkspaceId(), { name: "never published" });
    const answer = await post(liveToken(flow), { hello: 1 });
    expect(answer.status).toBe(409);
  });
});

describe(`backpressure: runs wait as requests while the executor is behind (${inject("database")})`, () => {
  it("creates and hands over only the runs the executor has room for, then the rest", async () => {
    const { getDb } = await import("@/lib/db");
    const { dispatchPending, HIGH_WATER, setExecutorBacklog } = await import("@/lib/runs/dispatcher");
    const { ws, flow, token } = await publishedFlow("/backpressure");
    const db = await getDb();
    const dispatched = () => db.run.count({ where: { flowId: flow.id, dispatchedAt: { not: null } } });
    // An executor with HIGH_WATER jobs due: no run is created or handed over, every delivery is
    // stored with its run request.
    const real = setExecutorBacklog(async () => HIGH_WATER);
    try {
      for (let i = 0; i < 6; i++) expect((await post(token, stripeLikeEvent(100 + i))).status).toBe(202);
      expect(await db.runRequest.count({ where: { flowId: flow.id } })).toBe(6);
      expect(await dispatchPending()).toBe(0);
      expect(await db.run.count({ where: { flowId: flow.id } })).toBe(0);
      // Room for 4 (each run handed over takes one; the background loop may take part): the 4
      // oldest requests become runs and go; 2 requests wait.
      setExecutorBacklog(async () => HIGH_WATER - 4 + (await dispatched()));
      await dispatchPending();
      expect(await dispatched()).toBe(4);
      expect(await dispatchPending()).toBe(0);
      expect(await db.run.count({ where: { flowId: flow.id } })).toBe(4);
      const waiting = await db.runRequest.findMany({ where: { flowId: flow.id }, select: { deliveryId: true } });
      const created = await db.run.findMany({ where: { flowId: flow.id }, select: { deliveryId: true } });
      expect(waiting).toHaveLength(2);
      // Oldest first: every delivery that got a run came before the ones still waiting.
      expect(created.every((r) => waiting.every((w) => r.deliveryId! < w.deliveryId))).toBe(true);
    } finally {
      setExecutorBacklog(real); // the executor's own count again: the dispatcher's next poll sends the rest
    }
    const done = await eventually(
      async () => {
        const page = await listRuns(ws, flow.id, { limit: 10 });
        return page.items.length === 6 && page.items.every((r) => r.status === "succeeded") ? page.items : undefined;
      },
      20_000,
      "all six runs to succeed",
    );
    expect(done).toHaveLength(6);
    expect(target.received.filter((r) => r.path === "/backpressure")).toHaveLength(6);
  });

  /**
   * An executor with `base` jobs due plus the runs sent; its first two readings wait for each
   * other (up to 300 ms), so two passes that can read it at once both do.
   */
  const racingBacklog = (base: number, sent: () => Promise<number>) => {
    let readings = 0;
    let release!: () => void;
    const met = new Promise<void>((r) => (release = r));
    return async () => {
      if (++readings <= 2) {
        if (readings === 2) release();
        await Promise.race([met, new Promise((r) => setTimeout(r, 300))]);
      }
      return base + (await sent());
    };
  };

  // Two passes at once (two instances, or this process's poll and a kick's pass) must together
  // create no more runs than there is room for. The probe makes the race certain: the first two
  // backlog readings wait for each other, so without serialisation both passes see room for 4 and
  // the second creates runs from the requests the first left (6 in all).
  it("two dispatcher passes at once create no more runs than there is room for", async () => {
    const { getDb } = await import("@/lib/db");
    const { dispatchPending, HIGH_WATER, setExecutorBacklog } = await import("@/lib/runs/dispatcher");
    const { flow, token } = await publishedFlow("/backpressure-race");
    const db = await getDb();
    const real = setExecutorBacklog(async () => HIGH_WATER);
    try {
      for (let i = 0; i < 6; i++) expect((await post(token, stripeLikeEvent(200 + i))).status).toBe(202);
      expect(await db.runRequest.count({ where: { flowId: flow.id } })).toBe(6);
      setExecutorBacklog(
        racingBacklog(HIGH_WATER - 4, () => db.run.count({ where: { flowId: flow.id, dispatchedAt: { not: null } } })),
      );
      await Promise.all([dispatchPending(), dispatchPending()]);
      expect(await db.run.count({ where: { flowId: flow.id } })).toBe(4);
      expect(await db.runRequest.count({ where: { flowId: flow.id } })).toBe(2);
    } finally {
      setExecutorBacklog(real);
    }
    await eventually(
      async () => ((await db.run.count({ where: { flowId: flow.id, status: "succeeded" } })) === 6 ? true : undefined),
      20_000,
      "all six runs to succeed",
    );
  });

  // Two instances on one PostgreSQL database: their passes are not serialised by a process, only by
  // the database. Each claims a batch (sizing it and creating its runs) at the same moment.
  it.runIf(inject("database") === "postgres")(
    "two instances' passes at once claim no more runs than there is room for (PostgreSQL)",
    async () => {
      const { getDb } = await import("@/lib/db");
      const { claimRuns, dispatchPending, HIGH_WATER, setExecutorBacklog } = await import("@/lib/runs/dispatcher");
      const { flow, token } = await publishedFlow("/backpressure-instances");
      const db = await getDb();
      const real = setExecutorBacklog(async () => HIGH_WATER);
      try {
        for (let i = 0; i < 6; i++) expect((await post(token, stripeLikeEvent(300 + i))).status).toBe(202);
        setExecutorBacklog(
          racingBacklog(HIGH_WATER - 4, () =>
            db.run.count({ where: { flowId: flow.id, dispatchedAt: { not: null } } }),
          ),
        );
        const [a, b] = await Promise.all([claimRuns(4), claimRuns(4)]);
        expect(await db.run.count({ where: { flowId: flow.id } })).toBe(4);
        expect(await db.runRequest.count({ where: { flowId: flow.id } })).toBe(2);
        // The later claim found the earlier one's runs not yet sent, and took them instead of new ones.
        expect(new Set([...a.runs, ...b.runs].map((r) => r.id)).size).toBe(4);
        setExecutorBacklog(
          async () =>
            HIGH_WATER - 4 + (await db.run.count({ where: { flowId: flow.id, dispatchedAt: { not: null } } })),
        );
        await dispatchPending();
        expect(await db.run.count({ where: { flowId: flow.id, dispatchedAt: { not: null } } })).toBe(4);
      } finally {
        setExecutorBacklog(real);
      }
      await eventually(
        async () =>
          (await db.run.count({ where: { flowId: flow.id, status: "succeeded" } })) === 6 ? true : undefined,
        20_000,
        "all six runs to succeed",
      );
    },
  );
});

describe(`the dispatcher is kicked only when there is something to dispatch, and paced (${inject("database")})`, () => {
  it("a delivery to a paused flow (a held run) sends no kick; one to an active flow does", async () => {
    const { setEngineProcess } = await import("@/lib/runs/engine-link");
    const { setPaused } = await import("@/lib/flows/set-paused");
    const { ws, flow, token } = await publishedFlow("/kicks");
    let kicks = 0;
    setEngineProcess({ synced: true, kick: () => kicks++ });
    try {
      await setPaused(ws, flow.id, { paused: true });
      kicks = 0;
      expect((await post(token, stripeLikeEvent(300))).status).toBe(202);
      expect(kicks).toBe(0);
      await setPaused(ws, flow.id, { paused: false, held: "run" });
      expect(kicks).toBe(1); // the resume queued the held run
      expect((await post(token, stripeLikeEvent(301))).status).toBe(202);
      expect(kicks).toBe(2);
    } finally {
      setEngineProcess(undefined);
    }
  });

  it("starts at most one pass per PASS_GAP_MS however often it is kicked", async () => {
    const { kickDispatcher, dispatcherPasses, PASS_GAP_MS, HIGH_WATER, setExecutorBacklog } =
      await import("@/lib/runs/dispatcher");
    const real = setExecutorBacklog(async () => HIGH_WATER); // no room: a pass is one probe, over at once
    try {
      const before = dispatcherPasses();
      const start = Date.now();
      // A kick a millisecond, as a flood's group commits send them.
      while (Date.now() - start < 10 * PASS_GAP_MS) {
        kickDispatcher();
        await new Promise((r) => setTimeout(r, 1));
      }
      await new Promise((r) => setTimeout(r, 2 * PASS_GAP_MS));
      const passes = dispatcherPasses() - before;
      expect(passes).toBeGreaterThanOrEqual(3); // kicks are not lost: passes go on through the flood
      expect(passes).toBeLessThanOrEqual(Math.ceil((Date.now() - start) / PASS_GAP_MS) + 2); // + the 1 s poll
    } finally {
      setExecutorBacklog(real);
    }
  });
});
