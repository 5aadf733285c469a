// Slack, Discord and Teams messages against a local server that plays each service's incoming
// webhook: it checks the payload the way the service does and answers like it (Slack: 200 "ok";
// Discord: 204; Teams: 200 "1"), including its failures. The webhook URLs are credentials of a
// workspace on SQLite / PostgreSQL, read at send time.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discordExecutor, slackExecutor, teamsExecutor, type ChatInput } from "@/lib/engine/executors/chat";
import type { Scope } from "@/lib/engine/scope";
import { PermanentError, RetryLaterError } from "@/lib/engine/step-error";
import { createCredential } from "@/lib/credentials/create-credential";
import { getDb } from "@/lib/db";
import { newId } from "@/lib/ids";
import { discordMessage } from "@/lib/nodes/kinds/discord";
import { slackMessage } from "@/lib/nodes/kinds/slack";
import { teamsMessage } from "@/lib/nodes/kinds/teams";
import { freePort } from "../support/ports";
import { startTarget, type Received, type Responder } from "../support/target-server";

const SECRET_PATH = "T0001/B0002/s3cr3tW3bh00kT0k3n";

// What each service refuses, as it would: the answer for a bad payload, else undefined.
function slackProblem(p: Record<string, unknown>) {
  if (
    p.blocks !== undefined &&
    (!Array.isArray(p.blocks) || p.blocks.some((b) => typeof (b as { type?: unknown }).type !== "string"))
  )
    return "invalid_blocks";
  if (typeof p.text !== "string" && p.blocks === undefined) return "no_text";
  return undefined;
}
function discordProblem(p: Record<string, unknown>) {
  if (typeof p.content !== "string" || p.content.length === 0)
    return { code: 50006, message: "Cannot send an empty message" };
  if (p.content.length > 2000) return { code: 50035, message: "Invalid Form Body" };
  const am = p.allowed_mentions as { parse?: unknown } | undefined;
  if (am && !Array.isArray(am.parse)) return { code: 50035, message: "Invalid Form Body" };
  return undefined;
}
function teamsProblem(p: Record<string, unknown>) {
  const att = (
    p.attachments as Array<{ contentType?: string; content?: { type?: string; body?: unknown } }> | undefined
  )?.[0];
  if (
    p.type !== "message" ||
    att?.contentType !== "application/vnd.microsoft.card.adaptive" ||
    att.content?.type !== "AdaptiveCard"
  )
    return "Bad payload";
  return undefined;
}

// Paths: /<service>/<mode>/<secret>; mode "ok" answers like the service, others force a failure.
const respond: Responder = (req: Received): ReturnType<Responder> => {
  const [, service, mode] = req.path.split("/");
  const p = (req.json ?? {}) as Record<string, unknown>;
  if (req.headers["content-type"] !== "application/json") return { status: 415, body: "content-type" };
  if (mode === "ratelimited")
    return service === "discord"
      ? { status: 429, headers: { "retry-after": "3" }, body: { retry_after: 2.5, global: false } }
      : { status: 429, headers: { "retry-after": "3", "content-type": "text/plain" }, text: "rate_limited" };
  if (mode === "down") return { status: 503, text: "upstream down", headers: { "content-type": "text/plain" } };
  if (mode === "gone") return { status: 410, text: "channel_is_archived", headers: { "content-type": "text/plain" } };
  if (mode === "slow") return { delayMs: 2_000 };
  if (service === "slack") {
    const problem = slackProblem(p);
    return problem
      ? { status: 400, text: problem, headers: { "content-type": "text/plain" } }
      : { status: 200, text: "ok", headers: { "content-type": "text/plain" } };
  }
  if (service === "discord") {
    const problem = discordProblem(p);
    return problem ? { status: 400, body: problem } : { status: 204 };
  }
  const problem = teamsProblem(p);
  return problem
    ? { status: 400, body: problem }
    : { status: 200, text: "1", headers: { "content-type": "text/plain" } };
};

let target: Awaited<ReturnType<typeof startTarget>>;
let workspaceId: string;
const creds: Record<string, string> = {};
const scope: Scope = {
  trigger: {
    method: "POST",
    headers: {},
    query: {},
    body: { order: { id: "ord_7", total: 42.5, items: 3, buyer: "Ada <@everyone>" } },
    receivedAt: "2026-11-22T13:14:06.000Z",
  },
  nodes: {},
};
let ctx: { runId: string; nodeId: string; attempt: number; idempotencyKey: string; workspaceId: string };

