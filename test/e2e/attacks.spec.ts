// The attacks of issue 20 ("Safe on the open internet"), run from outside against the built app
// under `npm start`, the way an attacker on the internet would: a member's cookie sent to a
// webhook URL, a sender's Authorization header, a forged sync of /api/inngest, a flood of rejected
// 1 MB bodies, 400 half-open connections and 100 parallel password guesses. Each must hold.
// No browser: raw HTTP and sockets. docs/security.md lists the defences these exercise.
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { expect, test } from "./fixtures";
import { startApp, type App } from "./app";

const SECRET = "whsec_attack_suite_secret_0123456789abcdef";
const SESSION_COOKIE = "hookline.session_token=stolen-session-value-0123456789";
const SENDER_BEARER = "Bearer sender-private-token-0123456789";

let app: App;
test.beforeAll(async () => {
  app = await startApp();
});
test.afterAll(async () => {
  await app?.stop();
});

async function api<T>(p: string, body?: unknown, method = body ? "POST" : "GET"): Promise<T> {
  const res = await fetch(`${app.url}${p}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${p}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** A published flow with one trigger (Stripe-verified when `stripe`); returns its live URL. */
async function publishedFlow(name: string, trigger: Record<string, unknown>) {
  const flow = await api<{ id: string }>("/api/flows", {
    name,
    definition: {
      schemaVersion: 1,
      nodes: [{ id: "trigger", type: "webhook", position: { x: 0, y: 0 }, data: { config: trigger } }],
      edges: [],
    },
  });
  const { webhookUrl } = await api<{ webhookUrl: string }>(`/api/flows/${flow.id}/publish`, {});
  return { id: flow.id, url: webhookUrl };
}

type Delivery = { id: string; verdict: string; method: string; headers: Record<string, string>; runId?: string | null };
const deliveries = async (flowId: string) =>
  (await api<{ items: Delivery[] }>(`/api/flows/${flowId}/deliveries?kind=live`)).items;

function dirSize(dir: string): number {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    total += e.isDirectory() ? dirSize(p) : fs.statSync(p).size;
  }
  return total;
}

test("a member's cookie sent to a webhook URL is never stored, nor a sender's Authorization header", async () => {
  const flow = await publishedFlow("Cookie jar", {});
  // The natural "does it work?" click: a top-level GET that carries the session cookie.
  const get = await fetch(flow.url, { headers: { cookie: SESSION_COOKIE, authorization: SENDER_BEARER } });
  expect(get.status).toBe(405);
  const post = await fetch(flow.url, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: SESSION_COOKIE, authorization: SENDER_BEARER },
    body: '{"id":"evt_cookie"}',
  });
  expect(post.status).toBe(202);

  const log = await deliveries(flow.id);
  expect(log.map((d) => d.verdict).sort()).toEqual(["accepted", "bad_method"]);
  for (const d of log) {
    const detail = await (await fetch(`${app.url}/api/deliveries/${d.id}`)).text();
    expect(detail).not.toContain("stolen-session-value");
    expect(detail).not.toContain("sender-private-token");
  }
  const badMethod = log.find((d) => d.verdict === "bad_method")!;
  const detail = await api<{ headers: Record<string, string>; body?: string | null }>(
    `/api/deliveries/${badMethod.id}`,
  );
  expect(detail.headers).toEqual({}); // a non-POST request is logged without headers or body

  // The run sees the stored copy too: trigger.headers never holds the secret.
  const accepted = log.find((d) => d.verdict === "accepted")!;
  await expect
    .poll(async () => (await deliveries(flow.id)).find((d) => d.id === accepted.id)?.runId ?? null, { timeout: 20_000 })
    .not.toBeNull();
  const runId = (await deliveries(flow.id)).find((d) => d.id === accepted.id)!.runId!;
  const run = await (await fetch(`${app.url}/api/runs/${runId}`)).text();
  expect(run).not.toContain("sender-private-token");
  expect(run).not.toContain("stolen-session-value");
  // And nothing on disk: the SQLite file holds neither value.
  const db =
    fs.readFileSync(path.join(app.dataDir, "hookline.db")).toString("latin1") +
    (fs.existsSync(path.join(app.dataDir, "hookline.db-wal"))
      ? fs.readFileSync(path.join(app.dataDir, "hookline.db-wal")).toString("latin1")
      : "");
  expect(db).not.toContain("stolen-session-value");
  expect(db).not.toContain("sender-private-token");
});

/** A PUT sent byte for byte as given (Host included), answered with its status and body. */
function rawPut(p: string, headers: Record<string, string>) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const { hostname, port } = new URL(app.url);
    const req = http.request(
      { host: hostname, port, path: p, method: "PUT", headers: { "content-length": "0", ...headers } },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

test("a forged sync of /api/inngest changes nothing: runs are still called on the loopback steps endpoint", async () => {
  // The attacker's server, where a hijacked executor would send its run calls.
  const stolen: string[] = [];
  const attacker = http.createServer((req, res) => {
    stolen.push(`${req.method} ${req.url}`);
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
  await new Promise<void>((r) => attacker.listen(0, "127.0.0.1", r));
  const attackerHost = `127.0.0.1:${(attacker.address() as net.AddressInfo).port}`;
  try {
    // Raw requests: fetch would drop a forged Host header.
    const forged = await Promise.all([
      rawPut("/api/inngest", { host: attackerHost }),
      rawPut("/api/inngest", { "x-forwarded-host": attackerHost, "x-forwarded-proto": "http" }),
      rawPut(`/api/inngest?url=${encodeURIComponent(`http://${attackerHost}/api/inngest`)}`, { host: attackerHost }),
    ]);
    for (const res of forged) {
      expect(res.body).not.toMatch(/registered/i);
      expect(res.status).not.toBe(200);
    }
    // An unsigned call into the functions is refused too.
    const call = await fetch(`${app.url}/api/inngest?fnId=hookline-flow&stepId=step`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(call.status).toBeGreaterThanOrEqual(400);

    const flow = await publishedFlow("After the forged sync", {});
    const res = await fetch(flow.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"id":"evt_after_sync"}',
    });
    expect(res.status).toBe(202);
    await expect
      .poll(
        async () => {
          const d = (await deliveries(flow.id))[0];
          return d?.runId ? (await api<{ run: { status: string } }>(`/api/runs/${d.runId}`)).run.status : null;
        },
        { timeout: 30_000 },
      )
      .toBe("succeeded");
    expect(stolen).toEqual([]);
  } finally {
    attacker.close();
  }
});

test("60 rejected 1 MB bodies grow the data directory by less than 10 MB, and 429s appear", async () => {
  const secret = await api<{ id: string }>("/api/credentials", {
    name: "Stripe signing secret",
    type: "webhook-secret",
    value: SECRET,
  });
  const flow = await publishedFlow("Disk flood", { verification: { preset: "stripe" }, secretId: secret.id });
  const before = dirSize(app.dataDir);
  const body = JSON.stringify({ id: "evt_flood", pad: "x".repeat(1024 * 1024 - 40) });
  const statuses: number[] = [];
  const retryAfter: string[] = [];
  for (let i = 0; i < 60; i++) {
    const res = await fetch(flow.url, {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": "t=1,v1=00" },
      body,
    });
    await res.arrayBuffer();
    statuses.push(res.status);
    if (res.status === 429) retryAfter.push(res.headers.get("retry-after") ?? "");
  }
  expect(statuses.filter((s) => s === 401).length).toBeGreaterThan(0);
  expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
  expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
  expect(retryAfter.every((v) => Number(v) > 0)).toBe(true);
  // Let the WAL checkpointer copy what was written, then measure everything in the data dir.
  await new Promise((r) => setTimeout(r, 1000));
  const grown = dirSize(app.dataDir) - before;
  console.log(
    `60 x 1 MB rejected: ${statuses.filter((s) => s === 401).length} x 401, ${statuses.filter((s) => s === 429).length} x 429; data dir grew ${(grown / 1024).toFixed(0)} KB`,
  );
  expect(grown).toBeLessThan(10 * 1024 * 1024);
});

test("400 half-open connections are closed within the header timeout while /api/health answers in under a second", async () => {
  test.setTimeout(90_000);
  // The attacker's sockets come from 127.0.0.2: another source address than the health check's.
  const sockets = await Promise.all(
    Array.from(
      { length: 400 },
      () =>
        new Promise<{ closed: Promise<number> }>((resolve) => {
          const s = net.connect({ host: "127.0.0.1", port: Number(new URL(app.url).port), localAddress: "127.0.0.2" });
          const closed = new Promise<number>((done) => s.once("close", () => done(Date.now())));
          s.on("error", () => {});
          s.resume(); // read the server's answer and FIN, so "close" is seen

          s.once("connect", () => s.write("POST /api/hooks/abc HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nX-Slow: "));
          resolve({ closed });
        }),
    ),
  );
  const t0 = Date.now();
  for (let i = 0; i < 3; i++) {
    const start = Date.now();
    const res = await fetch(`${app.url}/api/health`);
    expect(res.status).toBe(200);
    expect(Date.now() - start).toBeLessThan(1000);
    await new Promise((r) => setTimeout(r, 500));
  }
  const closedAt = await Promise.race([
    Promise.all(sockets.map((s) => s.closed)),
    new Promise<null>((r) => setTimeout(() => r(null), 40_000)),
  ]);
  expect(closedAt, "every half-open socket closed").not.toBeNull();
  const last = Math.max(...closedAt!) - t0;
  console.log(`400 half-open sockets: the last closed ${(last / 1000).toFixed(1)} s after the flood`);
  expect(last).toBeLessThan(20_000); // the header timeout (10 s) plus its check interval
});

test("100 parallel password guesses for one account get at most 5 password checks", async () => {
  // Each guess that reaches the password check answers 401; the limiter's refusals answer 429.
  const email = app.owner!.email;
  const guesses = await Promise.all(
    Array.from({ length: 100 }, (_, i) =>
      fetch(`${app.url}/api/auth/sign-in`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: app.url, cookie: "" },
        body: JSON.stringify({ email, password: `wrong-guess-${i}` }),
      }).then(async (r) => (await r.arrayBuffer(), r.status)),
    ),
  );
  const checked = guesses.filter((s) => s === 401).length;
  console.log(`100 parallel guesses: ${checked} password checks, ${guesses.filter((s) => s === 429).length} refused`);
  expect(guesses.every((s) => s === 401 || s === 429)).toBe(true);
  expect(checked).toBeGreaterThan(0);
  expect(checked).toBeLessThanOrEqual(5);
});
