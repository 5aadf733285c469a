// Issue 20, the Inngest door. In embedded mode /api/inngest is not served where the public can
// reach it (the Next route answers 404; the executor syncs from and calls a loopback endpoint of
// its own when no steps process serves one). With an external Inngest the SDK takes no unsigned
// sync or introspection, and the URL it registers is HOOKLINE_PUBLIC_URL's, never the request's.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { canonicalJson, sign } from "@/lib/executor/signature";
import { log as appLog } from "@/lib/observability/log";
import { freePort } from "../support/ports";

const SIGNING_KEY = `signkey-test-${"cd34".repeat(16)}`;
const saved = { ...process.env };
const g = globalThis as unknown as { __hooklineInngest?: unknown };

/** Fresh modules on `vars` (lib/env reads the environment once; the client is a global). */
async function withEnv(vars: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  delete g.__hooklineInngest;
  vi.resetModules();
}

afterEach(() => {
  process.env = { ...saved };
  delete g.__hooklineInngest;
});

/** A request to a node handler on a loopback port, with any Host header. */
async function send(
  handler: http.RequestListener,
  init: { method: string; path?: string; headers?: Record<string, string>; body?: string },
) {
  const server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  try {
    return await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        {
          host: "127.0.0.1",
          port: (server.address() as AddressInfo).port,
          path: init.path ?? "/api/inngest",
          method: init.method,
          headers: init.headers,
        },
        (res) => {
          let body = "";
          res.setEncoding("utf8").on("data", (c: string) => (body += c));
          res.on("end", () => resolve({ status: res.statusCode!, body }));
        },
      );
      req.on("error", reject).end(init.body);
    });
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

describe("/api/inngest in embedded mode", () => {
  it("is not served by the Next route (`next dev`, or anything Next is handed)", async () => {
    await withEnv({});
    const route = await import("@/app/api/inngest/route");
    for (const method of ["GET", "PUT", "POST"] as const) {
      const res = await route[method](
        new Request("http://attacker:9999/api/inngest", { method, body: method === "GET" ? undefined : "{}" }),
        {},
      );
      expect(res.status, method).toBe(404);
    }
  });

  it("without a steps process, the executor syncs from a loopback endpoint of its own, not from PORT", async () => {
    // Nothing listens on PORT: before, the executor synced from http://127.0.0.1:$PORT/api/inngest.
    await withEnv({
      PORT: String(await freePort()),
      HOOKLINE_EXECUTOR_PORT: String(await freePort()),
      HOOKLINE_SERVE_URL: undefined,
    });
    const { startBackground, stopBackground, executorSynced } = await import("@/lib/background");
    // The executor's start line in the JSON log (lib/observability/log.ts) names the endpoint it drives.
    const logs: unknown[][] = [];
    const log = vi
      .spyOn(appLog("executor"), "info")
      .mockImplementation(((...a: unknown[]) => void logs.push(a)) as never);
    try {
      await startBackground();
      await executorSynced(10_000);
      const driving = logs.find((a) => String(a[1]).includes("embedded executor started"))?.[0] as
        { serveUrl?: string } | undefined;
      expect(driving?.serveUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/inngest$/);
      expect(driving?.serveUrl).not.toContain(`:${process.env.PORT}/`);
    } finally {
      log.mockRestore();
      await stopBackground();
    }
  });
});

describe("/api/inngest with an external Inngest", () => {
  it("refuses unsigned sync and introspection, and registers at HOOKLINE_PUBLIC_URL whatever the Host", async () => {
    // The "Inngest" an unsigned PUT would make the SDK register with.
    const registered: string[] = [];
    const inngest = http.createServer((req, res) => {
      registered.push(`${req.method} ${req.url}`);
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true,"modified":true}');
    });
    await new Promise<void>((r) => inngest.listen(0, "127.0.0.1", r));
    try {
      await withEnv({
        INNGEST_SIGNING_KEY: SIGNING_KEY,
        INNGEST_BASE_URL: `http://127.0.0.1:${(inngest.address() as AddressInfo).port}`,
        HOOKLINE_PUBLIC_URL: "https://hooks.example.com",
      });
      const { inngestNodeHandler } = await import("@/lib/engine/serve-node");
      const handler = inngestNodeHandler();

      const forged = await send(handler, { method: "PUT", headers: { host: "attacker:9999" } });
      expect(forged.status).toBe(401);
      const introspect = await send(handler, { method: "GET" });
      expect(introspect.status).toBe(401);
      expect(introspect.body).not.toContain("function_count");
      expect(registered).toEqual([]);

      // Inngest's own (signed) in-band sync: the URL in the answer is the public one.
      const body = canonicalJson({ url: "http://attacker:9999/elsewhere" });
      const sync = await send(handler, {
        method: "PUT",
        headers: {
          host: "attacker:9999",
          "content-type": "application/json",
          "x-inngest-sync-kind": "in_band",
          "x-inngest-signature": sign(body, SIGNING_KEY),
        },
        body,
      });
      expect(sync.status).toBe(200);
      const answer = JSON.parse(sync.body) as {
        url: string;
        functions: { steps: Record<string, { runtime: { url: string } }> }[];
      };
      expect(answer.url).toBe("https://hooks.example.com/api/inngest");
      for (const fn of answer.functions)
        for (const s of Object.values(fn.steps))
          expect(new URL(s.runtime.url).origin).toBe("https://hooks.example.com");
    } finally {
      inngest.close();
    }
  });
});
