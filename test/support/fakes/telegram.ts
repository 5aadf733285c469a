// Fake Telegram Bot API: POST /bot<token>/sendMessage; the token in the path; errors as
// { ok: false, error_code, description }, a flood limit as 429 with parameters.retry_after and no
// Retry-After header (https://core.telegram.org/bots/api#responseparameters).
import { expectOr, startFakeVendor, type FakeAnswer } from "./harness";

export const TELEGRAM_TOKEN = "123456789:AAFakeTelegramBotToken_abcdefghij";

/** Telegram's flood limit: the wait only in the body (script it with `failNext`). */
export const floodLimit = (seconds: number): FakeAnswer => ({
  status: 429,
  body: {
    ok: false,
    error_code: 429,
    description: `Too Many Requests: retry after ${seconds}`,
    parameters: { retry_after: seconds },
  },
});

export const startFakeTelegram = () =>
  startFakeVendor({
    authorized: (r) => r.path.startsWith(`/bot${TELEGRAM_TOKEN}/`),
    unauthorized: { status: 401, body: { ok: false, error_code: 401, description: "Unauthorized" } },
    routes: [
      {
        method: "POST",
        path: /^\/bot[^/]+\/sendMessage$/,
        handle: (r) => {
          const b = r.json as { chat_id?: string; text?: string };
          expectOr(b.chat_id === "-1001234567890", {
            status: 400,
            body: { ok: false, error_code: 400, description: "Bad Request: chat not found" },
          });
          return {
            body: {
              ok: true,
              result: {
                message_id: 42,
                date: 1765000000,
                chat: { id: -1001234567890, type: "supergroup" },
                text: b.text,
              },
            },
          };
        },
      },
    ],
  });