beforeAll(async () => {
  target = await startTarget(respond);
  const db = await getDb();
  workspaceId = (await db.workspace.create({ data: { id: newId("ws"), name: "chat" } })).id;
  ctx = { runId: "run_chat", nodeId: "chat_1", attempt: 0, idempotencyKey: "run_chat:chat_1", workspaceId };
  const add = async (
    key: string,
    type: "slack-webhook-url" | "discord-webhook-url" | "teams-webhook-url",
    url: string,
  ) => {
    creds[key] = (await createCredential(workspaceId, { name: key, type, value: url })).id;
  };
  for (const mode of ["ok", "ratelimited", "down", "gone", "slow"]) {
    await add(`slack-${mode}`, "slack-webhook-url", `${target.url}/slack/${mode}/${SECRET_PATH}`);
    await add(`discord-${mode}`, "discord-webhook-url", `${target.url}/discord/${mode}/${SECRET_PATH}`);
    await add(`teams-${mode}`, "teams-webhook-url", `${target.url}/teams/${mode}/${SECRET_PATH}`);
  }
  await add("slack-refused", "slack-webhook-url", `http://127.0.0.1:${await freePort()}/slack/ok/${SECRET_PATH}`);
  await add("slack-private", "slack-webhook-url", `http://10.20.30.40/slack/ok/${SECRET_PATH}`);
});
afterAll(() => target?.close());

async function failure(run: Promise<unknown>): Promise<Error> {
  const outcome = await run.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!("error" in outcome)) throw new Error(`expected a failure, got ${JSON.stringify(outcome.value)}`);
  const error = outcome.error as Error;
  expect(error.message).not.toContain(SECRET_PATH);
  return error;
}

const slack = (c: Record<string, unknown>) =>
  slackExecutor.resolve(slackMessage.config.parse({ credentialId: creds["slack-ok"], ...c }), scope).input;
const discord = (c: Record<string, unknown>) =>
  discordExecutor.resolve(discordMessage.config.parse({ credentialId: creds["discord-ok"], ...c }), scope).input;
const teams = (c: Record<string, unknown>) =>
  teamsExecutor.resolve(teamsMessage.config.parse({ credentialId: creds["teams-ok"], ...c }), scope).input;
const withCred = (input: ChatInput, key: string): ChatInput => ({ ...input, credentialId: creds[key]! });

describe("Slack", () => {
  it("posts templated text; the recorded input holds the credential id, never the URL", async () => {
    const input = slack({ text: "New order {{ trigger.body.order.id }}: ${{ trigger.body.order.total }}" });
    expect(JSON.stringify(input)).not.toContain(SECRET_PATH);
    expect(await slackExecutor.run(input, ctx)).toEqual({ status: 200, body: "ok" });
    const sent = target.received.at(-1)!;
    expect(sent.path).toBe(`/slack/ok/${SECRET_PATH}`);
    expect(sent.json).toEqual({ text: "New order ord_7: $42.5" });
    expect(sent.headers["idempotency-key"]).toBe("run_chat:chat_1");
  });

  it("posts Block Kit blocks, a lone reference keeping its type", async () => {
    const blocks = JSON.stringify([
      { type: "section", text: { type: "mrkdwn", text: "*{{ trigger.body.order.id }}*" } },
      { type: "context", elements: [{ type: "plain_text", text: "items" }], n: "{{ trigger.body.order.items }}" },
    ]);
    await slackExecutor.run(slack({ text: "fallback", blocks }), ctx);
    expect(target.received.at(-1)!.json).toEqual({
      text: "fallback",
      blocks: [
        { type: "section", text: { type: "mrkdwn", text: "*ord_7*" } },
        { type: "context", elements: [{ type: "plain_text", text: "items" }], n: 3 },
      ],
    });
  });

  it("blocks Slack refuses (400 invalid_blocks) fail permanently", async () => {
    const error = await failure(slackExecutor.run(slack({ blocks: JSON.stringify([{ text: "no type" }]) }), ctx));
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toContain("answered 400: invalid_blocks");
  });

  it("the config refuses blocks that are not a JSON array, and a message with neither text nor blocks", () => {
    expect(
      slackMessage.config.safeParse({ credentialId: "c", blocks: '{"type":"section"}' }).error?.issues[0],
    ).toMatchObject({ path: ["blocks"], message: "Blocks must be a JSON array" });
    expect(slackMessage.config.safeParse({ credentialId: "c" }).error?.issues[0]).toMatchObject({ path: ["text"] });
  });

  it("410 channel_is_archived is permanent", async () => {
    expect(await failure(slackExecutor.run(withCred(slack({ text: "x" }), "slack-gone"), ctx))).toBeInstanceOf(
      PermanentError,
    );
  });

  it("429 with Retry-After is retried after it", async () => {
    const error = await failure(slackExecutor.run(withCred(slack({ text: "x" }), "slack-ratelimited"), ctx));
    expect(error).toBeInstanceOf(RetryLaterError);
    expect((error as RetryLaterError).retryAfterMs).toBe(3000);
  });

  it("503 is retried", async () => {
    const error = await failure(slackExecutor.run(withCred(slack({ text: "x" }), "slack-down"), ctx));
    expect(error).not.toBeInstanceOf(PermanentError);
    expect(error.message).toContain("answered 503");
  });

  it("a refused connection is retried; a timeout is retried", async () => {
    const refused = await failure(slackExecutor.run(withCred(slack({ text: "x" }), "slack-refused"), ctx));
    expect(refused).not.toBeInstanceOf(PermanentError);
    expect(refused.message).toContain("ECONNREFUSED");
    const slow = await failure(
      slackExecutor.run({ ...withCred(slack({ text: "x" }), "slack-slow"), timeoutMs: 200 }, ctx),
    );
    expect(slow).not.toBeInstanceOf(PermanentError);
    expect(slow.message).toContain("timed out");
  });

  it("a webhook URL on a private address is refused by the SSRF guard", async () => {
    const error = await failure(slackExecutor.run(withCred(slack({ text: "x" }), "slack-private"), ctx));
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toContain("10.20.30.40");
  });

  it("a credential of another type is refused before sending", async () => {
    const before = target.received.length;
    const error = await failure(slackExecutor.run(withCred(slack({ text: "x" }), "discord-ok"), ctx));
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toContain("not a slack-webhook-url");
    expect(target.received.length).toBe(before);
  });
});

