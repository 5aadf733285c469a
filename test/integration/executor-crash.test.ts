// kill -9 of the process running the executor while runs are sleeping, retrying and mid-step; a
// new process on the same database resumes them all. Every run completes, no step that completed
// before the crash runs again, and the target applied each idempotency key exactly once.
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { openPostgres, openSqlite } from "@/lib/sql/exec-sql";
import { until } from "../support/executor-harness";
import { freePort } from "../support/ports";

const ROOT = path.resolve(import.meta.dirname, "../..");
const APP = `crash-${inject("database")}-${Date.now().toString(36)}`;
const url = process.env.DATABASE_URL!;
const sql = url.startsWith("postgres") ? openPostgres(url, 1) : openSqlite(url.replace(/^file:/, ""));

// The target: counts calls per path and applications per idempotency key (2xx answers only).
const calls = new Map<string, number>();
const applied = new Map<string, number>();
const hung: http.ServerResponse[] = [];
const target = http.createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    const p = req.url ?? "";
    const n = (calls.get(p) ?? 0) + 1;
    calls.set(p, n);
    if (p === "/retrying-a" && n === 1) return void res.writeHead(503).end();
    if (p === "/mid-slow" && n === 1) return void hung.push(res); // in flight when the process dies
    const key = String(req.headers["idempotency-key"]);
    applied.set(key, (applied.get(key) ?? 0) + 1);
    res.writeHead(200).end("{}");
  });
});

let child: ChildProcess | undefined;
async function startChild(targetUrl: string) {
  const env = {
    ...process.env,
    DATABASE_URL: url,
    TARGET_URL: targetUrl,
    SERVE_PORT: String(await freePort()),
    API_PORT: String(await freePort()),
    APP_ID: APP,
  };
  const c = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "test/support/executor-crash-child.ts"],
    { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let out = "";
  c.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  c.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  await until(
    () => (out.includes("CHILD_READY") ? true : c.exitCode !== null ? Promise.reject(new Error(out)) : undefined),
    60_000,
    "the child to start",
  );
  child = c;
  return { c, apiPort: Number(env.API_PORT) };
}

afterAll(async () => {
  child?.kill("SIGKILL");
  for (const r of hung) r.destroy();
  target.closeAllConnections();
  await new Promise<void>((r) => target.close(() => r()));
  await sql.close();
});

const runs = () =>
  sql.all<{ functionId: string; status: string; id: string }>(
    `SELECT "functionId", "status", "id" FROM "ExecRun" WHERE "functionId" LIKE ?`,
    [`${APP}-%`],
  );

describe(`kill -9 of the executor's process (${inject("database")})`, () => {
  it(
    "resumes sleeping, retrying and mid-step runs; each idempotency key is applied once",
    { timeout: 120_000 },
    async () => {
      const port = await freePort();
      await new Promise<void>((r) => target.listen(port, "127.0.0.1", () => r()));
      const first = await startChild(`http://127.0.0.1:${port}`);
      const sent = await fetch(`http://127.0.0.1:${first.apiPort}/e/crash`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify([
          { name: "crash/sleepy", data: {} },
          { name: "crash/retrying", data: {} },
          { name: "crash/midstep", data: {} },
        ]),
      });
      expect(sent.status).toBe(200);

      // Sleeping (its sleep job is committed), retrying (the 503 was answered) and mid-step (the slow call hangs).
      await until(
        async () => {
          const sleeping = await sql.all(
            `SELECT 1 FROM "ExecJob" j JOIN "ExecRun" r ON r."id" = j."runId" WHERE r."functionId" = ? AND j."kind" = 'sleep'`,
            [`${APP}-sleepy`],
          );
          const retrying = await sql.all(
            `SELECT 1 FROM "ExecJob" j JOIN "ExecRun" r ON r."id" = j."runId" WHERE r."functionId" = ? AND j."attempt" > 0`,
            [`${APP}-retrying`],
          );
          return sleeping.length > 0 && retrying.length > 0 && hung.length === 1 ? true : undefined;
        },
        30_000,
        "runs sleeping, retrying and mid-step",
      );
      first.c.kill("SIGKILL");
      await new Promise((r) => first.c.once("exit", r));
      expect((await runs()).map((r) => r.status).sort()).toEqual(["running", "running", "running"]);

      await startChild(`http://127.0.0.1:${port}`);
      const done = await until(
        async () => {
          const r = await runs();
          return r.length === 3 && r.every((x) => x.status !== "running") ? r : undefined;
        },
        60_000,
        "all three runs to finish after the restart",
      );
      expect(done.map((r) => r.status)).toEqual(["completed", "completed", "completed"]);
      // Completed before the crash: never called again.
      expect([calls.get("/sleepy-a"), calls.get("/mid-a")]).toEqual([1, 1]);
      // In flight or failed at the crash: called again, applied once.
      expect(calls.get("/mid-slow")).toBe(2);
      expect(calls.get("/retrying-a")).toBe(2);
      expect([...applied.values()]).toEqual(Array(7).fill(1));
      expect(applied.size).toBe(7);
    },
  );
});
