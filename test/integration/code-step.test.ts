// The Code step inside real runs (ingest → embedded executor → Inngest SDK over HTTP → run-flow),
// on SQLite and PostgreSQL: it reads the trigger and an earlier step, its result feeds the next
// step, its console lines are in the step record; a runaway script fails the run once (permanent)
// and the engine goes on running the next one; a syntax error stops publish with line and column.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createFlow } from "@/lib/flows/create-flow";
import { publishFlow } from "@/lib/flows/publish-flow";
import { saveDraft } from "@/lib/flows/save-draft";
import { getRun } from "@/lib/runs/get-run";
import { listRuns } from "@/lib/runs/list-runs";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";
import { eventually, startEngine } from "../support/engine-harness";

let engine: Awaited<ReturnType<typeof startEngine>>;
let ws: string;

beforeAll(async () => {
  engine = await startEngine();
  ws = await currentWorkspaceId();
});
afterAll(async () => {
  await engine?.stop();
});

type Node = { id: string; type: string; config: Record<string, unknown> };
let flows = 0;

/** A flow (trigger → the nodes in a chain), saved as draft; published unless told not to. */
async function flowOf(nodes: Node[], publish = true) {
  const flow = await createFlow(ws, { name: `code step ${++flows} (${inject("database")})` });
  const all = [{ id: "trigger", type: "webhook", config: {} }, ...nodes];
  const definition = {
    schemaVersion: 1 as const,
    nodes: all.map((n, i) => ({
      id: n.id,
      type: n.type,
      position: { x: i * 250, y: 0 },
      data: { label: n.id, config: n.config },
    })),
    edges: all.slice(1).map((n, i) => ({ id: `e${i}`, source: all[i]!.id, target: n.id })),
  };
  await saveDraft(ws, flow.id, { definition, revision: 0 });
  if (publish) await publishFlow(ws, flow.id);
  return { flowId: flow.id, token: flow.endpoints.find((e) => e.kind === "live")!.token };
}

const post = (token: string, body: unknown) => engine.post(`/api/hooks/${token}`, JSON.stringify(body));

async function finishedRun(flowId: string) {
  const [run] = await eventually(
    async () => {
      const page = await listRuns(ws, flowId, { limit: 10 });
      const done = page.items.filter((r) => r.status === "succeeded" || r.status === "failed");
      return done.length >= 1 ? done : undefined;
    },
    60_000,
    "the run to finish",
  );
  return run!;
}

describe(`code step in a run (${inject("database")})`, () => {
  it("computes from the trigger and an earlier step, logs, and feeds the next step", async () => {
    const { flowId, token } = await flowOf([
      { id: "rate", type: "transform", config: { mode: "mappings", mappings: [{ key: "vat", value: "0.2" }] } },
      {
        id: "price",
        type: "code",
        config: {
          code: [
            "const net = trigger.body.items.reduce((sum, i) => sum + i.price * i.qty, 0);",
            'console.log("net", net);',
            "return { net, gross: Math.round(net * (1 + Number(nodes.rate.vat)) * 100) / 100 };",
          ].join("\n"),
        },
      },
      { id: "note", type: "log", config: { message: "gross {{ nodes.price.result.gross }}" } },
    ]);
    await post(token, {
      items: [
        { price: 10, qty: 2 },
        { price: 5, qty: 1 },
      ],
    });
    const run = await finishedRun(flowId);
    expect(run.status).toBe("succeeded");
    const steps = (await getRun(ws, run.id)).steps;
    expect(steps.find((s) => s.nodeId === "price")?.output).toEqual({
      result: { net: 25, gross: 30 },
      logs: ["net 25"],
    });
    expect(steps.find((s) => s.nodeId === "note")?.output).toMatchObject({ message: "gross 30" });
  });

  it("a runaway script fails its run once with a clear error, and the next run works", async () => {
    const runaway = await flowOf([
      { id: "spin", type: "code", config: { code: 'console.log("starting");\nwhile (true) {}', timeoutMs: 200 } },
    ]);
    const healthy = await flowOf([{ id: "echo", type: "code", config: { code: "return trigger.body.n * 2" } }]);
    await post(runaway.token, {});
    const stopped = await finishedRun(runaway.flowId);
    expect(stopped.status).toBe("failed");
    expect(stopped.error).toContain("The code ran longer than 200 ms and was stopped");
    const steps = (await getRun(ws, stopped.id)).steps.filter((s) => s.nodeId === "spin");
    expect(steps).toHaveLength(1); // permanent: not retried
    expect(JSON.stringify(steps[0]!.error)).toContain("starting"); // the console lines so far

    await post(healthy.token, { n: 21 });
    const ok = await finishedRun(healthy.flowId);
    expect(ok.status).toBe("succeeded");
    expect((await getRun(ws, ok.id)).steps.find((s) => s.nodeId === "echo")?.output).toEqual({ result: 42, logs: [] });
  });

  it("refuses to publish code with a syntax error, naming line and column", async () => {
    const { flowId } = await flowOf(
      [{ id: "bad", type: "code", config: { code: "const a = 1;\nreturn a +;" } }],
      false,
    );
    await expect(publishFlow(ws, flowId)).rejects.toThrow(/Syntax error on line 2, column 11/);
  });
});