describe("Discord", () => {
  it("posts content with mentions disabled by default, and a username", async () => {
    expect(
      await discordExecutor.run(
        discord({
          content: "Order {{ trigger.body.order.id }} by {{ trigger.body.order.buyer }}",
          username: "Shop bot",
        }),
        ctx,
      ),
    ).toEqual({ status: 204, body: "" });
    expect(target.received.at(-1)!.json).toEqual({
      content: "Order ord_7 by Ada <@everyone>",
      username: "Shop bot",
      allowed_mentions: { parse: [] },
    });
  });

  it("lets mentions ping when asked", async () => {
    await discordExecutor.run(discord({ content: "@here", allowMentions: true }), ctx);
    expect(target.received.at(-1)!.json).toMatchObject({ allowed_mentions: { parse: ["users", "roles", "everyone"] } });
  });

  it("a message over 2,000 characters once filled in fails permanently, and nothing is sent", async () => {
    const before = target.received.length;
    const error = await failure(
      discordExecutor.run(discord({ content: `${"x".repeat(1995)} {{ trigger.body.order.id }}` }), ctx),
    );
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toContain("2000");
    expect(target.received.length).toBe(before);
  });

  it("429 is retried after Retry-After", async () => {
    const error = await failure(discordExecutor.run(withCred(discord({ content: "x" }), "discord-ratelimited"), ctx));
    expect((error as RetryLaterError).retryAfterMs).toBe(3000);
  });
});

describe("Microsoft Teams", () => {
  it("posts an Adaptive Card with the title and text", async () => {
    expect(
      await teamsExecutor.run(
        teams({ title: "Order {{ trigger.body.order.id }}", text: "**Total** {{ trigger.body.order.total }}" }),
        ctx,
      ),
    ).toEqual({ status: 200, body: "1" });
    const sent = target.received.at(-1)!.json as { attachments: Array<{ content: { body: unknown[] } }> };
    expect(sent).toMatchObject({
      type: "message",
      attachments: [{ contentType: "application/vnd.microsoft.card.adaptive" }],
    });
    expect(sent.attachments[0]!.content).toMatchObject({
      type: "AdaptiveCard",
      version: "1.4",
      body: [
        { type: "TextBlock", text: "Order ord_7", weight: "Bolder", wrap: true },
        { type: "TextBlock", text: "**Total** 42.5", wrap: true },
      ],
    });
  });

  it("posts a card of the user's own, templated", async () => {
    const card = JSON.stringify({
      type: "AdaptiveCard",
      version: "1.5",
      body: [{ type: "FactSet", facts: [{ title: "Items", value: "{{ trigger.body.order.items }}" }] }],
    });
    await teamsExecutor.run(teams({ card }), ctx);
    expect(
      (target.received.at(-1)!.json as { attachments: Array<{ content: unknown }> }).attachments[0]!.content,
    ).toEqual({
      type: "AdaptiveCard",
      version: "1.5",
      body: [{ type: "FactSet", facts: [{ title: "Items", value: 3 }] }],
    });
  });

  it("a card Teams refuses fails permanently; 503 is retried", async () => {
    expect(await failure(teamsExecutor.run(teams({ card: '{"type":"NotACard"}' }), ctx))).toBeInstanceOf(
      PermanentError,
    );
    expect(await failure(teamsExecutor.run(withCred(teams({ text: "x" }), "teams-down"), ctx))).not.toBeInstanceOf(
      PermanentError,
    );
  });
});
