// The test URL runs the draft when the user asks: a request is stored as a sample and starts a
// "draft run" of the draft as it is now (not the published version), listed with the flow's runs.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { saveDraft } from "@/lib/flows/save-draft";
import { getRun } from "@/lib/runs/get-run";
import { startEngine } from "../support/engine-harness";
import { deliveryRow, expectStored, finishedRun, runsOfDelivery, send, webhookFlow } from "../support/ingest-helpers";
import { startTarget } from "../support/target-server";

let engine: Awaited<ReturnType<typeof startEngine>>;
let target: Awaited<ReturnType<typeof startTarget>>;

beforeAll(async () => {
  engine = await startEngine();
  target = await startTarget();
});
afterAll(async () => {
  await engine?.stop();
  await target?.close();
});

describe(`draft runs from the test URL (${inject("database")})`, () => {
  it("off by default: a test request is only a sample", async () => {
    const flow = await webhookFlow({}, { target: `${target.url}/off` });
    const a = await send(engine, flow.test, JSON.stringify({ n: 1 }));
    await expectStored(a, 200, "sample");
    expect(await runsOfDelivery(a.id!)).toHaveLength(0);
    expect(a.json.runId).toBeUndefined();
  });

  it("on: a test request runs the current draft, even before any publish", async () => {
    const flow = await webhookFlow({}, { target: `${target.url}/draft`, publish: false });
    await saveDraft(flow.ws, flow.flowId, { testRunsDraft: true });
    const a = await send(engine, flow.test, JSON.stringify({ order: 7 }));
    expect(a.status).toBe(200);
    expect((await deliveryRow(a.id!)).verdict).toBe("sample");
    expect(a.json.runId).toEqual(expect.any(String));
    const { run } = await finishedRun(a.id!);
    expect(run.status).toBe("succeeded");
    expect(run.flowVersionId).toBeNull();
    expect(target.received.filter((r) => r.path === "/draft").map((r) => r.json)).toEqual([{ body: { order: 7 } }]);
    const detail = await getRun(flow.ws, run.id);
    expect(detail.run.version).toBeNull();
    expect(detail.definition.nodes.map((n) => n.id)).toEqual(["trigger", "http_1"]);
    // The live URL is untouched: still no published version.
    await expectStored(await send(engine, flow.live, JSON.stringify({ order: 8 })), 409, "not_published");
  });
});
