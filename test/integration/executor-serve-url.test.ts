// Issue 20, "executor hijack": a PUT on the SDK's endpoint with a forged Host made the SDK register
// the app's functions at the attacker's URL, and the executor then sent every run call there (the
// signed event, the memoized step outputs). The executor now refuses a register naming another URL
// than its configured serve URL, and never calls the URL a stored config names.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hashedSigningKey } from "@/lib/executor/signature";
import { startExecutorHarness, TEST_SIGNING_KEY, until, type ExecutorHarness } from "../support/executor-harness";

let h: ExecutorHarness;
let attacker: http.Server;
let attackerHost = "";
const stolen: string[] = [];
const APP = `serve-url-${inject("database")}-${Date.now().toString(36)}`;

beforeAll(async () => {
  attacker = http.createServer((req, res) => {
    stolen.push(`${req.method} ${req.url}`);
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
  await new Promise<void>((r) => attacker.listen(0, "127.0.0.1", r));
  attackerHost = `127.0.0.1:${(attacker.address() as AddressInfo).port}`;
  h = await startExecutorHarness(APP, (inngest) => [
    inngest.createFunction({ id: "echo", retries: 0, triggers: [{ event: "t/echo" }] }, async ({ event, step }) =>
      step.run("echo", () => event.data),
    ),
  ]);
});
afterAll(async () => {
  await h?.stop();
  attacker?.close();
});

const storedUrl = async () => {
  const rows = await h.sql.all<{ config: string }>(`SELECT "config" FROM "ExecFunction" WHERE "id" = ?`, [
    h.fnId("echo"),
  ]);
  return (JSON.parse(rows[0]!.config) as { steps: Record<string, { runtime: { url: string } }> }).steps.step!.runtime
    .url;
};

/** A PUT with the Host header of the attacker's choosing (fetch would not send a forged Host). */
function putWithHost(url: string, host: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(url, { method: "PUT", headers: { host } }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode!, body }));
    });
    req.on("error", reject).end();
  });
}

async function runCompletes(id: string) {
  await h.send([{ name: "t/echo", data: { n: id }, id }]);
  return until(
    async () => (await h.runs("echo")).find((r) => JSON.parse(r.event).id === id && r.status !== "running"),
    20_000,
    `run ${id}`,
  );
}

describe(`the executor calls only its configured serve URL (${inject("database")})`, () => {
  it("refuses a register naming another URL: a PUT with a forged Host on the SDK's endpoint stores nothing", async () => {
    const before = await storedUrl();
    const forged = await putWithHost(h.serveUrl, attackerHost);
    expect(forged.status).not.toBe(200);
    expect(forged.body).not.toMatch(/registered/i);
    // The same register sent straight to the executor with the SDK's credentials: refused, named.
    const direct = await fetch(`${h.apiUrl}/fn/register`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${hashedSigningKey(TEST_SIGNING_KEY)}` },
      body: JSON.stringify({ url: `http://${attackerHost}/api/inngest`, functions: [] }),
    });
    expect(direct.status).toBe(403);
    expect(((await direct.json()) as { error: string }).error).toContain(h.serveUrl);
    expect(await storedUrl()).toBe(before);
    // A register naming the configured URL still works (the SDK's own out-of-band sync).
    const own = await fetch(`${h.apiUrl}/fn/register`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${hashedSigningKey(TEST_SIGNING_KEY)}` },
      body: JSON.stringify({ url: `${h.serveUrl}?deployId=x`, functions: [] }),
    });
    expect(own.status).toBe(200);

    const run = await runCompletes("after-forged-put");
    expect(run.status).toBe("completed");
    expect(stolen).toEqual([]);
  });

  it("never calls the URL a stored config names (a config synced before this fix, or written by hand)", async () => {
    const config = (
      await h.sql.all<{ config: string }>(`SELECT "config" FROM "ExecFunction" WHERE "id" = ?`, [h.fnId("echo")])
    )[0]!.config;
    const hijacked = config.replaceAll(new URL(h.serveUrl).host, attackerHost);
    expect(hijacked).not.toBe(config);
    await h.sql.run(`UPDATE "ExecFunction" SET "config" = ? WHERE "id" = ?`, [hijacked, h.fnId("echo")]);
    await h.restart(); // loads the configs from the database
    const run = await runCompletes("after-stored-hijack");
    expect(run.status).toBe("completed");
    expect(JSON.parse(run.output!)).toEqual({ n: "after-stored-hijack" });
    expect(stolen).toEqual([]);
  });
});
