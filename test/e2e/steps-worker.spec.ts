// The steps process is a node:cluster: when its workers die (here all of them, SIGKILL, while a
// step is in flight in one), its primary forks new ones, the executor calls the step again, and
// the run completes with the step's side effect under one idempotency key. The step before it,
// finished but not yet reported to the executor (the SDK reports steps in batches), is not run
// again: its record gives the next call its output.
import fs from "node:fs";
import { expect, test } from "./fixtures";
import { stripeLikeEvent } from "../support/payloads";
import { startTarget } from "../support/target-server";
import { startApp, type App } from "./app";

let app: App;
test.beforeAll(async () => {
  // Two workers, so the steps process is a cluster (by default one on a machine of 2 cores or
  // fewer, which listens itself: lib/engine/steps-workers.ts).
  app = await startApp({ env: { HOOKLINE_STEPS_WORKERS: "2" } });
});
test.afterAll(async () => {
  await app?.stop();
});

/** Parent of every live process (zombies left out), from /proc. */
function parents(): Map<number, number> {
  const out = new Map<number, number>();
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const [state, parent] = fs.readFileSync(`/proc/${name}/stat`, "utf8").split(") ").pop()!.split(" ");
      if (state !== "Z") out.set(Number(name), Number(parent));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** The steps workers: the children of the app's only process that has children of its own below the web server. */
function stepsWorkers(root: number): number[] {
  const ppid = parents();
  const childrenOf = (p: number) => [...ppid].filter(([, parent]) => parent === p).map(([pid]) => pid);
  const below = (p: number): number[] => childrenOf(p).flatMap((c) => [c, ...below(c)]);
  const tree = below(root);
  // start.mjs, which is the web server → { engine, steps primary → workers }: workers are the tree's depth-2 leaves.
  const depth = (p: number) => {
    let d = 0;
    for (let x = p; x !== root; x = ppid.get(x)!) d++;
    return d;
  };
  return tree.filter((p) => depth(p) === 2).sort((a, b) => a - b);
}

test("killed steps workers are replaced, and the step in flight runs again to completion", async () => {
  // The first call hangs (its worker dies meanwhile); later calls answer at once.
  let slowCalls = 0;
  const target = await startTarget((r) =>
    r.path === "/slow" && slowCalls++ === 0 ? { delayMs: 30_000 } : { status: 200 },
  );
  try {
    const before = stepsWorkers(app.pid()!);
    expect(before.length).toBeGreaterThanOrEqual(2);

    const flow = await app.api<{ id: string }>("/api/flows", {
      method: "POST",
      body: JSON.stringify({
        name: "Worker crash",
        definition: {
          schemaVersion: 1,
          nodes: [
            { id: "trigger", type: "webhook", position: { x: 0, y: 0 }, data: { config: {} } },
            {
              id: "first",
              type: "http",
              position: { x: 250, y: 0 },
              data: { label: "first", config: { method: "POST", url: `${target.url}/first` } },
            },
            {
              id: "slow",
              type: "http",
              position: { x: 500, y: 0 },
              data: {
                label: "slow",
                config: {
                  method: "POST",
                  url: `${target.url}/slow`,
                  body: '{"order":"{{ trigger.body.id }}","first":"{{ nodes.first.status }}"}',
                },
              },
            },
          ],
          edges: [
            { id: "e1", source: "trigger", target: "first" },
            { id: "e2", source: "first", target: "slow" },
          ],
        },
      }),
    });
    const { webhookUrl } = await app.api<{ webhookUrl: string }>(`/api/flows/${flow.id}/publish`, { method: "POST" });
    const event = stripeLikeEvent(7);
    const res = await fetch(webhookUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(event),
    });
    expect(res.status).toBe(202);

    await expect.poll(() => target.received.filter((r) => r.path === "/slow").length, { timeout: 20_000 }).toBe(1);
    for (const pid of before) process.kill(pid, "SIGKILL");

    // New workers, as many as before, none of the old ones.
    await expect
      .poll(
        () => {
          const now = stepsWorkers(app.pid()!);
          return { count: now.length, old: now.filter((p) => before.includes(p)) };
        },
        { timeout: 15_000 },
      )
      .toEqual({ count: before.length, old: [] });

    await expect
      .poll(
        async () => (await app.api<{ items: { status: string }[] }>(`/api/flows/${flow.id}/runs`)).items[0]?.status,
        { timeout: 30_000 },
      )
      .toBe("succeeded");
    const slow = target.received.filter((r) => r.path === "/slow");
    expect(slow.length).toBeGreaterThanOrEqual(2);
    expect(new Set(slow.map((r) => r.headers["idempotency-key"])).size).toBe(1);
    // The step that finished before the crash ran once; the call after it had its output.
    expect(target.received.filter((r) => r.path === "/first")).toHaveLength(1);
    expect(slow.map((r) => r.json)).toEqual(slow.map(() => ({ order: event.id, first: 200 })));
    expect(app.log()).toMatch(/"exit":"SIGKILL","msg":"a steps worker exited; replacing it in 1 s"/);
  } finally {
    await target.close();
  }
});
