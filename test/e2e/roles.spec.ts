// What each process of `npm start` loads, and who its parent is (issue 21, footprint): the engine
// and steps processes (.next/hookline-roles.mjs) never load Next or React, which only the web
// server needs (~100 MB per process when the children were the server's own bundle); the web
// server is start.mjs's own process (no second Node process waiting for it); on 2 cores or fewer
// there is no steps process while idle (the engine serves the steps itself), and under load a
// helper, a child of the engine, takes part of them. The memory figure itself is the bench's
// (`npm run bench -- --only footprint`), never a test's.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createClient } from "@libsql/client";
import { expect, test } from "./fixtures";
import { startApp } from "./app";

type Probe = {
  pid: number;
  ppid: number;
  role: string | null;
  clusterWorker: boolean;
  argv: string[];
  modules: string[];
};

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const isUi = (m: string) => /[\\/]node_modules[\\/](next|react|react-dom)[\\/]/.test(m);

test("the engine (and steps) processes never load Next; the web server runs in start.mjs's own process", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hookline-probe-"));
  const app = await startApp({
    owner: false,
    env: { NODE_OPTIONS: `--import ${new URL("./module-probe.mjs", import.meta.url).href}`, HOOKLINE_PROBE_DIR: dir },
  });
  try {
    const read = (): Probe[] =>
      fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".json"))
        .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as Probe)
        .filter((p) => alive(p.pid));
    // The app is synced (startApp waited for it): every process has written its list by now or soon.
    await expect
      .poll(
        () =>
          read()
            .filter((p) => p.role)
            .map((p) => p.role),
        { timeout: 10_000 },
      )
      .toEqual(expect.arrayContaining(os.availableParallelism() <= 2 ? ["engine"] : ["engine", "steps"]));
    await new Promise((r) => setTimeout(r, 500)); // one more write each, after start-up
    const procs = read();

    const web = procs.find((p) => p.pid === app.pid());
    expect(web, "start.mjs's process is the web server").toBeTruthy();
    expect(web!.modules.some(isUi), "the probe sees the web server's Next").toBe(true);

    const children = procs.filter((p) => p.role);
    for (const c of children) {
      expect(c.modules.filter(isUi), `${c.role} process ${c.pid} (${c.argv[0]})`).toEqual([]);
      expect(c.argv[0]).toMatch(/hookline-roles\.mjs$/);
    }
    // Engine and steps are children of the web server, that is of start.mjs itself.
    expect(children.filter((c) => !c.clusterWorker).map((c) => c.ppid)).toEqual(
      children.filter((c) => !c.clusterWorker).map(() => app.pid()),
    );
    if (os.availableParallelism() <= 2) {
      // No steps process while idle: the engine serves the steps itself (lib/engine/steps-workers.ts).
      expect(children.map((c) => c.role)).toEqual(["engine"]);
    }
  } finally {
    await app.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("on two cores, a burst makes the engine fork a steps helper (its child, without Next), and every run succeeds", async () => {
  test.skip(os.availableParallelism() !== 2, "the helper joins only on a machine of exactly two cores");
  test.setTimeout(420_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hookline-probe-"));
  const app = await startApp({
    env: { NODE_OPTIONS: `--import ${new URL("./module-probe.mjs", import.meta.url).href}`, HOOKLINE_PROBE_DIR: dir },
  });
  try {
    const api = async <T>(p: string, body: unknown): Promise<T> => {
      const res = await fetch(`${app.url}${p}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${p}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };
    const steps = [1, 2, 3].map((i) => ({
      id: `log_${i}`,
      type: "log",
      position: { x: 250 * i, y: 0 },
      data: { config: { message: "order {{ trigger.body.n }}", level: "info" } },
    }));
    const flow = await api<{ id: string }>("/api/flows", {
      name: "Helper burst",
      definition: {
        schemaVersion: 1,
        nodes: [
          {
            id: "trigger",
            type: "webhook",
            position: { x: 0, y: 0 },
            data: { config: { verification: { preset: "none" }, rateLimit: { perSecond: 100_000, burst: 1_000_000 } } },
          },
          ...steps,
        ],
        edges: steps.map((s, i) => ({ id: `e${i}`, source: i === 0 ? "trigger" : steps[i - 1]!.id, target: s.id })),
      },
    });
    const { webhookUrl } = await api<{ webhookUrl: string }>(`/api/flows/${flow.id}/publish`, {});

    const TOTAL = 1500;
    let next = 0;
    let acked = 0;
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (next < TOTAL) {
          const n = next++;
          const res = await fetch(webhookUrl, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ n }),
          });
          await res.arrayBuffer();
          if (res.ok) acked++;
        }
      }),
    );
    expect(acked).toBe(TOTAL);

    const probes = (): Probe[] =>
      fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".json"))
        .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as Probe);
    const engine = () => probes().find((p) => p.role === "engine" && p.ppid === app.pid());
    // The helper: a steps process whose parent is the engine (it may have left again by now).
    await expect
      .poll(() => probes().filter((p) => p.role === "steps" && p.ppid === engine()?.pid).length, { timeout: 60_000 })
      .toBeGreaterThanOrEqual(1);
    const helper = probes().find((p) => p.role === "steps" && p.ppid === engine()?.pid)!;
    expect(helper.modules.filter(isUi)).toEqual([]);
    expect(helper.argv[0]).toMatch(/hookline-roles\.mjs$/);

    const db = createClient({ url: `file:${app.dataDir}/hookline.db` });
    await expect
      .poll(
        async () =>
          Number(
            (
              await db.execute(`SELECT count(*) AS n FROM "Run" WHERE "flowId" = ? AND "status" = 'succeeded'`, [
                flow.id,
              ])
            ).rows[0]!.n,
          ),
        { timeout: 300_000, intervals: [1000] },
      )
      .toBe(TOTAL);
    db.close();

    // The helper took calls (the executor routes most of them to it) and, idle for 30 s, left
    // after the engine took its calls back.
    const lines = () =>
      app
        .log()
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as { msg: string; role?: string; calls?: number; pid?: number });
    await expect
      .poll(() => lines().some((l) => l.role === "engine" && l.msg === "the steps helper left, idle"), {
        timeout: 90_000,
        intervals: [1000],
      })
      .toBe(true);
    const helpers = probes()
      .filter((p) => p.role === "steps" && p.ppid === engine()?.pid)
      .map((p) => p.pid);
    const idle = lines().filter((l) => l.role === "steps" && l.msg.startsWith("the steps helper is idle"));
    expect(idle.length).toBeGreaterThan(0);
    expect(idle.every((l) => helpers.includes(l.pid!))).toBe(true);
    expect(idle.reduce((n, l) => n + (l.calls ?? 0), 0)).toBeGreaterThan(0);
  } finally {
    await app.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
