// Slack, Discord and Microsoft Teams messages through incoming-webhook URLs. Each kind builds the
// payload its service expects from the templated config; sending is shared: the URL comes from
// the credential at send time (it is the secret: never in the recorded input, the output or an
// error message), the request goes through the SSRF guard, and answers are classified like the
// HTTP node's (4xx permanent except 408/425/429; 429/5xx/network retried, Retry-After honoured).
import "server-only";
import { resolveDeep, resolveString } from "@/lib/flows/template";
import type { CredentialType } from "@/lib/credentials/types";
import { DISCORD_CONTENT_MAX, type DiscordConfig } from "@/lib/nodes/kinds/discord";
import type { SlackConfig } from "@/lib/nodes/kinds/slack";
import type { TeamsConfig } from "@/lib/nodes/kinds/teams";
import { guardedRequest } from "@/lib/net/guarded-request";
import { PermanentError } from "../step-error";
import { networkFailure, statusFailure } from "./http-classify";
import { engineSignal, stepCredential } from "./http-credential";
import type { ExecContext, NodeExecutor } from "./types";

/** The recorded input: the payload as it will be sent and the credential's id (not its URL). */
export type ChatInput = { credentialId: string; payload: Record<string, unknown>; timeoutMs: number };
export type ChatOutput = { status: number; body: string };

type Service = { name: string; credentialType: CredentialType };

/** Templates → text, collecting missing references. */
function resolver(scope: unknown) {
  const missing: string[] = [];
  const text = (t: string) => {
    const r = resolveString(t, scope);
    missing.push(...r.missing);
    return r.value === undefined || r.value === null
      ? ""
      : typeof r.value === "string"
        ? r.value
        : JSON.stringify(r.value);
  };
  const json = (t: string) => resolveDeep(JSON.parse(t), scope, missing).value;
  return { text, json, missing };
}

export async function postToChat(service: Service, input: ChatInput, ctx: ExecContext): Promise<ChatOutput> {
  const hookUrl = await stepCredential(ctx, input.credentialId, service.credentialType);
  let url: URL;
  try {
    url = new URL(hookUrl as string);
  } catch {
    throw new PermanentError(`The ${service.name} webhook URL of credential ${input.credentialId} is not a URL`);
  }
  // Never the path or query: they are the secret.
  const what = `${service.name} webhook (${url.host})`;
  let res;
  try {
    res = await guardedRequest({
      method: "POST",
      url: url.href,
      headers: {
        "content-type": "application/json",
        "user-agent": "Hookline/0.1",
        "idempotency-key": ctx.idempotencyKey,
      },
      body: JSON.stringify(input.payload),
      timeoutMs: input.timeoutMs,
      maxResponseBytes: 64 * 1024,
      signal: engineSignal(ctx),
    });
  } catch (e) {
    throw networkFailure(e, `Posting to the ${what}`);
  }
  const body = res.body.toString("utf8").slice(0, 2000);
  if (res.status < 200 || res.status > 299)
    throw statusFailure(res.status, res.headers, `The ${what} answered ${res.status}: ${body.slice(0, 300)}`);
  return { status: res.status, body };
}

export const slackExecutor: NodeExecutor<SlackConfig, ChatInput> = {
  resolve(config, scope) {
    const r = resolver(scope);
    const payload: Record<string, unknown> = {};
    if (config.text.trim() !== "") payload.text = r.text(config.text);
    if (config.blocks.trim() !== "") payload.blocks = r.json(config.blocks);
    return { input: { credentialId: config.credentialId, payload, timeoutMs: config.timeoutMs }, missing: r.missing };
  },
  run: (input, ctx) => postToChat({ name: "Slack", credentialType: "slack-webhook-url" }, input, ctx),
};

export const discordExecutor: NodeExecutor<DiscordConfig, ChatInput> = {
  resolve(config, scope) {
    const r = resolver(scope);
    const payload: Record<string, unknown> = {
      content: r.text(config.content),
      // Discord's own switch: which mentions in the content may ping. [] = none.
      allowed_mentions: config.allowMentions ? { parse: ["users", "roles", "everyone"] } : { parse: [] },
    };
    if (config.username.trim() !== "") payload.username = r.text(config.username);
    return { input: { credentialId: config.credentialId, payload, timeoutMs: config.timeoutMs }, missing: r.missing };
  },
  async run(input, ctx) {
    const content = String(input.payload.content ?? "");
    if (content.length > DISCORD_CONTENT_MAX)
      throw new PermanentError(
        `The message is ${content.length} characters; Discord takes at most ${DISCORD_CONTENT_MAX}`,
      );
    if (content.trim() === "") throw new PermanentError("The message is empty once its references are filled in");
    return postToChat({ name: "Discord", credentialType: "discord-webhook-url" }, input, ctx);
  },
};

export const teamsExecutor: NodeExecutor<TeamsConfig, ChatInput> = {
  resolve(config, scope) {
    const r = resolver(scope);
    const card =
      config.card.trim() !== ""
        ? r.json(config.card)
        : {
            $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
            type: "AdaptiveCard",
            version: "1.4",
            body: [
              ...(config.title.trim()
                ? [{ type: "TextBlock", text: r.text(config.title), weight: "Bolder", size: "Medium", wrap: true }]
                : []),
              ...(config.text.trim() ? [{ type: "TextBlock", text: r.text(config.text), wrap: true }] : []),
            ],
          };
    // The message-with-attachments envelope both classic incoming webhooks and Workflows accept.
    const payload = {
      type: "message",
      attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", contentUrl: null, content: card }],
    };
    return { input: { credentialId: config.credentialId, payload, timeoutMs: config.timeoutMs }, missing: r.missing };
  },
  run: (input, ctx) => postToChat({ name: "Teams", credentialType: "teams-webhook-url" }, input, ctx),
};
