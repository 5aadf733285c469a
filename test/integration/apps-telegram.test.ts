// Telegram against a local fake of the Bot API: the token goes in the URL path (only at send time:
// never in the recorded input or an error), Telegram's error description reaches the step.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PermanentError, RetryLaterError } from "@/lib/engine/step-error";
import { failure, runAppNode, workspaceWithAccount } from "../support/fakes/app-test";
import { startFakeTelegram, TELEGRAM_TOKEN } from "../support/fakes/telegram";

let fake: Awaited<ReturnType<typeof startFakeTelegram>>;
let ws: { workspaceId: string; credentialId: string };

beforeAll(async () => {
  fake = await startFakeTelegram();
  process.env.HOOKLINE_APP_TELEGRAM_BASE_URL = fake.url;
  ws = await workspaceWithAccount("telegram", { token: TELEGRAM_TOKEN });
});
afterAll(async () => {
  delete process.env.HOOKLINE_APP_TELEGRAM_BASE_URL;
  await fake?.close();
});

const send = (c: Record<string, unknown> = {}) =>
  runAppNode(
    "app:telegram.sendMessage",
    { credentialId: ws.credentialId, chatId: "-1001234567890", text: "New order #1001", ...c },
    ws,
  );

describe("Telegram: send a message", () => {
  it("POST /bot<token>/sendMessage with chat_id and text; the token only in the path", async () => {
    const { input, output } = await send({ parseMode: "HTML" });
    const req = fake.requests.at(-1)!;
    expect(`${req.method} ${req.path}`).toBe(`POST /bot${TELEGRAM_TOKEN}/sendMessage`);
    expect(req.json).toEqual({ chat_id: "-1001234567890", text: "New order #1001", parse_mode: "HTML" });
    expect(output).toEqual({ messageId: 42, chatId: -1001234567890, date: 1765000000 });
    expect(JSON.stringify(input)).not.toContain(TELEGRAM_TOKEN);
  });

  it("Telegram's description in a permanent error, without the token; 429 retried later", async () => {
    const err = await failure(send({ chatId: "999" }));
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.message).toContain("Bad Request: chat not found");
    expect(`${err.message}${err.stack}`).not.toContain(TELEGRAM_TOKEN);
    fake.failNext(/sendMessage$/, {
      status: 429,
      headers: { "retry-after": "5" },
      body: {
        ok: false,
        error_code: 429,
        description: "Too Many Requests: retry after 5",
        parameters: { retry_after: 5 },
      },
    });
    const limited = await failure(send());
    expect(limited).toBeInstanceOf(RetryLaterError);
    expect((limited as RetryLaterError).retryAfterMs).toBe(5000);
    expect((await send()).output).toMatchObject({ messageId: 42 });
  });

  it("a field cannot spell the token's placeholder into the path", async () => {
    const err = await failure(send({ chatId: "999", text: "{token}" }));
    expect(err.message).not.toContain(TELEGRAM_TOKEN);
    expect(fake.requests.at(-1)!.json).toMatchObject({ text: "{token}" });
  });
});
