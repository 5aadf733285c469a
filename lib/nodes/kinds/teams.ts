// Action: post a message to a Microsoft Teams channel through an incoming webhook or a Workflows
// ("When a Teams webhook request is received") URL — a "teams-webhook-url" credential. Sends an
// Adaptive Card: a title and text, or a card of your own as a JSON template.
// Browser-safe; the executor is lib/engine/executors/chat.ts.
import { z } from "zod";
import { defineKind } from "../kind";
import { chatCredential, chatTimeout, jsonTemplateProblem } from "./slack";

export const teamsMessage = defineKind({
  type: "teams",
  label: "Teams message",
  group: "Actions",
  icon: "chat",
  description: "Posts a card to a Microsoft Teams channel through an incoming webhook or Workflows URL.",
  config: z
    .object({
      credentialId: chatCredential,
      title: z.string().max(1_000).default(""),
      // Adaptive Card TextBlock markdown.
      text: z.string().max(28_000).default(""),
      // An Adaptive Card (https://adaptivecards.io) as a JSON object template; replaces title and text.
      card: z.string().max(100_000).default(""),
      timeoutMs: chatTimeout,
    })
    .superRefine((c, ctx) => {
      const card = jsonTemplateProblem(c.card, "object", "Card");
      if (card) ctx.addIssue({ code: "custom", path: ["card"], message: card });
      if (c.text.trim() === "" && c.title.trim() === "" && c.card.trim() === "")
        ctx.addIssue({ code: "custom", path: ["text"], message: "Write the message (or give a card)" });
    }),
  defaults: { credentialId: "", title: "", text: "", card: "", timeoutMs: 30_000 },
  summary: (c) => {
    const shown = c.title || c.text;
    return shown
      ? `“${shown.length > 40 ? `${shown.slice(0, 39)}…` : shown}”`
      : c.card
        ? "Adaptive Card"
        : "(no message yet)";
  },
  sideEffect: true,
  // The settings form's labels (components/canvas/config-forms), for problem messages.
  fieldLabels: {
    credentialId: "Teams webhook",
    title: "Title",
    text: "Message",
    card: "Card (JSON)",
    timeoutMs: "Timeout (ms)",
  },
});

export type TeamsConfig = z.output<typeof teamsMessage.config>;
