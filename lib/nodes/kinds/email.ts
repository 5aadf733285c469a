// Action: send an e-mail through the workspace's SMTP server (an "smtp" credential). Every text
// field is a template. Browser-safe; the executor is lib/engine/executors/email.ts.
import { z } from "zod";
import { defineKind } from "../kind";

export const emailMessage = defineKind({
  type: "email",
  label: "Send e-mail",
  group: "Actions",
  icon: "mail",
  description: "Sends an e-mail over SMTP: an order confirmation, an alert, a note to the team.",
  config: z
    .object({
      credentialId: z.string().trim().min(1, "Choose the SMTP server to send with"),
      // Empty: the credential's From address.
      from: z.string().max(320).default(""),
      // Comma-separated addresses ("Ada <ada@example.com>, ops@example.com"), templates allowed.
      to: z.string().trim().min(1, "Give at least one recipient").max(10_000),
      cc: z.string().max(10_000).default(""),
      bcc: z.string().max(10_000).default(""),
      replyTo: z.string().max(320).default(""),
      subject: z.string().trim().min(1, "Write a subject").max(998),
      text: z.string().max(1_000_000).default(""),
      html: z.string().max(1_000_000).default(""),
      timeoutMs: z.number().int().min(1_000).max(300_000).default(30_000),
    })
    .superRefine((c, ctx) => {
      if (c.text.trim() === "" && c.html.trim() === "")
        ctx.addIssue({ code: "custom", path: ["text"], message: "Write the message as text, HTML or both" });
    }),
  defaults: {
    credentialId: "",
    from: "",
    to: "",
    cc: "",
    bcc: "",
    replyTo: "",
    subject: "",
    text: "",
    html: "",
    timeoutMs: 30_000,
  },
  summary: (c) => (c.to ? `To ${c.to.length > 40 ? `${c.to.slice(0, 39)}…` : c.to}` : "(no recipient yet)"),
  sideEffect: true,
  // The settings form's labels (components/canvas/config-forms), for problem messages.
  fieldLabels: {
    credentialId: "SMTP server",
    to: "To",
    cc: "Cc",
    bcc: "Bcc",
    subject: "Subject",
    text: "Text body",
    html: "HTML body",
    from: "From",
    replyTo: "Reply-To",
    timeoutMs: "Timeout (ms)",
  },
});

export type EmailConfig = z.output<typeof emailMessage.config>;
