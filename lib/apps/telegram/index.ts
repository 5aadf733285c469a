// Telegram Bot API: send a message. Auth: the bot's token, which Telegram wants in the URL path
// (https://api.telegram.org/bot<token>/sendMessage; https://core.telegram.org/bots/api#sendmessage).
// Errors: { ok: false, error_code, description, parameters? } (https://core.telegram.org/bots/api#responseparameters).
import { z } from "zod";
import { requiredText, text } from "../fields";
import { defineApp, defineOperation } from "../types";

type Answer = { ok?: boolean; result?: { message_id?: number; date?: number; chat?: { id?: number | string } } };

const sendMessage = defineOperation({
  id: "sendMessage",
  label: "Send a message",
  description: "Sends a text message to a chat, group or channel.",
  fields: z.object({
    chatId: requiredText("Chat id", "A number, or @channelusername"),
    text: requiredText("Text").meta({ title: "Text", multiline: true }),
    parseMode: z.enum(["", "HTML", "MarkdownV2"]).default(""),
  }),
  defaults: { chatId: "", text: "", parseMode: "" },
  sideEffect: true,
  idempotency: {
    kind: "none",
    why: "The Bot API takes no idempotency key: a retry after a lost answer may send twice",
  },
  request: (f) => ({
    method: "POST",
    path: "/bot{token}/sendMessage",
    body: {
      json: { chat_id: text(f.chatId), text: text(f.text), ...(f.parseMode ? { parse_mode: f.parseMode } : {}) },
    },
  }),
  output: (body) => {
    const r = (body as Answer).result ?? {};
    return { messageId: r.message_id, chatId: r.chat?.id, date: r.date };
  },
});

export const telegram = defineApp({
  id: "telegram",
  name: "Telegram",
  logo: "/apps/telegram.svg",
  description: "Messages from your bot.",
  baseUrl: "https://api.telegram.org",
  auth: { kind: "apiKey", parts: [{ name: "token", label: "Bot token (from @BotFather)", in: "path" }] },
  operations: [sendMessage],
  errorMessage: (body) => (body as { description?: string } | null)?.description,
  // A flood limit is answered 429 with the wait in the body, no Retry-After header:
  // { ok: false, error_code: 429, parameters: { retry_after: <seconds> } }.
  retryAfterMs: (body) => {
    const seconds = (body as { parameters?: { retry_after?: unknown } } | null)?.parameters?.retry_after;
    return typeof seconds === "number" && Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
  },
});
