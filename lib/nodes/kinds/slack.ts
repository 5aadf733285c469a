// Action: post a message to Slack through an incoming-webhook URL (a "slack-webhook-url"
// credential). Text with {{ references }}, optionally Block Kit blocks as a JSON template.
// Browser-safe; the executor is lib/engine/executors/chat.ts.
import { z } from "zod";
import { defineKind } from "../kind";

/** Checks a JSON template: parses, and its top level is what `want` says. */
export function jsonTemplateProblem(text: string, want: "array" | "object", what: string): string | undefined {
  if (text.trim() === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return `${what} must be valid JSON (put {{ references }} inside strings)`;
  }
  const ok =
    want === "array" ? Array.isArray(value) : typeof value === "object" && value !== null && !Array.isArray(value);
  return ok ? undefined : `${what} must be a JSON ${want}`;
}

export const chatCredential = z.string().trim().min(1, "Choose the webhook to post to");
export const chatTimeout = z.number().int().min(100).max(120_000).default(30_000);

export const slackMessage = defineKind({
  type: "slack",
  label: "Slack message",
  group: "Actions",
  icon: "chat",
  description: "Posts a message to a Slack channel through an incoming webhook.",
  config: z
    .object({
      credentialId: chatCredential,
      // mrkdwn text; with blocks it is the notification's fallback text.
      text: z.string().max(40_000).default(""),
      // A JSON array of Block Kit blocks (https://api.slack.com/block-kit), templated.
      blocks: z.string().max(100_000).default(""),
      timeoutMs: chatTimeout,
    })
    .superRefine((c, ctx) => {
      const blocks = jsonTemplateProblem(c.blocks, "array", "Blocks");
      if (blocks) ctx.addIssue({ code: "custom", path: ["blocks"], message: blocks });
      if (c.text.trim() === "" && c.blocks.trim() === "")
        ctx.addIssue({ code: "custom", path: ["text"], message: "Write the message (or give blocks)" });
    }),
  defaults: { credentialId: "", text: "", blocks: "", timeoutMs: 30_000 },
  summary: (c) =>
    c.text
      ? `“${c.text.length > 40 ? `${c.text.slice(0, 39)}…` : c.text}”`
      : c.blocks
        ? "Block Kit message"
        : "(no message yet)",
  sideEffect: true,
  // The settings form's labels (components/canvas/config-forms), for problem messages.
  fieldLabels: { credentialId: "Slack webhook", text: "Message", blocks: "Blocks (JSON)", timeoutMs: "Timeout (ms)" },
});

export type SlackConfig = z.output<typeof slackMessage.config>;
