// Action: post a message to a Discord channel through a channel webhook (a "discord-webhook-url"
// credential). Browser-safe; the executor is lib/engine/executors/chat.ts.
import { z } from "zod";
import { defineKind } from "../kind";
import { chatCredential, chatTimeout } from "./slack";

export const DISCORD_CONTENT_MAX = 2000;

export const discordMessage = defineKind({
  type: "discord",
  label: "Discord message",
  group: "Actions",
  icon: "chat",
  description: "Posts a message to a Discord channel through a channel webhook.",
  config: z.object({
    credentialId: chatCredential,
    // Markdown, at most 2,000 characters once the {{ references }} are filled in.
    content: z.string().trim().min(1, "Write the message").max(10_000),
    // Shown instead of the webhook's name (optional).
    username: z.string().max(80).default(""),
    // Off: @everyone, @here and user/role mentions in the text do not ping anyone (payload data
    // could contain them).
    allowMentions: z.boolean().default(false),
    timeoutMs: chatTimeout,
  }),
  defaults: { credentialId: "", content: "", username: "", allowMentions: false, timeoutMs: 30_000 },
  summary: (c) =>
    c.content ? `“${c.content.length > 40 ? `${c.content.slice(0, 39)}…` : c.content}”` : "(no message yet)",
  sideEffect: true,
  // The settings form's labels (components/canvas/config-forms), for problem messages.
  fieldLabels: {
    credentialId: "Discord webhook",
    content: "Message",
    username: "Bot name",
    allowMentions: "Let @mentions in the message ping people",
    timeoutMs: "Timeout (ms)",
  },
});

export type DiscordConfig = z.output<typeof discordMessage.config>;
