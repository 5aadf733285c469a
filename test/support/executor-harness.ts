// The embedded executor against functions of a test's own: a real Inngest client and serve()
// (inngest/node) on a loopback port, the real executor driving it over signed HTTP on the
// project's test database, and a clock the test moves forward (backoff and sleeps in no time).
import http from "node:http";
import { Inngest } from "inngest";
import { serve } from "inngest/node";
import { offsetClock } from "@/lib/executor/clock";
import { startApiServer } from "@/lib/executor/api-server";
import { createExecutor, type Executor } from "@/lib/executor/executor";
import { openPostgres, openSqlite, type ExecSql } from "@/lib/sql/exec-sql";
import { freePort } from "./ports";

export const TEST_SIGNING_KEY = `signkey-test-${"ab12".repeat(16)}`;

type Fn = ReturnType<Inngest["createFunction"]>;

export async function startExecutorHarness(
  appId: string,
  define: (inngest: Inngest) => Fn[],
  opts: { concurrency?: number; clock?: ReturnType<typeof offsetClock>; checkpoint?: boolean } = {},
) {
  const apiPort = await freePort();
  const checkpoint = opts.checkpoint ?? true;
  const inngest = new Inngest({
    id: appId,
    isDev: false,
    checkpointing: checkpoint,
    signingKey: TEST_SIGNING_KEY,
    eventKey: "test",
    baseUrl: `http://127.0.0.1:${apiPort}`,
  });
  const handler = serve({ client: inngest, functions: define(inngest) });
  /** A loopback listener of the one serve() handler that counts the calls it answers for this app's functions. */
  const listen = async () => {
    let calls = 0;
    const server = http.createServer((req, res) => {
      const fnId = new URL(req.url ?? "/", "http://x").searchParams.get("fnId") ?? "";
      if (req.method === "POST" && fnId.startsWith(`${appId}-`)) calls++;
      void handler(req, res);
    });
    const port = await freePort();
    await new Promise<void>((r) => server.listen(port, "127.0.0.1", () => r()));
    return {
      url: `http://127.0.0.1:${port}/api/inngest`,
      calls: () => calls,
      close: async () => {
        server.closeAllConnections();
        await new Promise<void>((r) => server.close(() => r()));
      },
    };
  };
  const endpoint = await listen();
  const serveUrl = endpoint.url;
  const clock = opts.clock ?? offsetClock();
  const databaseUrl = process.env.DATABASE_URL!;
  const make = () =>
    createExecutor({
      serveUrl,
      signingKey: TEST_SIGNING_KEY,
      databaseUrl,
      singleWriter: !databaseUrl.startsWith("postgres"),
      concurrency: opts.concurrency ?? 32,
      pollMs: 20,
      now: clock.now,
      checkpoint,
      log: () => undefined,
    });
  let executor: Executor = make();
  // The event API and /v1/checkpoint, where the SDK reports steps in checkpointing mode.
  let api = startApiServer(executor, { port: apiPort, eventKey: "test", signingKey: TEST_SIGNING_KEY });
  await api.listening;
  await executor.start();
  await executor.sync();
  const sql: ExecSql = databaseUrl.startsWith("postgres")
    ? openPostgres(databaseUrl, 2)
    : openSqlite(databaseUrl.replace(/^file:/, ""));
  const fnId = (id: string) => `${appId}-${id}`;

  return {
    clock,
    sql,
    fnId,
    /** The SDK endpoint the executor was configured with, and the executor's own API (/fn/register). */
    serveUrl,
    /** SDK calls (POSTs) for this app's functions the configured endpoint has answered. */
    calls: endpoint.calls,
    /** A second endpoint of the same app, as the steps helper is (the executor's routeCalls). */
    anotherEndpoint: listen,
    apiUrl: `http://127.0.0.1:${apiPort}`,
    executor: () => executor,
    send: (events: { name: string; data: Record<string, unknown>; id?: string }[]) => executor.send(events),
    /** Stops the executor and starts a fresh one on the same database (a restart). */
    restart: async () => {
      await executor.stop();
      await api.close();
      executor = make();
      api = startApiServer(executor, { port: apiPort, eventKey: "test", signingKey: TEST_SIGNING_KEY });
      await api.listening;
      await executor.start();
    },
    runs: (functionId: string) =>
      sql.all<{ id: string; status: string; event: string; output: string | null; error: string | null }>(
        `SELECT "id", "status", "event", "output", "error" FROM "ExecRun" WHERE "functionId" = ? ORDER BY "createdAt", "id"`,
        [fnId(functionId)],
      ),
    jobs: (runId: string) =>
      sql.all<{ kind: string; stepId: string; attempt: number; notBefore: unknown }>(
        `SELECT "kind", "stepId", "attempt", "notBefore" FROM "ExecJob" WHERE "runId" = ?`,
        [runId],
      ),
    /** Moves the clock to the earliest job of `runId` that is not due yet (a sleep or a retry). */
    skipToNextJob: async (runId: string) => {
      const rows = await sql.all<{ notBefore: unknown }>(
        `SELECT "notBefore" FROM "ExecJob" WHERE "runId" = ? ORDER BY "notBefore" LIMIT 1`,
        [runId],
      );
      if (!rows[0]) return false;
      const at =
        rows[0].notBefore instanceof Date
          ? rows[0].notBefore.getTime() - rows[0].notBefore.getTimezoneOffset() * 60_000
          : Date.parse(String(rows[0].notBefore));
      const wait = at - clock.now();
      if (wait > 0) clock.advance(wait + 1);
      executor.kick();
      return true;
    },
    stop: async () => {
      await executor.stop();
      await api.close();
      await sql.close();
      await endpoint.close();
    },
  };
}

export type ExecutorHarness = Awaited<ReturnType<typeof startExecutorHarness>>;

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
export async function until<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 20_000,
  what = "condition",
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
