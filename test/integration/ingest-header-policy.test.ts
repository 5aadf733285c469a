// Issue 20, what a webhook URL stores and answers. The request log's header policy: a member who
// opens the URL in a browser leaves no cookie (nor any header or body) behind; a sender's
// Authorization, every preset's signature header and the headers on the workspace's deny-list are
// stored as "[redacted]", and every reader (GET /api/deliveries/:id, the run's trigger data, the
// run page, a replay) shows that stored copy. Answers: every one carries nosniff, a CSP and
// no-store; a custom answer is never text/html (refused by the definition schema; a legacy version
// answers as text/plain).
import { createHmac, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { GET as getDeliveryRoute } from "@/app/api/deliveries/[id]/route";
import { PUT as putFlowRoute } from "@/app/api/flows/[id]/route";
import { PUT as putWebhookSettings } from "@/app/api/settings/webhooks/route";
import { getDb, usingPostgres } from "@/lib/db";
import { checkGraph } from "@/lib/flows/check-graph";
import { flowDefinitionSchema, parseStoredDefinition } from "@/lib/flows/definition";
import { newId } from "@/lib/ids";
import { getRun } from "@/lib/runs/get-run";
import { replayRun } from "@/lib/runs/replay";
import { UNSAFE_ANSWER_TYPE_MESSAGE } from "@/lib/webhooks/answer-types";
import { forgetEndpoints } from "@/lib/webhooks/load-endpoint";
import { REDACTED } from "@/lib/webhooks/redact";
import {
  runDeniedHeaderScrubs,
  SCRUB_KEY,
  scrubStoredDeliveries,
  stopDeliveryScrubs,
} from "@/lib/webhooks/scrub-deliveries";
import { setWebhookSettings } from "@/lib/webhooks/webhook-settings";
import { signedIn, TEST_ORIGIN } from "../support/auth";
import { eventually, startEngine } from "../support/engine-harness";
import {
  deliveryRow,
  expectStored,
  finishedRun,
  githubHeaders,
  newSecret,
  send,
  shopifyHeaders,
  standardHeaders,
  standardSecret,
  stripeHeaders,
  webhookFlow,
  type Answer,
  type TriggerConfig,
} from "../support/ingest-helpers";
import { stripeLikeEvent } from "../support/payloads";

let engine: Awaited<ReturnType<typeof startEngine>>;
beforeAll(async () => {
  engine = await startEngine();
});
afterAll(async () => {
  await engine?.stop();
});

const JSON_TYPE = { "content-type": "application/json" };
const event = () => JSON.stringify(stripeLikeEvent(Math.floor(Math.random() * 1e6)));

/** The request log's view of a delivery, as a viewer of the workspace reads it. */
async function deliveryAsViewer(workspaceId: string, id: string) {
  const viewer = await signedIn({ workspaceId, role: "viewer" });
  const res = await getDeliveryRoute(
    new Request(`${TEST_ORIGIN}/api/deliveries/${id}`, { headers: viewer.headers() }),
    { params: Promise.resolve({ id }) },
  );
  expect(res.status).toBe(200);
  return { text: await res.text() };
}

/** The answer headers every webhook answer carries. */
function expectSafeAnswer(a: Answer) {
  expect(a.headers.get("x-content-type-options")).toBe("nosniff");
  expect(a.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'; sandbox");
  expect(a.headers.get("cache-control")).toBe("no-store");
}

describe(`the request log's header policy (${inject("database")})`, () => {
  it("a browser GET with the member's session cookie: 405, stored without headers or body; the log shows no cookie", async () => {
    const { ws, live } = await webhookFlow();
    const session = `better-auth.session_token=${randomUUID()}.sig`;
    const a = await send(
      engine,
      `${live}?from=browser`,
      undefined,
      { cookie: session, "user-agent": "Mozilla/5.0", accept: "text/html" },
      "GET",
    );
    const row = await expectStored(a, 405, "bad_method");
    expect(row.headers).toBe("{}");
    expect(row.body.length).toBe(0);
    expect(row.contentType).toBeNull();
    const view = await deliveryAsViewer(ws, a.id!);
    expect(view.text).not.toContain(session.split("=")[1]!);
    expect(JSON.parse(view.text)).toMatchObject({ method: "GET", headers: {}, body: "" });
  });

  it("a sender's Authorization: Bearer is [redacted] in the log, the run's trigger data, the run page and a replay", async () => {
    const { ws, live } = await webhookFlow({
      verification: { preset: "stripe", toleranceSeconds: 300 },
      secretId: await newSecret("whsec_bearer"),
    });
    const bearer = `Bearer sk_live_${randomUUID()}`;
    const payload = event();
    const a = await send(engine, live, payload, {
      ...stripeHeaders(payload, "whsec_bearer"),
      authorization: bearer,
      "x-request-id": "r-1",
    });
    const row = await expectStored(a, 202, "accepted");
    expect(JSON.parse(row.headers)).toMatchObject({ authorization: REDACTED, "x-request-id": "r-1" });
    const secret = bearer.slice("Bearer ".length);
    expect((await deliveryAsViewer(ws, a.id!)).text).not.toContain(secret);
    const { run, trigger, triggerText } = await finishedRun(a.id!);
    expect(trigger?.headers.authorization).toBe(REDACTED);
    expect(triggerText).not.toContain(secret);
    expect(JSON.stringify(await getRun(ws, run.id))).not.toContain(secret);
    const replay = await replayRun(ws, run.id, "same");
    const db = await getDb();
    const step = await eventually(
      () =>
        db.stepRun
          .findFirst({ where: { runId: replay.runId, nodeId: "trigger", status: "succeeded" } })
          .then((s) => s ?? undefined),
      20_000,
      "the replay's trigger step",
    );
    expect(step.output).toContain(REDACTED);
    expect(step.output).not.toContain(secret);
  });

  const hmacSecret = "hmac-secret";
  const presets: {
    name: string;
    verification: TriggerConfig["verification"];
    secret: string;
    header: string;
    sign: (payload: string, secret: string) => Promise<Record<string, string>> | Record<string, string>;
  }[] = [
    {
      name: "Stripe",
      verification: { preset: "stripe", toleranceSeconds: 300 },
      secret: "whsec_policy",
      header: "stripe-signature",
      sign: stripeHeaders,
    },
    {
      name: "Shopify",
      verification: { preset: "shopify" },
      secret: "shpss_policy",
      header: "x-shopify-hmac-sha256",
      sign: (p, s) => shopifyHeaders(p, s),
    },
    {
      name: "GitHub",
      verification: { preset: "github" },
      secret: "gh-policy",
      header: "x-hub-signature-256",
      sign: (p, s) => githubHeaders(p, s),
    },
    {
      name: "Standard Webhooks",
      verification: { preset: "standard-webhooks", toleranceSeconds: 300 },
      secret: standardSecret(),
      header: "webhook-signature",
      sign: (p, s) => standardHeaders(p, s, `msg_${randomUUID()}`),
    },
    {
      name: "custom HMAC",
      verification: { preset: "hmac", header: "X-Acme-Signature", algorithm: "sha256", encoding: "hex" },
      secret: hmacSecret,
      header: "x-acme-signature",
      sign: (p, s) => ({ ...JSON_TYPE, "x-acme-signature": createHmac("sha256", s).update(p).digest("hex") }),
    },
    {
      name: "shared token",
      verification: { preset: "token", in: "header", name: "X-Acme-Token" },
      secret: `tok-${randomUUID()}`,
      header: "x-acme-token",
      sign: (_p, s) => ({ ...JSON_TYPE, "x-acme-token": s }),
    },
  ];

  it.each(presets)("$name: its signature or secret header is stored as [redacted], not in the clear", async (p) => {
    const { live } = await webhookFlow({ verification: p.verification, secretId: await newSecret(p.secret) });
    const payload = event();
    const headers = await p.sign(payload, p.secret);
    const a = await send(engine, live, payload, headers);
    const row = await expectStored(a, 202, "accepted");
    expect(JSON.parse(row.headers)[p.header]).toBe(REDACTED);
    expect(row.headers).not.toContain(headers[p.header]!);
  });

  it("the workspace deny-list: only an owner may change it (viewer, editor: 403); its headers are stored as [redacted]", async () => {
    const { ws, live } = await webhookFlow();
    const put = async (role: "viewer" | "editor" | "owner", deniedHeaders: string[]) => {
      const user = await signedIn({ workspaceId: ws, role });
      const res = await putWebhookSettings(
        new Request(`${TEST_ORIGIN}/api/settings/webhooks`, {
          method: "PUT",
          headers: user.headers(JSON_TYPE),
          body: JSON.stringify({ deniedHeaders }),
        }),
        undefined as never,
      );
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    };
    expect((await put("viewer", ["x-partner-key"])).status).toBe(403);
    expect((await put("editor", ["x-partner-key"])).status).toBe(403);
    expect((await put("owner", ["not a header"])).status).toBe(400);
    try {
      expect(await put("owner", ["X-Partner-Key"])).toEqual({
        status: 200,
        json: { deniedHeaders: ["x-partner-key"] },
      });
      const key = `pk_${randomUUID()}`;
      const a = await send(engine, live, event(), { ...JSON_TYPE, "x-partner-key": key, "x-shop": "acme" });
      const row = await expectStored(a, 202, "accepted");
      expect(JSON.parse(row.headers)).toMatchObject({ "x-partner-key": REDACTED, "x-shop": "acme" });
      expect(row.headers).not.toContain(key);
    } finally {
      await setWebhookSettings(ws, { deniedHeaders: [] }); // the workspace is shared with other test files
    }
  });
});

describe(`a trigger config that does not parse (${inject("database")})`, () => {
  /** Replaces the webhook node's config in the stored definition (the published version's, or the draft's). */
  async function breakConfig(flowId: string, where: "version" | "draft", config: Record<string, unknown>) {
    const db = await getDb();
    const edit = (json: string) => {
      const def = JSON.parse(json) as { nodes: { type: string; data: { config: unknown } }[] };
      def.nodes.find((n) => n.type === "webhook")!.data.config = config;
      return JSON.stringify(def);
    };
    if (where === "version") {
      const v = await db.flowVersion.findFirstOrThrow({ where: { flowId }, orderBy: { number: "desc" } });
      await db.flowVersion.update({ where: { id: v.id }, data: { definition: edit(v.definition) } });
    } else {
      const f = await db.flow.findUniqueOrThrow({ where: { id: flowId } });
      await db.flow.update({ where: { id: flowId }, data: { draft: edit(f.draft) } });
    }
    forgetEndpoints();
  }

  it("a live config_error still stores the flow's token header and query token as [redacted] (policy from the verification block alone)", async () => {
    const secret = `tok-${randomUUID()}`;
    const secretId = await newSecret(secret);
    const header = await webhookFlow({
      verification: { preset: "token", in: "header", name: "X-Acme-Token" },
      secretId,
    });
    // Valid verification, invalid elsewhere (dedupe by a JSON path that is not given): config_error.
    await breakConfig(header.flowId, "version", {
      verification: { preset: "token", in: "header", name: "X-Acme-Token" },
      secretId,
      dedupe: { by: "json" },
    });
    const a = await send(engine, header.live, event(), { ...JSON_TYPE, "x-acme-token": secret });
    const row = await expectStored(a, 500, "config_error");
    expect(JSON.parse(row.headers)["x-acme-token"]).toBe(REDACTED);
    expect(row.headers).not.toContain(secret);

    const query = await webhookFlow({ verification: { preset: "token", in: "query", name: "key" }, secretId });
    await breakConfig(query.flowId, "version", {
      verification: { preset: "token", in: "query", name: "key" },
      secretId,
      dedupe: { by: "json" },
    });
    const q = await expectStored(
      await send(engine, `${query.live}?key=${secret}&order=1`, event()),
      500,
      "config_error",
    );
    expect(q.query).not.toContain(secret);
    expect(new URLSearchParams(q.query).get("key")).toBe(REDACTED);
    expect(new URLSearchParams(q.query).get("order")).toBe("1");
  });

  it("a verification block that does not parse either: every header a preset reads, the names it spells and common token query names are [redacted]", async () => {
    const secret = `tok-${randomUUID()}`;
    const { flowId, live } = await webhookFlow();
    await breakConfig(flowId, "version", {
      verification: { preset: "token", in: "cookie", name: "X-Odd-Token" },
      secretId: "cred_x",
    });
    const a = await send(engine, `${live}?access_token=${secret}&page=2`, event(), {
      ...JSON_TYPE,
      "x-odd-token": secret,
      "x-hub-signature-256": `sha256=${secret}`,
      "x-api-key": secret,
      "x-shop": "acme",
    });
    const row = await expectStored(a, 500, "config_error");
    expect(JSON.parse(row.headers)).toMatchObject({
      "x-odd-token": REDACTED,
      "x-hub-signature-256": REDACTED,
      "x-api-key": REDACTED,
      "x-shop": "acme",
    });
    expect(`${row.headers} ${row.query}`).not.toContain(secret);
    expect(new URLSearchParams(row.query).get("page")).toBe("2");
  });

  it("the test URL of a draft mid-edit (a preset chosen, its secret not yet): config_error, not an unsigned sample; its token header is [redacted]", async () => {
    const secret = `tok-${randomUUID()}`;
    const { flowId, test } = await webhookFlow({}, { publish: false });
    await breakConfig(flowId, "draft", { verification: { preset: "token", in: "header", name: "X-Draft-Token" } });
    const a = await send(engine, test, event(), { ...JSON_TYPE, "x-draft-token": secret });
    const row = await expectStored(a, 500, "config_error");
    expect(row.reason).toContain("Choose the signing secret");
    expect(JSON.parse(row.headers)["x-draft-token"]).toBe(REDACTED);
    expect(row.headers).not.toContain(secret);
  });
});

describe(`deliveries stored before the policy (${inject("database")})`, () => {
  it("the migration's scrub: cookie, authorization and signature headers become [redacted]; a non-POST loses headers and body", async () => {
    const { ws, flowId } = await webhookFlow();
    const db = await getDb();
    const endpoint = await db.webhookEndpoint.findFirstOrThrow({ where: { flowId, kind: "live" } });
    const row = (verdict: string, method: string, headers: Record<string, string>) => ({
      id: newId("dlv"),
      workspaceId: ws,
      flowId,
      endpointId: endpoint.id,
      method,
      headers: JSON.stringify(headers),
      body: Buffer.from("body"),
      verdict,
    });
    const old = [
      row("accepted", "POST", {
        cookie: "session=1",
        authorization: "Bearer x",
        "stripe-signature": "t=1,v1=a",
        "x-shop": "acme",
      }),
      row("bad_method", "GET", { cookie: "session=2" }),
      row("accepted", "POST", { "x-shop": "acme" }),
    ];
    await db.delivery.createMany({ data: old });
    // The data part of the migration, as `db:deploy` runs it on this engine.
    const dir = usingPostgres() ? "prisma/postgres/migrations" : "prisma/migrations";
    const name = fs.readdirSync(dir).find((d) => d.endsWith("_webhook_header_policy_and_reject_budgets"))!;
    const whole = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
    const sql = whole.slice(whole.indexOf("-- Deliveries stored before the header policy"));
    for (const statement of sql
      .replace(/^--.*$/gm, "")
      .split(/;\s*$/m)
      .map((x) => x.trim())
      .filter(Boolean))
      await db.$executeRawUnsafe(statement);
    const [post, get, plain] = await Promise.all(old.map((o) => deliveryRow(o.id)));
    expect(JSON.parse(post!.headers)).toEqual({
      cookie: REDACTED,
      authorization: REDACTED,
      "stripe-signature": REDACTED,
      "x-shop": "acme",
    });
    expect([get!.headers, get!.body.length]).toEqual(["{}", 0]);
    expect(JSON.parse(plain!.headers)).toEqual({ "x-shop": "acme" });
  });
});

describe(`the scrub of stored deliveries under each flow's current policy (${inject("database")})`, () => {
  const secret = () => `s3cret-${randomUUID()}`;
  async function oldRow(flowId: string, headers: Record<string, string>, query = "") {
    const db = await getDb();
    const endpoint = await db.webhookEndpoint.findFirstOrThrow({ where: { flowId, kind: "live" } });
    const id = newId("dlv");
    await db.delivery.create({
      data: {
        id,
        workspaceId: endpoint.workspaceId,
        flowId,
        endpointId: endpoint.id,
        method: "POST",
        headers: JSON.stringify(headers),
        query,
        body: Buffer.from("{}"),
        verdict: "accepted",
      },
    });
    return id;
  }

  it("runs once per database (delivery-scrub:v1): the flow's token header, custom-HMAC header, ?token= query and the deny-list become [redacted]", async () => {
    const secretId = await newSecret("scrub-secret");
    const token = await webhookFlow({
      verification: { preset: "token", in: "header", name: "X-Acme-Token" },
      secretId,
    });
    const hmac = await webhookFlow({
      verification: { preset: "hmac", header: "X-Acme-Signature", algorithm: "sha256", encoding: "hex" },
      secretId,
    });
    const query = await webhookFlow({ verification: { preset: "token", in: "query", name: "token" }, secretId });
    const [t, h, q, d] = [secret(), secret(), secret(), secret()];
    const ids = [
      await oldRow(token.flowId, { "x-acme-token": t, "x-shop": "acme" }),
      await oldRow(hmac.flowId, { "x-acme-signature": h }),
      await oldRow(query.flowId, {}, `token=${q}&order=1`),
      await oldRow(token.flowId, { "x-partner-key": d }),
    ];
    const db = await getDb();
    await setWebhookSettings(token.ws, { deniedHeaders: ["x-partner-key"] });
    try {
      // The engine's own scrub loop (its first pass comes 10 s after start) would be a third
      // walker in the race below, and could be the one to finish: only the two calls here run.
      await stopDeliveryScrubs();
      // As on a database the job never ran on; two instances start it at once.
      await db.instanceSetting.deleteMany({ where: { key: SCRUB_KEY } });
      const runs = await Promise.all([
        scrubStoredDeliveries({ batchSize: 300, pauseMs: 0 }),
        scrubStoredDeliveries({ batchSize: 300, pauseMs: 0 }),
      ]);
      expect(runs.some((r) => r.finished)).toBe(true);
      const rows = await Promise.all(ids.map((id) => deliveryRow(id)));
      expect(JSON.parse(rows[0]!.headers)).toEqual({ "x-acme-token": REDACTED, "x-shop": "acme" });
      expect(JSON.parse(rows[1]!.headers)).toEqual({ "x-acme-signature": REDACTED });
      expect(new URLSearchParams(rows[2]!.query).get("token")).toBe(REDACTED);
      expect(new URLSearchParams(rows[2]!.query).get("order")).toBe("1");
      expect(JSON.parse(rows[3]!.headers)).toEqual({ "x-partner-key": REDACTED });
      for (const s of [t, h, q, d]) expect(JSON.stringify(rows)).not.toContain(s);
      expect((await db.instanceSetting.findUniqueOrThrow({ where: { key: SCRUB_KEY } })).value).toBe("done");
      // Done: later runs do nothing.
      const later = await oldRow(token.flowId, { "x-acme-token": t });
      expect(await scrubStoredDeliveries()).toEqual({ finished: true, changed: 0 });
      expect(JSON.parse((await deliveryRow(later)).headers)["x-acme-token"]).toBe(t);
    } finally {
      await setWebhookSettings(token.ws, { deniedHeaders: [] });
    }
  });

  it("a header an owner adds to the deny-list leaves the workspace's stored deliveries too (batched, in the background)", async () => {
    const { ws, flowId } = await webhookFlow();
    const other = await webhookFlow();
    const key = secret();
    const ids = [
      await oldRow(flowId, { "x-vendor-key": key, "x-shop": "acme" }),
      await oldRow(other.flowId, { "X-Vendor-Key": key }),
      await oldRow(flowId, { "x-shop": "b" }),
    ];
    const owner = await signedIn({ workspaceId: ws, role: "owner" });
    try {
      const res = await putWebhookSettings(
        new Request(`${TEST_ORIGIN}/api/settings/webhooks`, {
          method: "PUT",
          headers: owner.headers(JSON_TYPE),
          body: JSON.stringify({ deniedHeaders: ["x-vendor-key"] }),
        }),
        undefined as never,
      );
      expect(res.status).toBe(200);
      // Started by the PUT in the background; a pass here as the loop would run it (one instance may walk it, the other finds it held or done).
      await runDeniedHeaderScrubs({ batchSize: 1, pauseMs: 0 });
      const db = await getDb();
      await eventually(
        async () =>
          (await db.instanceSetting.count({ where: { key: `delivery-scrub:denied:${ws}` } })) === 0 ? true : undefined,
        10_000,
        "the deny-list scrub to finish",
      );
      const rows = await Promise.all(ids.map((id) => deliveryRow(id)));
      expect(JSON.parse(rows[0]!.headers)).toEqual({ "x-vendor-key": REDACTED, "x-shop": "acme" });
      expect(JSON.parse(rows[1]!.headers)).toEqual({ "X-Vendor-Key": REDACTED });
      expect(JSON.parse(rows[2]!.headers)).toEqual({ "x-shop": "b" });
    } finally {
      await setWebhookSettings(ws, { deniedHeaders: [] });
    }
  });
});

describe(`webhook answers (${inject("database")})`, () => {
  it("every answer carries nosniff, a CSP and no-store: accepted, custom, rejected, unknown URL", async () => {
    const { live } = await webhookFlow({
      verification: { preset: "stripe", toleranceSeconds: 300 },
      secretId: await newSecret("whsec_answers"),
    });
    const payload = event();
    const accepted = await send(engine, live, payload, stripeHeaders(payload, "whsec_answers"));
    expect(accepted.status).toBe(202);
    expectSafeAnswer(accepted);
    const rejected = await send(engine, live, payload, { ...JSON_TYPE, "stripe-signature": "t=1,v1=00" });
    expect(rejected.status).toBe(401);
    expectSafeAnswer(rejected);
    expectSafeAnswer(await send(engine, live, undefined, {}, "GET"));
    const unknown = await send(engine, "/api/hooks/no-such-token", event());
    expect(unknown.status).toBe(404);
    expectSafeAnswer(unknown);
    const custom = await webhookFlow({
      response: { status: 200, contentType: "text/plain", body: "ok {{ delivery.id }}" },
    });
    const answered = await send(engine, custom.live, event());
    expect(answered.text).toMatch(/^ok dlv_/);
    expectSafeAnswer(answered);
  });

  it("text/html is refused by the definition schema (API save) and by publish, with a clear message", async () => {
    const { ws, flowId } = await webhookFlow();
    const html = {
      schemaVersion: 1,
      nodes: [
        {
          id: "trigger",
          type: "webhook",
          position: { x: 0, y: 0 },
          data: {
            config: {
              response: { status: 200, contentType: "Text/HTML; charset=utf-8", body: "<b>{{ delivery.id }}</b>" },
            },
          },
        },
      ],
      edges: [],
    };
    const parsed = flowDefinitionSchema.safeParse(html);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({
      message: UNSAFE_ANSWER_TYPE_MESSAGE,
      path: ["nodes", 0, "data", "config", "response", "contentType"],
    });
    const editor = await signedIn({ workspaceId: ws, role: "editor" });
    const res = await putFlowRoute(
      new Request(`${TEST_ORIGIN}/api/flows/${flowId}`, {
        method: "PUT",
        headers: editor.headers(JSON_TYPE),
        body: JSON.stringify({ definition: html }),
      }),
      { params: Promise.resolve({ id: flowId }) },
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Response content type must be application/json, text/plain or application/xml");
    for (const contentType of ["application/json", "text/plain; charset=utf-8", "application/xml"]) {
      expect(
        flowDefinitionSchema.safeParse({
          ...html,
          nodes: [{ ...html.nodes[0]!, data: { config: { response: { contentType } } } }],
        }).success,
        contentType,
      ).toBe(true);
    }
    // The problems list (editor, publish) says so for a draft that already holds it.
    expect(
      checkGraph(parseStoredDefinition(JSON.stringify(html)))
        .map((i) => i.message)
        .join("\n"),
    ).toContain(UNSAFE_ANSWER_TYPE_MESSAGE);
  });

  it("a version published with text/html before the rule still answers, as text/plain", async () => {
    const { flowId, live } = await webhookFlow({
      response: { status: 200, contentType: "text/plain", body: "<script>alert('{{ delivery.id }}')</script>" },
    });
    const db = await getDb();
    const version = await db.flowVersion.findFirstOrThrow({ where: { flowId } });
    await db.flowVersion.update({
      where: { id: version.id },
      data: { definition: version.definition.replace('"text/plain"', '"text/html"') },
    });
    expect(version.definition).toContain('"text/plain"');
    forgetEndpoints();
    const a = await send(engine, live, event());
    expect(a.status).toBe(200);
    expect(a.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(a.text).toMatch(/^<script>alert\('dlv_/);
    expectSafeAnswer(a);
  });
});
