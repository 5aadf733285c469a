// "Test this step" and "restore a version" below the browser, on SQLite and PostgreSQL: a step runs
// through the engine's executor (SSRF guard included), a side effect only with confirmation, and a
// published version's definition comes back for restore-as-draft.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { createFlow } from "@/lib/flows/create-flow";
import type { FlowNode } from "@/lib/flows/definition";
import { getVersion } from "@/lib/flows/get-version";
import { publishFlow } from "@/lib/flows/publish-flow";
import { saveDraft } from "@/lib/flows/save-draft";
import { testStep } from "@/lib/flows/test-step";
import { currentWorkspaceId } from "@/lib/workspaces/current-workspace";
import { startTarget } from "../support/target-server";

let target: Awaited<ReturnType<typeof startTarget>>;
beforeAll(async () => {
  target = await startTarget(() => ({ status: 200, body: { created: true } }));
});
afterAll(async () => {
  await target?.close();
});

const http = (url: string, body = ""): FlowNode => ({
  id: "http_1",
  type: "http",
  position: { x: 0, y: 0 },
  data: { label: "Call", config: { method: "POST", url, body } },
});

describe(`test this step (${inject("database")})`, () => {
  it("previews a side effect without sending it, and sends it when confirmed", async () => {
    const ws = await currentWorkspaceId();
    const flow = await createFlow(ws, { name: "Test step" });
    const node = http(
      `${target.url}/orders/{{ nodes.prev.id }}`,
      '{"id": "{{ nodes.prev.id }}", "m": "{{ trigger.method }}"}',
    );
    const before = target.received.length;

    const preview = await testStep(ws, flow.id, { node, confirm: false, outputs: { prev: { id: 7 } } });
    expect(preview).toMatchObject({
      ran: false,
      status: "preview",
      sideEffect: true,
      usedSample: false,
      durationMs: null,
    });
    expect(preview.input).toMatchObject({ method: "POST", url: `${target.url}/orders/7`, body: { id: 7, m: "POST" } });
    expect(target.received.length).toBe(before);

    const real = await testStep(ws, flow.id, { node, confirm: true, outputs: { prev: { id: 7 } } });
    expect(real).toMatchObject({ ran: true, status: "succeeded" });
    expect(real.output).toMatchObject({ status: 200, body: { created: true } });
    expect(real.durationMs).toBeGreaterThanOrEqual(0);
    expect(target.received.at(-1)).toMatchObject({ method: "POST", path: "/orders/7", json: { id: 7, m: "POST" } });
  });

  it("gives a schedule flow's steps the schedule's latest tick as the trigger", async () => {
    const ws = await currentWorkspaceId();
    const flow = await createFlow(ws, { name: "Test step schedule" });
    const schedule: FlowNode = {
      id: "trigger",
      type: "schedule",
      position: { x: 0, y: 0 },
      data: { label: "Schedule", config: { mode: "minutes", every: 1, timezone: "Europe/Berlin" } },
    };
    const node = http(`${target.url}/tick`, '{"at": "{{ trigger.scheduledAt }}", "tz": "{{ trigger.timezone }}"}');
    await saveDraft(ws, flow.id, {
      definition: {
        schemaVersion: 1,
        nodes: [schedule, node],
        edges: [{ id: "e1", source: "trigger", target: "http_1" }],
      },
      revision: 0,
    });
    const minute = Math.floor(Date.now() / 60_000) * 60_000;
    const own = await testStep(ws, flow.id, { node: schedule, confirm: false });
    expect(own).toMatchObject({ ran: true, status: "succeeded", usedSample: false });
    const at = (own.output as { scheduledAt: string }).scheduledAt;
    expect([minute, minute + 60_000]).toContain(Date.parse(at));
    expect(own.output).toEqual({ scheduledAt: at, timezone: "Europe/Berlin", cron: "* * * * *" });
    const preview = await testStep(ws, flow.id, { node, confirm: false });
    expect(preview.input).toMatchObject({ body: { tz: "Europe/Berlin" } });
  });

  it("reports missing references, refuses invalid settings, and keeps the SSRF guard", async () => {
    const ws = await currentWorkspaceId();
    const flow = await createFlow(ws, { name: "Test step 2" });
    const r = await testStep(ws, flow.id, {
      node: http(`${target.url}/x`, '{"a": "{{ trigger.body.nope }}"}'),
      confirm: false,
    });
    expect(r.missing).toEqual(["trigger.body.nope"]);

    await expect(testStep(ws, flow.id, { node: http(""), confirm: true })).rejects.toSatisfy(
      (e: unknown) => e instanceof ApiError && e.status === 422 && /URL is required/.test(e.message),
    );

    const blocked = await testStep(ws, flow.id, {
      node: http("http://169.254.169.254/latest/meta-data"),
      confirm: true,
    });
    expect(blocked.status).toBe("failed");
    expect(blocked.error?.message).toMatch(/Refused to connect|blocked|not allowed/i);

    await expect(testStep(ws, "flow_doesnotexist", { node: http(`${target.url}/x`), confirm: true })).rejects.toSatisfy(
      (e: unknown) => e instanceof ApiError && e.status === 404,
    );
  });
});

describe(`versions (${inject("database")})`, () => {
  it("returns a published version's definition; unknown numbers are 404", async () => {
    const ws = await currentWorkspaceId();
    const flow = await createFlow(ws, { name: "Versions" });
    await publishFlow(ws, flow.id);
    const def = {
      schemaVersion: 1 as const,
      nodes: [{ id: "trigger", type: "webhook", position: { x: 1, y: 2 }, data: { label: "Changed", config: {} } }],
      edges: [],
    };
    await saveDraft(ws, flow.id, { definition: def });
    await publishFlow(ws, flow.id);
    const v1 = await getVersion(ws, flow.id, 1);
    const v2 = await getVersion(ws, flow.id, 2);
    expect(v1.definition.nodes[0]!.data.label).toBe("Webhook");
    expect(v2.definition.nodes[0]!.data.label).toBe("Changed");
    await expect(getVersion(ws, flow.id, 3)).rejects.toSatisfy(
      (e: unknown) => e instanceof ApiError && e.status === 404,
    );
  });
});
